/**
 * Front-end benchmarks against a production build (`next build` into .next-bench, `next start`) and anvil with
 * Livestock deployed and seeded by the same code as `npm run dev`, in headless Chromium:
 *
 * - web.firstLoadJsKb.<route>: compressed bytes of every JavaScript response of a first visit (fresh browser
 *   context: empty cache, wallet installed but not connected; 1280×720), counted until no script has been
 *   requested for 2 s after the load event. Whatever the page fetches on its own (route prefetches, lazy
 *   chunks it imports while loading) is included; what only a click or a scroll would load is not.
 * - web.rpcRequestsPageLoad.trade: HTTP requests the page sends to the RPC from navigation until its reads are
 *   on screen, with the wallet already connected (a returning visitor).
 * - web.tradeToVisibleMs: click "Buy" → the new position's row visible, median of 5 (anvil automine, the
 *   wallet approves at once). Timed in the page: from the click event to the DOM mutation showing the row.
 *   Measured on a deployment without an order router (the engine called directly).
 * - web.orderToFilledMs (issue 13): the same click on a streams deployment (OrderRouter; the local DON and the keeper
 *   running as under `npm run chain`) → the order's row shows "Filled", median of 5: the commit, the keeper's
 *   settlement at the first signed prices ≥ minDelay after the commit block, the app's next read. The first order
 *   also approves the fee token (one more transaction); the median is of the five.
 *
 * Which of the two is measured follows lib/deployments/31337.json (the file the app bundles): with an OrderRouter
 * in it the bench deploys with STREAMS=true and starts the DON (BENCH_DON_PORT, 8798) and the keeper (8799).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { createPublicClient, createWalletClient, http, parseAbi, parseUnits } from "viem";
import { foundry } from "viem/chains";
import { isPortFree, ROOT, startAnvil, type AnvilHandle } from "../lib/anvil";
import { deploy, type Deployment } from "../lib/deploy";
import { startStreamsServices, type StreamsServices } from "../lib/streamsServices";
import { median, type Results } from "./report";
import { installWallet, WALLET_RDNS } from "./wallet";

export const DIST_DIR = ".next-bench";
const NEXT_BIN = path.join(ROOT, "node_modules", ".bin", "next");
const CHROMIUM = process.env.PLAYWRIGHT_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const VIEWPORT = { width: 1280, height: 720 };
/** anvil's second dev account: seeded with 1,000 of each stock token by the deploy. */
const TRADER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const;
const TRADES = 5;
const TRADE_SIZE = "0.01";

export type WebOptions = { rpcPort: number; appPort: number; reuseBuild?: boolean; log: (line: string) => void };
/** What was measured, and (when a step failed) why the rest was not: the numbers before the failure are kept. */
export type WebOutcome = { results: Results; details: Record<string, unknown>; error?: Error };

/** Whether the app's bundled deployment trades through an OrderRouter (then the bench chain must too). */
function bundledStreams(): boolean {
  const bundled = JSON.parse(readFileSync(path.join(ROOT, "lib", "deployments", "31337.json"), "utf8")) as Deployment;
  return Boolean(bundled.contracts.OrderRouter);
}

