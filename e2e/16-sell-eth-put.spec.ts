import { parseEventLogs, parseUnits } from "viem";
import { formatUsdWad } from "../lib/format";
import { livestockEngineAbi } from "../lib/generated";
import { attachScreenshot, expect, test } from "./fixtures";
import { WAD } from "../lib/fixedPoint";

/**
 * Issue 15: write (sell) an ETH put margined in NVDA.M through the ticket's Sell side, see it as a Short in the
 * positions, watch funding accrue to it (shorts receive), and buy it back: the close settles a FundingReceived.
 */
test("sell an ETH put in NVDA.M: Short in positions, funding received", async ({ page, wallet, chain }, testInfo) => {
  const symbol = "NVDA.M";
  await chain.depositMargin(wallet.address, symbol, parseUnits("150", 18));
  const marketId = await chain.marketId(symbol, "ETH", "put", 3_250);
  const id = marketId.toString();

  await page.goto("/trade");
  await wallet.connect();
  await page.getByRole("radiogroup", { name: "Underlying" }).getByRole("radio", { name: "ETH" }).click();
  await page.getByRole("radiogroup", { name: "Settlement token" }).getByRole("radio", { name: symbol }).click();
  await expect(page.getByTestId("account-collateral")).toHaveText(`150 ${symbol}`);

  // The chain's Sell button preselects the Sell side.
  await page.getByTestId("chain-put-3250-sell").click();
  await expect(page.getByTestId("ticket-market")).toHaveText(`ETH 3,250 put · settled in ${symbol}`);
  await expect(page.getByTestId("ticket-side").getByRole("radio", { name: "Sell" })).toHaveAttribute("aria-checked", "true");

  // Size is validated beside the field.
  await page.getByTestId("ticket-size").fill("0");
  await expect(page.getByTestId("ticket-size-error")).toHaveText("Amount must be greater than zero");
  await page.getByTestId("ticket-size").fill("1");
  await expect(page.getByTestId("ticket-size-error")).toHaveCount(0);
  const sell = page.getByTestId("ticket-submit");
  await expect(sell).toHaveText("Sell 1 ETH put");
  await expect(page.getByTestId("ticket-premium")).toHaveText(/^\$[\d,]+\.\d\d$/);
  // A short put loses at most strike × size − premium; the margin after the trade still passes the engine's check.
  await expect(page.getByTestId("ticket-max-loss")).toHaveText(/^\$[\d,]+\.\d\d$/);
  await expect(page.getByTestId("ticket-allowed")).toHaveText("Allowed");
  const premium = Number((await page.getByTestId("ticket-premium").textContent())!.replace(/[$,]/g, ""));
  const maxLoss = Number((await page.getByTestId("ticket-max-loss").textContent())!.replace(/[$,]/g, ""));
  expect(Math.abs(maxLoss + premium - 3_250)).toBeLessThan(0.02);
  await attachScreenshot(page, testInfo, "sell ticket");

  await sell.click();
  await expect(page.getByTestId("tx-toast").filter({ hasText: "Confirmed" }).first()).toBeVisible();
  if (chain.streams) {
    const row = page.locator('[data-testid^="order-row-"]').first();
    await expect(row).toContainText(`Sell 1 ETH 3,250 put · ${symbol}`);
    await expect(row).toHaveAttribute("data-status", "filled", { timeout: 15_000 });
  }

  // On chain: a short of one unit.
  await expect(page.getByTestId(`position-row-${id}`)).toBeVisible({ timeout: 20_000 });
  expect((await position()).size).toBe(-parseUnits("1", 18));
  await expect(page.getByTestId(`position-side-${id}`)).toHaveText("Short");
  await expect(page.getByTestId(`position-size-${id}`)).toHaveText("1");
  await expect(page.getByTestId(`position-funding-${id}`)).toHaveAttribute("data-direction", "received");

  // An hour later the short has funding to receive; the row shows what the lens says, marked +.
  await chain.advanceTime(3_600);
  const receivable = (await position()).fundingReceivableUsd;
  expect(receivable).toBeGreaterThan(0n);
  await expect
    .poll(async () => (await page.getByTestId(`position-funding-${id}`).textContent()) === `+${formatUsdWad((await position()).fundingReceivableUsd)}`, { timeout: 30_000 })
    .toBe(true);

  // Buy it back: the close settles the funding as FundingReceived, at least what was receivable before.
  const fromBlock = (await chain.blockNumber()) + 1n;
  await page.getByTestId(`position-close-${id}`).click();
  await expect(page.getByTestId("positions-empty")).toHaveText(`No open positions in ${symbol}.`, { timeout: 20_000 });
  const events = parseEventLogs({ abi: livestockEngineAbi, logs: await chain.client.getLogs({ address: chain.engine, fromBlock, toBlock: "latest" }) });
  const closed = events.find((e) => e.eventName === "PositionTraded" && e.args.trader === wallet.address);
  const received = events.find((e) => e.eventName === "FundingReceived" && e.args.trader === wallet.address);
  if (closed?.eventName !== "PositionTraded" || received?.eventName !== "FundingReceived") throw new Error("close events missing");
  expect(closed.args.size).toBe(parseUnits("1", 18)); // a buy back of the whole short
  expect(closed.args.newSize).toBe(0n);
  expect(received.args.fundingUsd).toBeGreaterThanOrEqual(receivable);
  expect(received.args.amountX).toBeGreaterThan(0n);
  expect(received.args.fundingUsd).toBeLessThan(100n * WAD);
  // The margin panel: nothing left to receive, and what was received, from the indexer's history, to the cent.
  await expect(page.getByTestId("account-funding-receivable")).toHaveText(`$0.00 / ${formatUsdWad(received.args.fundingUsd)}`, { timeout: 45_000 });
  await attachScreenshot(page, testInfo, "short closed, funding received");

  async function position() {
    const found = (await chain.accountView(wallet.address, symbol)).positions.find((p) => p.marketId === marketId);
    if (!found) throw new Error("position not found on chain");
    return found;
  }
});
