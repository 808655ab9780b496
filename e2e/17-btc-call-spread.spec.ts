import { parseUnits } from "viem";
import { formatUsdWad } from "../lib/format";
import { attachScreenshot, expect, test } from "./fixtures";
import { engineAbi } from "./fixtures/chain";

/**
 * Issue 15: a BTC call spread through the strategy ticket — leg 1 (buy K1 call) fills, then leg 2 (sell K2 call) —
 * and the margin shown for the strategy is the group's max loss as the engine's marginBreakdown reads it, to the cent.
 */
test("open a BTC call spread as two linked orders; its margin is the group's max loss", async ({ page, wallet, chain }, testInfo) => {
  const symbol = "TSLA.M";
  await chain.depositMargin(wallet.address, symbol, parseUnits("200", 18));
  const token = chain.stock(symbol).token;
  const calls = (await chain.markets())
    .filter((m) => m.token.toLowerCase() === token.toLowerCase() && m.underlying === 0 && m.isCall)
    .map((m) => m.strike)
    .sort((a, b) => (a < b ? -1 : 1));
  const k1 = parseUnits("95000", 18);
  const k2 = calls.find((k) => k > k1);
  if (!k2) throw new Error("no BTC call strike above 95,000");

  await page.goto("/trade");
  await wallet.connect();
  const ticket = page.getByTestId("strategy-ticket");
  await expect(ticket.getByTestId("strategy-kind").getByRole("radio", { name: "Call spread" })).toHaveAttribute("aria-checked", "true");
  // K2 below K1 is refused beside the strikes.
  await page.getByTestId("strategy-k1").selectOption(k2.toString());
  await page.getByTestId("strategy-k2").selectOption(k1.toString());
  await expect(page.getByTestId("strategy-error")).toHaveText("The sold strike (K2) must be above the bought one (K1)");
  await page.getByTestId("strategy-k1").selectOption(k1.toString());
  await page.getByTestId("strategy-k2").selectOption(k2.toString());
  await expect(page.getByTestId("strategy-error")).toHaveCount(0);
  await page.getByTestId("strategy-size").fill("0.5");
  await expect(page.getByTestId("strategy-leg-1")).toContainText("Leg 1 of 2: Buy $95,000 call");
  await expect(page.getByTestId("strategy-leg-2")).toContainText("Leg 2 of 2: Sell");
  await expect(page.getByTestId("strategy-max-loss")).toHaveText(/^\$[\d,]+\.\d\d$/);

  await page.getByTestId("strategy-submit").click();
  await expect(page.getByTestId("strategy-phase")).toHaveText(/Leg 1 of 2/);
  await expect(page.getByTestId("strategy-phase")).toHaveText(/Leg 2 of 2/, { timeout: 20_000 });
  await expect(page.getByTestId("strategy-phase")).toHaveText("Both legs filled", { timeout: 20_000 });

  // On chain: long 0.5 K1, short 0.5 K2.
  const view = await chain.accountView(wallet.address, symbol);
  const sizes = new Map(view.positions.map((p) => [p.strike, p.size]));
  expect(sizes.get(k1)).toBe(parseUnits("0.5", 18));
  expect(sizes.get(k2)).toBe(-parseUnits("0.5", 18));

  // A vertical spread needs no more than its max loss: the group's IM is that max loss, and the ticket shows it.
  async function group() {
    const [, groups] = await chain.client.readContract({ address: chain.engine, abi: engineAbi, functionName: "marginBreakdown", args: [wallet.address, token] });
    return groups[0];
  }
  const g = await group();
  expect(g.maxLossBounded).toBe(true);
  expect(g.initialMargin).toBe(g.maxLoss);
  expect(g.standaloneIm).toBeGreaterThan(g.initialMargin);
  await expect
    .poll(async () => (await page.getByTestId("strategy-group-im").textContent()) === formatUsdWad((await group()).maxLoss), { timeout: 20_000 })
    .toBe(true);
  await expect
    .poll(async () => (await page.getByTestId("strategy-group-max-loss").textContent()) === formatUsdWad((await group()).maxLoss), { timeout: 20_000 })
    .toBe(true);
  await attachScreenshot(page, testInfo, "call spread open");
});
