import { parseUnits } from "viem";
import { formatUsdWad } from "../lib/format";
import { mainVaultAbi } from "../lib/generated";
import { attachScreenshot, expect, test } from "./fixtures";
import { MARKET_STATUS } from "./fixtures/chain";

test("stock market closed: the margin haircut shows and vault entry is disabled with the reason", async ({ page, wallet, chain }, testInfo) => {
  const symbol = "TSLA.M";
  const amount = parseUnits("100", 18);
  await chain.depositMargin(wallet.address, symbol, amount);
  const openEquity = (await chain.accountView(wallet.address, symbol)).health.equityInitial;
  await chain.setMarketStatus(symbol, MARKET_STATUS.closed);

  // On chain: the weight drops 10 points (35% → 25%) and the vault stops taking deposits (reason 1: market closed).
  const state = await chain.stockState(symbol);
  expect(state.marketOpen).toBe(false);
  const closedEquity = (await chain.accountView(wallet.address, symbol)).health.equityInitial;
  const value = (amount * state.collateralPrice) / 10n ** 18n;
  expect(openEquity).toBe((value * 3500n) / 10_000n);
  expect(closedEquity).toBe((value * 2500n) / 10_000n);
  const vault = chain.stock(symbol).mainVault;
  expect(await chain.client.readContract({ address: vault, abi: mainVaultAbi, functionName: "entryPauseReason" })).toBe(1);
  expect(await chain.client.readContract({ address: vault, abi: mainVaultAbi, functionName: "maxDeposit", args: [wallet.address] })).toBe(0n);

  await page.goto("/trade");
  await wallet.connect();
  await expect(page.getByTestId("trade-market-status")).toHaveAttribute("data-state", "closed");
  await expect(page.getByTestId("ticket-warning")).toContainText(
    `${symbol}'s stock market is closed: its price is frozen at the last close, margin weights drop 10 points and new open interest is capped at 25%.`,
  );
  await expect(page.getByTestId("account-equity")).toHaveText(formatUsdWad(closedEquity));
  await attachScreenshot(page, testInfo, "trade page, market closed");

  await page.goto("/pool");
  const id = `${symbol}-main`;
  await page.getByTestId(`vault-deposit-${id}`).fill("10");
  const deposit = page.getByTestId(`vault-deposit-submit-${id}`);
  await expect(deposit).toBeDisabled();
  await expect(deposit).toHaveAttribute("data-disabled-reason", "Deposits paused: stock market closed");
  await expect(deposit).toHaveText("Deposits paused: stock market closed");
  // Other tokens' vaults stay open.
  await page.getByTestId("vault-deposit-NVDA.M-main").fill("10");
  await expect(page.getByTestId("vault-deposit-submit-NVDA.M-main")).toBeEnabled();
  expect(await wallet.signingRequests()).toEqual([]);

  await page.goto("/peg");
  await expect(page.getByTestId(`peg-market-${symbol}`)).toHaveAttribute("data-state", "closed");
  await attachScreenshot(page, testInfo, "peg page, market closed");
});