export async function runWeb({ rpcPort, appPort, reuseBuild = false, log }: WebOptions): Promise<WebOutcome> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set PLAYWRIGHT_CHROMIUM)`);
  for (const port of [rpcPort, appPort]) {
    if (!(await isPortFree(port))) throw new Error(`port ${port} is in use (set BENCH_RPC_PORT / BENCH_APP_PORT)`);
  }
  const rpcUrl = `http://127.0.0.1:${rpcPort}`;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const streams = bundledStreams();
  const donPort = Number(process.env.BENCH_DON_PORT ?? 8798);
  const donUrl = `http://127.0.0.1:${donPort}`;
  const results: Results = {};
  const details: Record<string, unknown> = {};
  const stops: (() => Promise<void>)[] = [];
  let anvil: AnvilHandle | undefined;
  let browser: Browser | undefined;
  try {
    let t = Date.now();
    if (reuseBuild && existsSync(path.join(ROOT, DIST_DIR, "BUILD_ID"))) {
      log(`next build skipped (--reuse-build): measuring the existing ${DIST_DIR}`);
    } else {
      await nextBuild(rpcUrl, donUrl);
      log(`next build (${DIST_DIR}) ${seconds(t)}`);
    }

    t = Date.now();
    anvil = await startAnvil({ port: rpcPort });
    stops.push(() => anvil!.stop());
    // Not lib/deployments/31337.json (the app's committed file): a file of its own, in a folder forge may write to.
    const out = path.join(ROOT, "contracts", "deploy", ".generated", "bench.json");
    mkdirSync(path.dirname(out), { recursive: true });
    const { deployment } = await withEnv({ STREAMS: streams ? "true" : "false" }, () => deploy({ rpcUrl, out }));
    checkSameAddresses(deployment);
    log(`anvil :${rpcPort} deployed and seeded ${seconds(t)}`);
    if (streams) {
      const services: StreamsServices = await startStreamsServices({ rpcUrl, deploymentFile: out, donPort, keeperPort: donPort + 1, write: () => undefined });
      stops.push(() => services.stop());
      log(`streams deployment: DON ${services.don.url}, keeper ${services.keeper.url}`);
    }

    const server = await nextStart(appPort, rpcUrl, donUrl);
    stops.push(server.stop);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

    t = Date.now();
    const firstLoad: Record<string, unknown> = {};
    for (const route of ["trade", "pool", "peg"] as const) {
      const measured = await firstLoadJs(browser, `${appUrl}/${route}`, rpcUrl);
      results[`web.firstLoadJsKb.${route}`] = measured.bytes / 1000;
      firstLoad[route] = measured;
    }
    details.firstLoadJs = firstLoad;
    log(`first-load JS ${seconds(t)}`);

    t = Date.now();
    await depositMargin(rpcUrl, deployment);
    const context = await browser.newContext({ viewport: VIEWPORT });
    await installWallet(context, { rpcUrl, account: TRADER, chainId: foundry.id });
    await connectThroughUi(context, `${appUrl}/trade`);
    const rpc = await rpcRequestsOnLoad(context, `${appUrl}/trade`, rpcUrl);
    results["web.rpcRequestsPageLoad.trade"] = rpc.requests;
    details.rpcRequestsPageLoad = { requests: rpc.requests, calls: rpc.calls, readyMs: rpc.readyMs, log: rpc.log };
    log(`RPC requests on load ${seconds(t)}`);

    t = Date.now();
    if (streams) {
      const timings = await tradeToVisible(rpc.page, FILLED_ORDER);
      results["web.orderToFilledMs"] = median(timings);
      details.orderToFilledMs = timings;
      log(`order → filled ×${TRADES} ${seconds(t)} (web.tradeToVisibleMs is measured on a deployment without an order router)`);
    } else {
      const timings = await tradeToVisible(rpc.page, NEW_POSITION_ROW);
      results["web.tradeToVisibleMs"] = median(timings);
      details.tradeToVisibleMs = timings;
      log(`trade → visible ×${TRADES} ${seconds(t)}`);
    }
    return { results, details };
  } catch (error) {
    return { results, details, error: error instanceof Error ? error : new Error(String(error)) };
  } finally {
    await browser?.close().catch(() => undefined);
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Runs `fn` with environment variables set (the deploy passes its environment to forge), then restores them. */
async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/** `next build` into .next-bench with the bench RPC and DON baked in (NEXT_PUBLIC_* are inlined at build time). */
async function nextBuild(rpcUrl: string, donUrl: string): Promise<void> {
  // Next rewrites next-env.d.ts to point at the dist dir it builds: put back the one the e2e build wrote.
  const nextEnv = path.join(ROOT, "next-env.d.ts");
  const saved = existsSync(nextEnv) ? readFileSync(nextEnv, "utf8") : undefined;
  const logFile = path.join(ROOT, "bench", "tmp", "next-build.log");
  mkdirSync(path.dirname(logFile), { recursive: true });
  try {
    const { code, output } = await run(NEXT_BIN, ["build"], {
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_PUBLIC_RPC_URL: rpcUrl,
      NEXT_PUBLIC_STREAMS_URL: donUrl,
      NEXT_TELEMETRY_DISABLED: "1",
    });
    writeFileSync(logFile, output);
    if (code !== 0) throw new Error(`next build failed (exit ${code}); log in ${path.relative(ROOT, logFile)}:\n${output.slice(-3000)}`);
  } finally {
    if (saved !== undefined) writeFileSync(nextEnv, saved);
  }
}

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}

/** The app reads addresses from lib/deployments/31337.json (bundled at build time): the bench chain must match it. */
function checkSameAddresses(deployment: Deployment): void {
  const bundled = JSON.parse(readFileSync(path.join(ROOT, "lib", "deployments", "31337.json"), "utf8")) as Deployment;
  const same = JSON.stringify(bundled.contracts) === JSON.stringify(deployment.contracts) && JSON.stringify(bundled.stocks) === JSON.stringify(deployment.stocks);
  if (!same) {
    throw new Error("the bench deployment's addresses differ from lib/deployments/31337.json (the deploy script changed?): run `npm run chain` once to refresh that file");
  }
}

