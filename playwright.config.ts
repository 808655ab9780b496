import { defineConfig } from "@playwright/test";
import { E2E_APP_PORT, E2E_DON_URL, E2E_INDEXER_URL, E2E_RPC_URL } from "./e2e/ports";

/**
 * End-to-end: a production build of the app (`next build` + `next start`) against anvil with Livestock
 * deployed by the same code as `npm run dev`. Chromium comes from Debian (/usr/bin/chromium) unless
 * PLAYWRIGHT_CHROMIUM is set: nothing downloads a browser at test time.
 */
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // list: each test's duration on the console; json: the same numbers for records (test-results/ is cleared per run).
  reporter: [
    ["list"],
    ["html", { open: "never", outputFolder: "playwright-report" }],
    ["json", { outputFile: "test-results/e2e-results.json" }],
  ],
  globalSetup: "./e2e/global-setup.ts",
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: `http://127.0.0.1:${E2E_APP_PORT}`,
    screenshot: "on",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `npx next build && npx next start -p ${E2E_APP_PORT} -H 127.0.0.1`,
    url: `http://127.0.0.1:${E2E_APP_PORT}`,
    timeout: 300_000,
    // Always a fresh production build, except when a developer iterating on specs keeps a server of the
    // same build running and says so (E2E_REUSE_SERVER=1).
    reuseExistingServer: process.env.E2E_REUSE_SERVER === "1",
    // The app asks the e2e DON whether it is up (orders wait for its signed prices).
    env: { NEXT_PUBLIC_RPC_URL: E2E_RPC_URL, NEXT_PUBLIC_STREAMS_URL: E2E_DON_URL, NEXT_PUBLIC_INDEXER_URL: E2E_INDEXER_URL, NEXT_TELEMETRY_DISABLED: "1" },
    stdout: "ignore",
    stderr: "pipe",
  },
});
