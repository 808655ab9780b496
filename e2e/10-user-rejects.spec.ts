import { parseUnits } from "viem";
import { formatToken } from "../lib/format";
import { stockTokenAbi } from "../lib/generated";
import { attachScreenshot, expect, test } from "./fixtures";

test("the user rejects in the wallet: a calm 'cancelled', nothing changes on chain, and the same action works next time", async ({ page, wallet, chain }, testInfo) => {
  const symbol = "TSLA.M";
  const token = chain.stock(symbol).token;
  const permitNonce = () => chain.client.readContract({ address: token, abi: stockTokenAbi, functionName: "nonces", args: [wallet.address] });
  const balance = await chain.balanceOf(symbol, wallet.address);

  await page.goto("/trade");
  await wallet.connect();
  const field = page.getByTestId("margin-deposit-amount");
  const submit = page.getByTestId("margin-deposit-submit");
  const toasts = page.getByTestId("tx-toast");
  await field.fill("100");
  await expect(submit).toHaveText(`Sign permit & deposit 100 ${symbol}`);
  // The keeper's background price updates would mine blocks: "nothing changes on chain" is about this wallet.
  if (chain.streams) await chain.keeperDuties({ prices: false, settle: false, liquidate: false });
  const blockBefore = await chain.blockNumber();
  const nonceBefore = await chain.nonce(wallet.address);

  /** A cancellation reads as the user's own choice: no red, no error text, no alert; the form is as it was. */
  async function expectCalmCancellation(): Promise<void> {
    const cancelled = page.locator('[data-testid="tx-toast"][data-phase="cancelled"]');
    await expect(cancelled).toHaveText(/^Request cancelled in wallet/);
    await expect(cancelled).toHaveAttribute("role", "status");
    await expect(page.locator('[data-testid="tx-toast"][data-phase="failed"]')).toHaveCount(0);
    await expect(toasts.getByRole("alert")).toHaveCount(0);
    await expect(page.getByTestId("account-panel").getByRole("alert")).toHaveCount(0);
    await expect(field).toHaveValue("100");
    await expect(submit).toBeEnabled();
    await expect(submit).toHaveText(`Sign permit & deposit 100 ${symbol}`);
    // The cancelled toast fades on its own.
    await expect(cancelled).toHaveCount(0);
  }

  async function expectNothingChanged(): Promise<void> {
    expect(await chain.blockNumber()).toBe(blockBefore);
    expect(await chain.nonce(wallet.address)).toBe(nonceBefore);
    expect(await permitNonce()).toBe(0n);
    expect((await chain.marginAccount(wallet.address, symbol)).collateral).toBe(0n);
    expect(await chain.balanceOf(symbol, wallet.address)).toBe(balance);
    await expect(page.getByTestId("account-collateral")).toHaveText(`0 ${symbol}`);
  }

  // 1. Reject the permit signature.
  await wallet.rejectNext(1, ["eth_signTypedData_v4"]);
  await submit.click();
  await expectCalmCancellation();
  expect((await wallet.signingRequests()).map((r) => `${r.method}:${r.outcome}`)).toEqual(["eth_signTypedData_v4:rejected"]);
  await expectNothingChanged();

  // 2. Sign the permit, then reject the transaction that would use it.
  await wallet.rejectNext(1, ["eth_sendTransaction"]);
  await submit.click();
  await expectCalmCancellation();
  expect((await wallet.signingRequests()).map((r) => `${r.method}:${r.outcome}`)).toEqual([
    "eth_signTypedData_v4:rejected",
    "eth_signTypedData_v4:ok",
    "eth_sendTransaction:rejected",
  ]);
  await expectNothingChanged();

  // 3. The same button, untouched, now goes through: nothing was left half done.
  await submit.click();
  await expect(page.locator('[data-testid="tx-toast"][data-phase="confirmed"]')).toBeVisible();
  const amount = parseUnits("100", 18);
  expect((await chain.marginAccount(wallet.address, symbol)).collateral).toBe(amount);
  expect(await permitNonce()).toBe(1n);
  await expect(page.getByTestId("account-collateral")).toHaveText(`100 ${symbol}`);
  await expect(page.getByText(`Balance: ${formatToken(balance - amount, 18)} ${symbol}`)).toBeVisible();

  // 4. Reject a trade: no position, the margin untouched, the ticket keeps the order.
  await page.getByTestId("chain-call-95000").click();
  await page.getByTestId("ticket-size").fill("0.1");
  const buy = page.getByTestId("ticket-submit");
  await expect(buy).toHaveText("Buy 0.1 BTC call");
  const blockBeforeBuy = await chain.blockNumber();
  await wallet.rejectNext(1);
  await buy.click();
  await expect(page.locator('[data-testid="tx-toast"][data-phase="cancelled"]')).toHaveText(/^Request cancelled in wallet/);
  await expect(page.locator('[data-testid="tx-toast"][data-phase="failed"]')).toHaveCount(0);
  await expect(page.getByTestId("ticket-size")).toHaveValue("0.1");
  await expect(buy).toHaveText("Buy 0.1 BTC call");
  await expect(page.getByTestId("positions-empty")).toHaveText(`No open positions in ${symbol}.`);
  expect(await chain.blockNumber()).toBe(blockBeforeBuy);
  expect(await chain.positionIds(wallet.address, symbol)).toEqual([]);
  expect((await chain.marginAccount(wallet.address, symbol)).collateral).toBe(amount);
  expect((await wallet.state()).pendingRejections).toBe(0);

  await attachScreenshot(page, testInfo, "after the rejected trade");
});