export async function nextStart(port: number, rpcUrl: string, donUrl?: string): Promise<{ stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(NEXT_BIN, ["start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_PUBLIC_RPC_URL: rpcUrl, ...(donUrl ? { NEXT_PUBLIC_STREAMS_URL: donUrl } : {}), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      if (res.ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`next start on :${port} did not come up`);
    }
    await sleep(200);
  }
  return { stop };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type FirstLoad = { bytes: number; scripts: number; uncompressed: string[]; files: { url: string; bytes: number }[] };

async function firstLoadJs(browser: Browser, url: string, rpcUrl: string): Promise<FirstLoad> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await installWallet(context, { rpcUrl, account: TRADER, chainId: foundry.id });
    const page = await context.newPage();
    const pending: Promise<void>[] = [];
    const files: { url: string; bytes: number; encoding: string }[] = [];
    let lastScriptAt = Date.now();
    page.on("request", (request) => {
      if (request.resourceType() === "script") lastScriptAt = Date.now();
    });
    page.on("requestfinished", (request) => {
      if (request.resourceType() !== "script") return;
      pending.push(
        (async () => {
          const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
          files.push({ url: request.url(), bytes: sizes.responseBodySize, encoding: (await response?.headerValue("content-encoding")) ?? "identity" });
        })(),
      );
    });
    await page.goto(url, { waitUntil: "load" });
    const deadline = Date.now() + 20_000;
    while (Date.now() - lastScriptAt < 2_000 && Date.now() < deadline) await sleep(100);
    await Promise.all(pending);
    files.sort((a, b) => b.bytes - a.bytes);
    return {
      bytes: files.reduce((sum, f) => sum + f.bytes, 0),
      scripts: files.length,
      // A script served uncompressed would make the number meaningless: listed so it shows.
      uncompressed: files.filter((f) => f.encoding === "identity" && f.bytes > 1_000).map((f) => f.url),
      files: files.map((f) => ({ url: new URL(f.url).pathname, bytes: f.bytes })),
    };
  } finally {
    await context.close();
  }
}

/** 100 TSLA.M of margin for the trader, by direct transactions (anvil's dev accounts are unlocked). */
export async function depositMargin(rpcUrl: string, deployment: Deployment): Promise<void> {
  const engine = deployment.contracts.LivestockEngine;
  const token = deployment.stocks["TSLA.M"].token;
  const wallet = createWalletClient({ account: TRADER, chain: foundry, transport: http(rpcUrl) });
  const client = createPublicClient({ chain: foundry, transport: http(rpcUrl) });
  const amount = parseUnits("100", 18);
  const abi = parseAbi(["function approve(address spender, uint256 amount) returns (bool)", "function deposit(address token, uint256 amount)"]);
  for (const hash of [
    await wallet.writeContract({ address: token, abi, functionName: "approve", args: [engine, amount] }),
    await wallet.writeContract({ address: engine, abi, functionName: "deposit", args: [token, amount] }),
  ]) {
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`margin deposit transaction ${hash} reverted`);
  }
}

/** Connect as a user does: RainbowKit's "Connect Wallet", then the wallet it lists (EIP-6963). */
export async function connectThroughUi(context: BrowserContext, url: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId("rk-connect-button").click();
  await page.getByTestId(`rk-wallet-option-${WALLET_RDNS}`).click();
  await page.getByTestId("rk-account-button").waitFor({ state: "visible", timeout: 20_000 });
  await page.close();
}

/**
 * In-page test that every panel of /trade shows chain data. A string, not a function: tsx (esbuild, keepNames)
 * wraps named functions in a `__name` helper that does not exist in the page.
 */
const PAGE_READY = `(() => {
  const text = (id) => document.querySelector('[data-testid="' + id + '"]')?.textContent ?? '';
  const marks = [...document.querySelectorAll('[data-testid^="chain-call-"], [data-testid^="chain-put-"]')];
  // The quotes arrive in one read: one priced mark means they are in (a quote that reverts stays '…').
  const chain = marks.some((button) => /\\d/.test(button.textContent ?? ''));
  const spot = /\\d/.test(text('spot-price'));
  const positions = text('positions-empty').startsWith('No open positions') || document.querySelector('[data-testid="positions-table"]') !== null;
  const account = /\\d/.test(text('account-equity'));
  const connected = document.querySelector('[data-testid="rk-account-button"]') !== null;
  const balance = /Balance: \\d/.test(document.body.textContent ?? '');
  const history = /\\d/.test(document.querySelector('[data-testid="underlying-chart"] figcaption')?.textContent ?? '');
  return chain && spot && positions && account && connected && balance && history;
})()`;

