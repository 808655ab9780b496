import type { Locator, Page } from "@playwright/test";
import { parseUnits } from "viem";
import { formatToken } from "../lib/format";
import { attachScreenshot, expect, test } from "./fixtures";

/**
 * Each bad amount is refused next to the field, by a sentence, and the button says the same thing;
 * neither a click, Enter in the field nor a scripted form submit gets anything to the wallet or the chain.
 */
async function expectRefused(page: Page, field: Locator, submit: Locator, input: string, message: string | RegExp): Promise<void> {
  await field.fill(input);
  const id = await field.getAttribute("id");
  const error = page.getByTestId(`${id}-error`);
  await expect(error).toHaveText(message);
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(submit).toBeDisabled();
  await expect(submit).toHaveText(message);
  await expect(submit).toHaveAttribute("data-disabled-reason", message);
  // The ways a user (or a stray script) could still try to send it.
  await submit.click({ force: true });
  await field.press("Enter");
  await field.evaluate((element) => (element as HTMLInputElement).form?.requestSubmit());
  await expect(error).toHaveText(message);
}

test("bad input: negative, NaN, too many decimals, over balance, zero → the field says why, nothing is sent", async ({ page, wallet, chain }, testInfo) => {
  const symbol = "TSLA.M";
  const margin = parseUnits("100", 18);
  await chain.depositMargin(wallet.address, symbol, margin);
  const balance = await chain.balanceOf(symbol, wallet.address);
  expect(balance).toBe(parseUnits("900", 18));

  await page.goto("/trade");
  await wallet.connect();
  await expect(page.getByTestId("account-collateral")).toHaveText(`100 ${symbol}`);
  // Anvil mines one block per transaction: neither the height nor the account's nonce may move from here on (the
  // keeper's price submissions would mine blocks: paused for this journey; nothing here needs fresh prices).
  if (chain.streams) await chain.keeperDuties({ prices: false, settle: false, liquidate: false });
  const blockBefore = await chain.blockNumber();
  const nonceBefore = await chain.nonce(wallet.address);

  // Margin deposit (TSLA.M, 18 decimals, balance 900).
  const depositField = page.getByTestId("margin-deposit-amount");
  const depositSubmit = page.getByTestId("margin-deposit-submit");
  await expectRefused(page, depositField, depositSubmit, "-5", "Amount cannot be negative");
  await expectRefused(page, depositField, depositSubmit, "NaN", "Enter a number, like 1.5");
  await expectRefused(page, depositField, depositSubmit, "1e3", "Enter a number, like 1.5");
  await expectRefused(page, depositField, depositSubmit, "1,5", "Enter a number, like 1.5");
  await expectRefused(page, depositField, depositSubmit, "0.1234567890123456789", `${symbol} allows at most 18 decimal places`);
  await expectRefused(page, depositField, depositSubmit, "900.000000000000000001", `Exceeds your balance of ${formatToken(balance, 18, 6)} ${symbol}`);
  await expectRefused(page, depositField, depositSubmit, "0", "Amount must be greater than zero");
  await expectRefused(page, depositField, depositSubmit, "0.000", "Amount must be greater than zero");
  // A good amount clears the message and enables the button (so the refusals above were about the input).
  await depositField.fill("900");
  await expect(page.getByTestId("margin-deposit-amount-error")).toHaveCount(0);
  await expect(depositSubmit).toBeEnabled();
  await expect(depositSubmit).toHaveText(`Sign permit & deposit 900 ${symbol}`);
  await depositField.fill("");
  await expect(depositSubmit).toHaveText("Enter an amount");

  // Margin withdrawal: capped at what was deposited.
  await page.getByTestId("margin-mode").getByRole("radio", { name: "Withdraw" }).click();
  const withdrawField = page.getByTestId("margin-withdraw-amount");
  const withdrawSubmit = page.getByTestId("margin-withdraw-submit");
  await expectRefused(page, withdrawField, withdrawSubmit, "100.5", `Exceeds the margin deposited of 100 ${symbol}`);
  await expectRefused(page, withdrawField, withdrawSubmit, "-100", "Amount cannot be negative");

  // Order ticket size (BTC, capped by what the margin allows).
  await page.getByTestId("chain-call-95000").click();
  const sizeField = page.getByTestId("ticket-size");
  const buy = page.getByTestId("ticket-submit");
  await expectRefused(page, sizeField, buy, "-0.1", "Amount cannot be negative");
  await expectRefused(page, sizeField, buy, "abc", "Enter a number, like 1.5");
  await expectRefused(page, sizeField, buy, "0.0000000000000000001", "BTC allows at most 18 decimal places");
  await expectRefused(page, sizeField, buy, "0", "Amount must be greater than zero");
  await expectRefused(page, sizeField, buy, "1000", /^Exceeds the (largest size your margin allows|open-interest cap room) of [\d,.]+ BTC$/);
  await sizeField.fill("0.1");
  await expect(buy).toHaveText("Buy 0.1 BTC call");
  if (chain.streams) {
    // A bad slippage is refused beside its own field, and the ticket says so (the acceptable price comes from it).
    const slippage = page.getByTestId("slippage-input");
    await slippage.fill("abc");
    await expect(page.getByTestId("slippage-error")).toBeVisible();
    await expect(buy).toHaveText("Fix the slippage setting");
    await slippage.fill("1");
    await expect(buy).toHaveText("Buy 0.1 BTC call");
  }
  await sizeField.fill("");
  await attachScreenshot(page, testInfo, "trade page, refused inputs");

  // Vault deposit (NVDA.M, balance 1,000).
  const nvda = await chain.balanceOf("NVDA.M", wallet.address);
  // Through the app's own navigation: the same document, so the wallet's request log covers both pages.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pool" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pool" })).toBeVisible();
  const vaultField = page.getByTestId("vault-deposit-NVDA.M-main");
  const vaultSubmit = page.getByTestId("vault-deposit-submit-NVDA.M-main");
  await expectRefused(page, vaultField, vaultSubmit, "-1", "Amount cannot be negative");
  await expectRefused(page, vaultField, vaultSubmit, "..", "Enter a number, like 1.5");
  await expectRefused(page, vaultField, vaultSubmit, "1.0000000000000000001", "NVDA.M allows at most 18 decimal places");
  await expectRefused(page, vaultField, vaultSubmit, "1000000", `Exceeds your balance of ${formatToken(nvda, 18, 6)} NVDA.M`);
  await expectRefused(page, vaultField, vaultSubmit, "0", "Amount must be greater than zero");

  // Nothing reached the wallet, nothing reached the chain.
  expect(await wallet.signingRequests()).toEqual([]);
  expect(await chain.blockNumber()).toBe(blockBefore);
  expect(await chain.nonce(wallet.address)).toBe(nonceBefore);
  expect((await chain.marginAccount(wallet.address, symbol)).collateral).toBe(margin);
  expect(await chain.balanceOf(symbol, wallet.address)).toBe(balance);
  expect(await chain.balanceOf("NVDA.M", wallet.address)).toBe(nvda);

  await attachScreenshot(page, testInfo, "pool page, refused inputs");
});
