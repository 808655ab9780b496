import type { BrowserContext, Page } from "@playwright/test";
import { parseUnits } from "viem";
import { type AnvilHandle, startAnvil } from "../scripts/lib/anvil";
import { attachScreenshot, expect, test } from "./fixtures";
import { E2E_RPC_DOWN_PORT, E2E_RPC_URL } from "./ports";

/**
 * Stopping the shared e2e anvil would break every spec after this one, so the browser's RPC (the address
 * the app was built with, E2E_RPC_URL) is served by a second anvil, a fork of the e2e chain on its own
 * port, which this test stops and starts. Playwright forwards each request to it unchanged; when nothing
 * listens there, the request fails with "connection refused", exactly what the browser sees when the
 * anvil at E2E_RPC_URL is not running.
 */
const FORK_URL = `http://127.0.0.1:${E2E_RPC_DOWN_PORT}`;

async function startFork(): Promise<AnvilHandle> {
  return startAnvil({ port: E2E_RPC_DOWN_PORT, args: ["--fork-url", E2E_RPC_URL] });
}

async function routeRpcToFork(context: BrowserContext): Promise<{ forwarded: () => number; refused: () => number }> {
  let forwarded = 0;
  let refused = 0;
  await context.route(
    (url) => url.origin === new URL(E2E_RPC_URL).origin,
    async (route) => {
      try {
        const response = await route.fetch({ url: FORK_URL });
        forwarded++;
        await route.fulfill({ response });
      } catch {
        refused++;
        await route.abort("connectionrefused");
      }
    },
  );
  return { forwarded: () => forwarded, refused: () => refused };
}

async function expectPageStillThere(page: Page, heading: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByText("Something went wrong")).toHaveCount(0);
}

test("anvil stops: every page stays up and says the RPC cannot be reached; Retry recovers once it is back", async ({ page, context, wallet, chain }, testInfo) => {
  test.setTimeout(120_000);
  const symbol = "TSLA.M";
  await chain.depositMargin(wallet.address, symbol, parseUnits("100", 18));
  const rpcDown = page.getByTestId("rpc-down-banner");
  // The banner needs a failed poll (every 5 s) and its one retry.
  const bannerTimeout = { timeout: 30_000 };

  let fork: AnvilHandle | undefined = await startFork();
  try {
    const traffic = await routeRpcToFork(context);
    await page.goto("/trade");
    await wallet.connect();
    await expect(page.getByTestId("account-collateral")).toHaveText(`100 ${symbol}`);
    await expect(page.getByTestId("chain-call-95000")).toBeVisible();
    await expect(rpcDown).toHaveCount(0);
    expect(traffic.forwarded()).toBeGreaterThan(0);
    expect(traffic.refused()).toBe(0);

    // Stop anvil.
    await fork.stop();
    fork = undefined;
    await expect(rpcDown).toBeVisible(bannerTimeout);
    await expect(rpcDown).toContainText(`Cannot reach the Livestock Local RPC at ${E2E_RPC_URL}. Prices and balances on this page may be out of date.`);
    await expect(rpcDown).toContainText("Is the local chain running? Start it with npm run chain.");
    await expect(rpcDown.getByRole("button", { name: "Retry" })).toBeEnabled();
    expect(traffic.refused()).toBeGreaterThan(0);
    await expectPageStillThere(page, "Trade");
    await attachScreenshot(page, testInfo, "trade page, anvil stopped");

    // A fresh load while anvil is down: the page renders, then says what is wrong (not a blank page).
    await page.reload();
    await expectPageStillThere(page, "Trade");
    await expect(rpcDown).toBeVisible(bannerTimeout);
    await expect(page.getByText("Markets unavailable until the chain answers again.").first()).toBeVisible();
    for (const [link, heading] of [
      ["Pool", "Pool"],
      ["Peg", "Peg"],
      ["Home", "Livestock"],
    ] as const) {
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: link }).click();
      await expectPageStillThere(page, heading);
      await expect(rpcDown).toBeVisible(bannerTimeout);
    }

    // Retrying while it is still down keeps the banner.
    await rpcDown.getByRole("button", { name: "Retry" }).click();
    await expect(rpcDown.getByRole("button", { name: "Retry" })).toBeEnabled(bannerTimeout);
    await expect(rpcDown).toBeVisible();

    // Start anvil again (same state): Retry clears the banner and the data comes back.
    fork = await startFork();
    // Retry at once; the banner's own 5 s poll may clear it first, in which case the button is gone before the click
    // lands (Playwright then waits for it forever): click while it is there, until the banner is gone.
    await expect(async () => {
      if ((await rpcDown.count()) > 0) await rpcDown.getByRole("button", { name: "Retry" }).click({ timeout: 2_000 });
      await expect(rpcDown).toHaveCount(0, { timeout: 2_000 });
    }).toPass(bannerTimeout);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Trade" }).click();
    await expect(page.getByTestId("account-collateral")).toHaveText(`100 ${symbol}`);
    await expect(page.getByTestId("chain-call-95000")).toBeVisible();
    await attachScreenshot(page, testInfo, "trade page, anvil back");
  } finally {
    await fork?.stop();
  }
});
