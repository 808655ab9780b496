import { parseEventLogs, parseUnits } from "viem";
import { formatToken, formatUsdWhole } from "../lib/format";
import { livestockEngineAbi } from "../lib/generated";
import { ANVIL_ACCOUNTS, attachScreenshot, expect, test } from "./fixtures";
import { divWadUp } from "../lib/fixedPoint";

test("liquidation: BTC crashes under a leveraged call; a liquidator closes it; the account shows what is left", async ({ page, wallet, chain }, testInfo) => {
  const symbol = "TSLA.M";
  const liquidator = ANVIL_ACCOUNTS[2];
  await chain.depositMargin(wallet.address, symbol, parseUnits("100", 18));
  const marketId = await chain.marketId(symbol, "BTC", "call", 80_000);
  const id = marketId.toString();

  // A deep in-the-money call: its initial margin is 10% of spot per unit (not the premium), so 1.4 BTC
  // on $15,050 of weighted margin is close to the limit, about 9× leverage on the underlying.
  await page.goto("/trade");
  await wallet.connect();
  await page.getByTestId("chain-call-80000").click();
  await page.getByTestId("ticket-size").fill("1.4");
  await expect(page.getByTestId("ticket-submit")).toHaveText("Buy 1.4 BTC call");
  // Anvil account 2 liquidates by hand below: the keeper's own liquidation duty is off for this journey.
  if (chain.streams) await chain.keeperDuties({ liquidate: false });
  await page.getByTestId("ticket-submit").click();
  // With an order router the order fills a couple of seconds later, at the next signed BTC price.
  await expect(page.getByTestId(`position-row-${id}`)).toBeVisible({ timeout: 20_000 });
  const opened = await chain.accountView(wallet.address, symbol);
  expect(opened.liquidatable).toBe(false);
  expect(opened.health.initialMargin).toBe(parseUnits("13300", 18)); // 1.4 × 10% × $95,000
  // A long call loses as BTC falls: its liquidation price is below spot, and none is above.
  expect(opened.positions[0].liquidationPriceUp).toBe(0n);
  const liquidationPrice = opened.positions[0].liquidationPriceDown;
  expect(liquidationPrice).toBeGreaterThan(parseUnits("75000", 18));
  await expect(page.getByTestId(`position-liq-${id}`)).toHaveText(formatUsdWhole(liquidationPrice));

  // BTC −21% takes the call out of the money: the account falls below maintenance (streams: a signed report).
  await chain.setUnderlyingPrice("BTC", 75_000);
  const crashed = await chain.accountView(wallet.address, symbol);
  expect(crashed.liquidatable).toBe(true);
  expect(crashed.health.equityMaintenance).toBeLessThan(BigInt(crashed.health.maintenanceMargin));
  await expect(page.getByTestId("account-margin-ratio")).toHaveText("liquidatable");

  // Anyone may liquidate; here anvil account 2 plays the keeper (streams: router.liquidate with fresh signed
  // reports, no older than liquidationMaxAge; push feeds: the engine's liquidate).
  const before = (await chain.marginAccount(wallet.address, symbol)).collateral;
  const liquidatorBefore = await chain.balanceOf(symbol, liquidator);
  const receipt = await chain.liquidate(liquidator, wallet.address, symbol);
  const events = parseEventLogs({ abi: livestockEngineAbi, logs: receipt.logs });
  const liquidated = events.find((e) => e.eventName === "Liquidated");
  if (liquidated?.eventName !== "Liquidated") throw new Error("no Liquidated event");
  expect(liquidated.args.trader).toBe(wallet.address);
  expect(liquidated.args.liquidator).toBe(liquidator);
  expect(liquidated.args.pnlUsd).toBeLessThan(0n);
  const funding = events.find((e) => e.eventName === "FundingSettled");
  const fundingX = funding?.eventName === "FundingSettled" ? funding.args.amountX : 0n;
  expect(events.some((e) => e.eventName === "BadDebt")).toBe(false); // the margin covered the loss

  // The taker fee a close would pay is charged too (liquidation never beats closing): every 70/20/10 split
  // in the receipt but the funding's.
  const splitX = events
    .filter((e) => e.eventName === "FeesDistributed")
    .reduce((sum, e) => (e.eventName === "FeesDistributed" ? sum + e.args.toMain + e.args.toInsurance + e.args.toTreasury : sum), 0n);
  const feeX = splitX - fundingX;
  expect(feeX).toBeGreaterThan(0n);

  // What is left: the margin minus the funding owed, the loss at theo, the fee and the liquidator's reward.
  const price = (await chain.stockState(symbol)).settlementPrice;
  const after = (await chain.marginAccount(wallet.address, symbol)).collateral;
  expect(after).toBe(before - fundingX - divWadUp(-liquidated.args.pnlUsd, price) - feeX - liquidated.args.rewardX);
  expect(after).toBeGreaterThan(0n);
  expect(await chain.balanceOf(symbol, liquidator)).toBe(liquidatorBefore + liquidated.args.rewardX);
  expect(await chain.positionIds(wallet.address, symbol)).toEqual([]);

  await expect(page.getByTestId(`position-row-${id}`)).toHaveCount(0);
  await expect(page.getByTestId("positions-empty")).toHaveText(`No open positions in ${symbol}.`);
  await expect(page.getByTestId("account-collateral")).toHaveText(`${formatToken(after, 18)} ${symbol}`);
  await expect(page.getByTestId("account-margin-ratio")).toHaveText("no positions");
  await attachScreenshot(page, testInfo, "after liquidation");
});
