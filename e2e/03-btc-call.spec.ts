import { parseEventLogs, parseUnits } from "viem";
import { formatSignedUsdWad, formatToken, formatUsdWad } from "../lib/format";
import { livestockEngineAbi } from "../lib/generated";
import { attachScreenshot, expect, test } from "./fixtures";
import { divWad, divWadUp } from "../lib/fixedPoint";

/**
 * With an OrderRouter (streams deployment) the Buy and Close buttons commit orders that the keeper fills a couple of
 * seconds later at signed prices: the order row goes pending → filled with its fill price. Without one the engine
 * is called directly. The chain-side checks are the same either way.
 */
test("buy a BTC call, let funding accrue, close: margin changes by PnL − fees − funding", async ({ page, wallet, chain }, testInfo) => {
  const symbol = "TSLA.M";
  await chain.depositMargin(wallet.address, symbol, parseUnits("200", 18));
  const marketId = await chain.marketId(symbol, "BTC", "call", 95_000);
  const id = marketId.toString();

  await page.goto("/trade");
  await wallet.connect();
  await page.getByTestId("chain-call-95000").click();
  await expect(page.getByTestId("ticket-market")).toContainText("BTC 95,000 call");
  await page.getByTestId("ticket-size").fill("0.5");
  const buy = page.getByTestId("ticket-submit");
  await expect(buy).toHaveText("Buy 0.5 BTC call");
  if (chain.streams) await expect(page.getByTestId("ticket-execution-fee")).toHaveText(/^[\d.]+ TSLA\.M$/);
  await buy.click();
  await expect(page.getByTestId("tx-toast").filter({ hasText: "Confirmed" }).first()).toBeVisible();
  if (chain.streams) {
    // The order: pending with its acceptable price, then filled at the price of the settlement's reports.
    const orderId = await expectOrderFilled();
    const opened = parseEventLogs({ abi: livestockEngineAbi, logs: await chain.client.getLogs({ address: chain.engine, fromBlock: 0n }) }).find(
      (e) => e.eventName === "PositionTraded" && e.args.trader === wallet.address && e.args.marketId === marketId && e.args.size > 0n,
    );
    if (opened?.eventName !== "PositionTraded") throw new Error("no PositionTraded buy");
    await expect(page.getByTestId(`order-fill-${orderId}`)).toHaveText(formatUsdWad(opened.args.price));
  }

  // The position row shows what the engine recorded.
  const row = page.getByTestId(`position-row-${id}`);
  await expect(row).toBeVisible();
  const opened = (await chain.accountView(wallet.address, symbol)).positions.find((p) => p.marketId === marketId);
  expect(opened?.size).toBe(parseUnits("0.5", 18));
  await expect(page.getByTestId(`position-size-${id}`)).toHaveText("0.5");
  await expect(page.getByTestId(`position-entry-${id}`)).toHaveText(formatUsdWad(opened!.entryPrice));
  // Bought above theo (skew and spread), so the position starts slightly under water.
  expect(opened!.pnlUsd).toBeLessThan(0n);
  await expect
    .poll(async () => (await page.getByTestId(`position-pnl-${id}`).textContent()) === formatSignedUsdWad(await positionPnl()).text)
    .toBe(true);

  // An hour later the position owes funding: the row shows it growing, as the lens computes it.
  const owedBefore = (await position()).unpaidFundingUsd;
  await chain.advanceTime(3_600);
  const owedAfter = (await position()).unpaidFundingUsd;
  expect(owedAfter).toBeGreaterThan(owedBefore);
  // Owed keeps growing with every block, so the row is compared with the lens at the moment it is read.
  await expect
    .poll(async () => (await page.getByTestId(`position-funding-${id}`).textContent()) === formatUsdWad((await position()).unpaidFundingUsd), { timeout: 15_000 })
    .toBe(true);
  // Owed keeps growing with every block (the keeper's price updates and upkeep mine some every few seconds), and
  // "paid" comes from the indexer, which after the test's snapshot revert may still be catching up: compare with
  // what the lens says at the moment the page is read.
  await expect
    .poll(async () => (await page.getByTestId("account-funding").textContent()) === `${formatUsdWad((await position()).unpaidFundingUsd)} / $0.00`, { timeout: 45_000 })
    .toBe(true);

  // Close. The margin moves by exactly what the engine's events say: realised PnL, the close fee and
  // the funding settled on this touch, each converted to TSLA.M at the settlement price.
  const before = (await chain.marginAccount(wallet.address, symbol)).collateral;
  const fromBlock = (await chain.blockNumber()) + 1n;
  await page.getByTestId(`position-close-${id}`).click();
  if (chain.streams) await expectOrderFilled();
  await expect(page.getByTestId("positions-empty")).toHaveText(`No open positions in ${symbol}.`);
  expect(await chain.positionIds(wallet.address, symbol)).toEqual([]);

  const logs = await chain.client.getLogs({ address: chain.engine, fromBlock, toBlock: "latest" });
  const events = parseEventLogs({ abi: livestockEngineAbi, logs });
  const closed = events.find((e) => e.eventName === "PositionTraded");
  const funding = events.find((e) => e.eventName === "FundingSettled");
  if (closed?.eventName !== "PositionTraded" || funding?.eventName !== "FundingSettled") throw new Error("close events missing");
  expect(closed.args.trader).toBe(wallet.address);
  // Closing a long is a sale of its whole size.
  expect(closed.args.size).toBe(-parseUnits("0.5", 18));
  expect(closed.args.newSize).toBe(0n);
  // Funding only grows: the close settles at least what the lens said was owed a moment before (the lens
  // rounds the index as the engine's settlement does, so in the same second the two are equal to the wei).
  expect(funding.args.fundingUsd).toBeGreaterThanOrEqual(owedAfter);

  const price = (await chain.stockState(symbol)).settlementPrice;
  const pnl = closed.args.pnlUsd;
  const pnlX = pnl >= 0n ? divWad(pnl, price) : -divWadUp(-pnl, price);
  const feeX = divWadUp(closed.args.feeUsd, price);
  const after = (await chain.marginAccount(wallet.address, symbol)).collateral;
  expect(after - before).toBe(pnlX - feeX - funding.args.amountX);

  await expect(page.getByTestId("account-collateral")).toHaveText(`${formatToken(after, 18)} ${symbol}`);
  // "Paid" is history: the indexer's row of the close's FundingSettled, read on the history refresh (10 s) once
  // Ponder has indexed the block (after this test's snapshot revert it may be re-indexing from the start).
  await expect(page.getByTestId("account-funding")).toHaveText(`$0.00 / ${formatUsdWad(funding.args.fundingUsd)}`, { timeout: 45_000 });
  await attachScreenshot(page, testInfo, "position closed");

  /** The newest order row goes pending → filled (the keeper settles within a few seconds); returns its id. */
  async function expectOrderFilled(): Promise<string> {
    const row = page.locator('[data-testid^="order-row-"]').first();
    await expect(row).toBeVisible();
    const orderId = (await row.getAttribute("data-testid"))!.replace("order-row-", "");
    await expect(page.getByTestId(`order-status-${orderId}`)).toHaveText("Filled", { timeout: 15_000 });
    return orderId;
  }

  async function position() {
    const found = (await chain.accountView(wallet.address, symbol)).positions.find((p) => p.marketId === marketId);
    if (!found) throw new Error("position not found on chain");
    return found;
  }
  async function positionPnl() {
    return (await position()).pnlUsd;
  }
});
