import { parseUnits } from "viem";
import { formatToken, formatUsdWad } from "../lib/format";
import { attachScreenshot, expect, test } from "./fixtures";

test("buy an ETH put settled in another token (NVDA.M)", async ({ page, wallet, chain }, testInfo) => {
  const symbol = "NVDA.M";
  await chain.depositMargin(wallet.address, symbol, parseUnits("150", 18));
  const marketId = await chain.marketId(symbol, "ETH", "put", 3_250);
  const id = marketId.toString();

  await page.goto("/trade");
  await wallet.connect();
  await page.getByRole("radiogroup", { name: "Underlying" }).getByRole("radio", { name: "ETH" }).click();
  await page.getByRole("radiogroup", { name: "Settlement token" }).getByRole("radio", { name: symbol }).click();
  await expect(page.getByTestId("account-panel")).toContainText(`Margin account · ${symbol}`);
  await expect(page.getByTestId("account-collateral")).toHaveText(`150 ${symbol}`);

  await page.getByTestId("chain-put-3250").click();
  await expect(page.getByTestId("ticket-market")).toHaveText(`ETH 3,250 put · settled in ${symbol}`);
  await page.getByTestId("ticket-size").fill("2");
  const buy = page.getByTestId("ticket-submit");
  await expect(buy).toHaveText("Buy 2 ETH put");
  await buy.click();
  await expect(page.getByTestId("tx-toast").filter({ hasText: "Confirmed" }).first()).toBeVisible();
  if (chain.streams) {
    // A two-step order: committed now, filled by the keeper at the next signed ETH price.
    const row = page.locator('[data-testid^="order-row-"]').first();
    await expect(row).toContainText(`Buy 2 ETH 3,250 put · ${symbol}`);
    await expect(row).toHaveAttribute("data-status", "filled", { timeout: 15_000 });
  }

  // On chain: an ETH put in NVDA.M's market, paid from NVDA.M margin; the TSLA.M account is untouched.
  const view = await chain.accountView(wallet.address, symbol);
  expect(view.positions).toHaveLength(1);
  const [put] = view.positions;
  expect(put.marketId).toBe(marketId);
  expect(put.underlying).toBe(1);
  expect(put.isCall).toBe(false);
  expect(put.strike).toBe(parseUnits("3250", 18));
  expect(put.size).toBe(parseUnits("2", 18));
  expect(view.collateral).toBeLessThan(parseUnits("150", 18)); // the opening fee, taken in NVDA.M
  expect(await chain.positionIds(wallet.address, "TSLA.M")).toEqual([]);

  const row = page.getByTestId(`position-row-${id}`);
  await expect(row).toContainText("ETH 3,250 put");
  await expect(page.getByTestId(`position-size-${id}`)).toHaveText("2");
  await expect(page.getByTestId(`position-entry-${id}`)).toHaveText(formatUsdWad(put.entryPrice));
  await expect(page.getByTestId("account-collateral")).toHaveText(`${formatToken(view.collateral, 18)} ${symbol}`);
  await expect(page.getByTestId("positions")).toContainText(`Positions settled in ${symbol}`);

  await attachScreenshot(page, testInfo, "ETH put in NVDA.M");
});