type RpcCount = { requests: number; calls: number; readyMs: number; log: { atMs: number; methods: string[] }[]; page: Page };

/**
 * Opens the trade page with the wallet already connected (wagmi reconnects from storage) and counts its POSTs
 * to the RPC until every panel shows chain data: option chain with every mark priced, spot, margin account, positions, wallet balance
 * and the price history behind the chart. A JSON-RPC batch is one request.
 */
async function rpcRequestsOnLoad(context: BrowserContext, url: string, rpcUrl: string): Promise<RpcCount> {
  const page = await context.newPage();
  const log: { atMs: number; methods: string[] }[] = [];
  let start = Date.now();
  let counting = true;
  page.on("request", (request) => {
    if (!counting || request.method() !== "POST" || !request.url().startsWith(rpcUrl)) return;
    let methods: string[] = [];
    try {
      const body = JSON.parse(request.postData() ?? "null") as { method: string } | { method: string }[];
      methods = (Array.isArray(body) ? body : [body]).map((call) => call.method);
    } catch {
      methods = ["(unparsed)"];
    }
    log.push({ atMs: Date.now() - start, methods });
  });
  start = Date.now();
  await page.goto(url);
  await page.waitForFunction(PAGE_READY, undefined, { timeout: 30_000, polling: 20 });
  const readyMs = Date.now() - start;
  counting = false;
  return { requests: log.length, calls: log.reduce((n, entry) => n + entry.methods.length, 0), readyMs, log, page };
}

/** In-page predicates (strings, as PAGE_READY) of "the trade is on screen", given the state before the click. */
const NEW_POSITION_ROW = {
  before: `document.querySelectorAll('[data-testid^="position-row-"]').length`,
  done: `(initial) => document.querySelectorAll('[data-testid^="position-row-"]').length > initial`,
};
/** The newest order row (the one this click committed: ids only grow) shows Filled. */
const FILLED_ORDER = {
  before: `document.querySelector('[data-testid^="order-row-"]')?.getAttribute('data-testid') ?? ''`,
  done: `(initial) => { const row = document.querySelector('[data-testid^="order-row-"]'); return row !== null && row.getAttribute('data-testid') !== initial && row.getAttribute('data-status') === 'filled'; }`,
};
type DoneWhen = typeof NEW_POSITION_ROW;

const armTradeTimer = (when: DoneWhen) => `(() => {
  const initial = ${when.before};
  const done = ${when.done};
  window.__benchClickAt = undefined;
  document.addEventListener('click', () => { window.__benchClickAt = performance.now(); }, { capture: true, once: true });
  window.__benchRowAt = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (done(initial)) {
        observer.disconnect();
        resolve(performance.now());
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-status'] });
  });
})()`;

/** Five buys of different strikes, each timed from the click on the submit button to `when.done` (row shown). */
async function tradeToVisible(page: Page, when: DoneWhen): Promise<number[]> {
  const timings: number[] = [];
  const strikes = await page.locator('[data-testid^="chain-call-"]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute("data-testid") ?? ""));
  if (strikes.length < TRADES) throw new Error(`only ${strikes.length} call strikes listed`);
  for (let i = 0; i < TRADES; i++) {
    await page.getByTestId(strikes[i]).click();
    await page.getByTestId("ticket-size").fill(TRADE_SIZE);
    const submit = page.getByTestId("ticket-submit");
    await submit.waitFor({ state: "visible" });
    await page.waitForFunction(() => !(document.querySelector('[data-testid="ticket-submit"]') as HTMLButtonElement | null)?.disabled, undefined, { timeout: 20_000 });
    const before = await page.locator('[data-testid^="position-row-"]').count();
    // A string for the same reason as PAGE_READY. The click time is taken by a capturing listener (the click
    // event itself), the row time by a MutationObserver: both in the page, so Playwright's round trips are not counted.
    await page.evaluate(armTradeTimer(when));
    await submit.click();
    await page.locator('[data-testid^="position-row-"]').nth(before).waitFor({ state: "visible", timeout: 30_000 });
    const ms = (await page.evaluate("window.__benchRowAt.then((at) => at - window.__benchClickAt)")) as number;
    timings.push(ms);
    // Let the ticket settle (size cleared after confirmation) before the next order.
    await page.waitForFunction(() => (document.querySelector('[data-testid="ticket-size"]') as HTMLInputElement | null)?.value === "", undefined, { timeout: 10_000 }).catch(() => undefined);
  }
  return timings;
}
