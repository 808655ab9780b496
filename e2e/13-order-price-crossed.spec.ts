import { decodeErrorResult, parseUnits } from "viem";
import { formatUsdWad } from "../lib/format";
import { livestockEngineAbi } from "../lib/generated";
import { attachScreenshot, expect, test } from "./fixtures";

/**
 * Two-step orders: the acceptable price is fixed when the order is committed (quote + slippage), the fill price by
 * the first signed price after it. Here BTC jumps between the two: the DON signs BTC at $98,000 while the chain
 * still prices at the deploy's $95,000 (the keeper's price submissions are paused, so the ticket quotes the old
 * price). The keeper settles the order at the new report, the engine refuses it (SlippageExceeded), and the
 * router cancels it with that reason: the app shows it in words; no position, the margin untouched.
 */
test("an order whose acceptable price is crossed by the time it settles is cancelled, with the reason shown", async ({ page, wallet, chain }, testInfo) => {
  // The local deployment has an OrderRouter (contracts/deploy/local.json streams.enabled): two-step orders.
  expect(chain.streams, "two-step orders need a streams deployment (OrderRouter)").toBe(true);
  const symbol = "TSLA.M";
  const margin = parseUnits("200", 18);
  await chain.depositMargin(wallet.address, symbol, margin);
  const marketId = await chain.marketId(symbol, "BTC", "call", 95_000);
  await chain.keeperDuties({ prices: false });

  await page.goto("/trade");
  await wallet.connect();
  await page.getByTestId("chain-call-95000").click();
  await page.getByTestId("ticket-size").fill("0.5");
  await page.getByTestId("slippage-input").fill("0.5");
  const buy = page.getByTestId("ticket-submit");
  await expect(buy).toHaveText("Buy 0.5 BTC call");
  const acceptable = await page.getByTestId("ticket-max-price").textContent();

  // The market moves: the DON's next BTC reports say $98,000 (+3.2%); the chain has not seen them yet.
  const res = await fetch(`${chain.donUrl}/local/observations`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ values: { "BTC/USD": { value: parseUnits("98000", 18).toString() } } }),
  });
  expect(res.ok).toBe(true);
  const walletBefore = await chain.balanceOf(symbol, wallet.address);

  await buy.click();
  const row = page.locator('[data-testid^="order-row-"]').first();
  await expect(row).toBeVisible();
  const orderId = (await row.getAttribute("data-testid"))!.replace("order-row-", "");
  await expect(page.getByTestId(`order-status-${orderId}`)).toHaveText("Cancelled", { timeout: 15_000 });

  // On chain: cancelled by the settlement with the engine's SlippageExceeded(price, limit).
  const outcome = await chain.waitForOrder(BigInt(orderId));
  if (outcome.status !== "cancelled") throw new Error(`order #${orderId} was ${outcome.status}`);
  const error = decodeErrorResult({ abi: livestockEngineAbi, data: outcome.reason });
  if (error.errorName !== "SlippageExceeded") throw new Error(`cancelled with ${error.errorName}`);
  const [price, limit] = error.args;
  expect(price).toBeGreaterThan(limit);
  expect(formatUsdWad(limit)).toBe(acceptable);
  await expect(page.getByTestId(`order-reason-${orderId}`)).toHaveText(
    `The price at settlement, ${formatUsdWad(price)}, was above your highest acceptable price of ${formatUsdWad(limit)}`,
  );
  expect(await chain.positionIds(wallet.address, symbol)).not.toContain(marketId);
  expect(await chain.positionIds(wallet.address, symbol)).toEqual([]);
  expect((await chain.marginAccount(wallet.address, symbol)).collateral).toBe(margin);
  expect(await chain.pendingOrderId(wallet.address, symbol)).toBe(0n);
  // The execution fee went to the keeper who settled: the settlement was work done.
  const fee = walletBefore - (await chain.balanceOf(symbol, wallet.address));
  expect(fee).toBeGreaterThan(0n);
  await expect(page.getByTestId("positions-empty")).toHaveText(`No open positions in ${symbol}.`);
  // The ticket takes a new order again.
  await page.getByTestId("ticket-size").fill("0.5");
  await expect(buy).toHaveText("Buy 0.5 BTC call");
  await attachScreenshot(page, testInfo, "order cancelled: price crossed");
});
