import { parseUnits } from "viem";
import { attachScreenshot, expect, test } from "./fixtures";
import { E2E_INDEXER_URL } from "./ports";

/**
 * The indexer (Ponder) that serves history goes down: every history area says so instead of drawing nothing, a
 * banner names the indexer, no page goes blank, and trading goes on (it reads the contracts, not history). When it
 * comes back (its supervisor restarts it on a fresh database, as after a crash) the notices go away.
 */
test("indexer down: history says unavailable, trading goes on, history comes back", async ({ page, wallet, chain }, testInfo) => {
  test.setTimeout(180_000);
  const symbol = "TSLA.M";
  await chain.depositMargin(wallet.address, symbol, parseUnits("200", 18));

  await page.goto("/premiums");
  await wallet.connect();
  // A test's snapshot revert may have sent the indexer back to re-index: wait until it is ready and says nothing.
  await expect(page.getByTestId("indexer-down-banner")).toHaveCount(0, { timeout: 45_000 });
  await expect(page.getByTestId("indexer-syncing-banner")).toHaveCount(0, { timeout: 45_000 });
  await expect(page.getByTestId("history-unavailable")).toHaveCount(0, { timeout: 30_000 });

  await chain.indexerStop();
  try {
    const banner = page.getByTestId("indexer-down-banner");
    await expect(banner).toContainText(`History unavailable: the indexer at ${E2E_INDEXER_URL} is not answering.`, { timeout: 20_000 });
    await expect(banner).toContainText("trading is not affected");
    // The premiums page's history areas say why they are empty or stale; the page itself is still there.
    await expect(page.getByTestId("history-unavailable").first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await attachScreenshot(page, testInfo, "premiums with the indexer down");

    await page.goto("/pool");
    await expect(page.getByTestId("indexer-down-banner")).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId("history-unavailable").first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

    // Trading does not need the indexer: buy a BTC call and see it filled and in the positions.
    const marketId = await chain.marketId(symbol, "BTC", "call", 95_000);
    await page.goto("/trade");
    await expect(page.getByTestId("indexer-down-banner")).toBeVisible({ timeout: 20_000 });
    await page.getByTestId("chain-call-95000").click();
    await page.getByTestId("ticket-size").fill("0.1");
    await expect(page.getByTestId("ticket-submit")).toHaveText("Buy 0.1 BTC call");
    await page.getByTestId("ticket-submit").click();
    await expect(page.getByTestId(`position-row-${marketId}`)).toBeVisible({ timeout: 30_000 });
    const position = (await chain.accountView(wallet.address, symbol)).positions.find((p) => p.marketId === marketId);
    expect(position?.size).toBe(parseUnits("0.1", 18));
    await attachScreenshot(page, testInfo, "trade with the indexer down");
  } finally {
    await chain.indexerStart();
  }

  // Back: the banner goes, and the premiums page reads history again.
  await page.goto("/premiums");
  await expect(page.getByTestId("indexer-down-banner")).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId("history-unavailable")).toHaveCount(0, { timeout: 30_000 });
});
