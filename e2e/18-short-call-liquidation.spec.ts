import { parseEventLogs, parseUnits } from "viem";
import { formatUsdWhole } from "../lib/format";
import { livestockEngineAbi } from "../lib/generated";
import { attachScreenshot, expect, test } from "./fixtures";
import { WAD } from "../lib/fixedPoint";

/**
 * Issue 15: a short BTC call loses as BTC rises. Its liquidation price is above spot; BTC jumps past it and the
 * keeper (liquidation duty on) closes the account; the app shows the positions gone.
 */
test("a short BTC call is liquidated by the keeper after a BTC jump", async ({ page, wallet, chain }, testInfo) => {
  const symbol = "TSLA.M";
  await chain.depositMargin(wallet.address, symbol, parseUnits("100", 18));
  const marketId = await chain.marketId(symbol, "BTC", "call", 95_000);
  const id = marketId.toString();

  await page.goto("/trade");
  await wallet.connect();
  await page.getByTestId("chain-call-95000-sell").click();
  await page.getByTestId("ticket-size").fill("0.5");
  await expect(page.getByTestId("ticket-submit")).toHaveText("Sell 0.5 BTC call");
  await expect(page.getByTestId("ticket-max-loss")).toHaveText("unbounded");
  await expect(page.getByTestId("ticket-allowed")).toHaveText("Allowed");
  await page.getByTestId("ticket-submit").click();
  await expect(page.getByTestId(`position-row-${id}`)).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId(`position-side-${id}`)).toHaveText("Short");

  // A short call's liquidation price is above spot, none below.
  const opened = await chain.accountView(wallet.address, symbol);
  expect(opened.liquidatable).toBe(false);
  const [short] = opened.positions;
  expect(short.size).toBe(-parseUnits("0.5", 18));
  const up = short.liquidationPriceUp;
  expect(up).toBeGreaterThan(parseUnits("95000", 18));
  await expect(page.getByTestId(`position-liq-${id}`)).toHaveText(formatUsdWhole(up));

  // BTC rises 90 % of the way there: still above maintenance, and the in-app alert says how close it is.
  const spot = await chain.underlyingPrice("BTC");
  const nearUsd = Math.round(Number((spot + ((up - spot) * 9n) / 10n) / WAD));
  await chain.setUnderlyingPrice("BTC", nearUsd);
  const alert = page.getByTestId(`alert-margin:${symbol}`);
  await expect(alert).toContainText(`Your ${symbol} account uses`, { timeout: 20_000 });
  const near = await chain.accountView(wallet.address, symbol);
  expect(near.liquidatable).toBe(false);
  expect(Number(near.marginRatioWad) / 1e18).toBeGreaterThanOrEqual(0.5);
  await attachScreenshot(page, testInfo, "margin alert before the jump");

  // BTC jumps 5% past it (streams: a signed report); the keeper liquidates.
  const fromBlock = (await chain.blockNumber()) + 1n;
  const jumpUsd = Math.ceil(Number((up * 105n) / 100n / WAD) / 1_000) * 1_000;
  await chain.setUnderlyingPrice("BTC", jumpUsd);
  await expect(page.getByTestId("positions-empty")).toHaveText(`No open positions in ${symbol}.`, { timeout: 30_000 });
  const events = parseEventLogs({ abi: livestockEngineAbi, logs: await chain.client.getLogs({ address: chain.engine, fromBlock, toBlock: "latest" }) });
  const liquidated = events.find((e) => e.eventName === "Liquidated" && e.args.trader === wallet.address);
  if (liquidated?.eventName !== "Liquidated") throw new Error("no Liquidated event");
  expect(liquidated.args.pnlUsd).toBeLessThan(0n);
  expect(await chain.positionIds(wallet.address, symbol)).toEqual([]);
  await expect(alert).toHaveCount(0); // no position, no margin alert
  await attachScreenshot(page, testInfo, "short call liquidated");
});
