/**
 * The history bench (issue 14): `npm run bench -- --only history`.
 *
 * 1. scripts/bench/historyGenerator.ts writes ~100,000 events to a fresh anvil (push-feed deployment, simulated
 *    weeks of trades, funding, vault flows, sweeps and peg observations);
 * 2. the Ponder indexer (scripts/lib/indexerService.ts, `ponder start` on a fresh PGlite) starts against that chain:
 *    start → GET /ready 200 is its sync time; Ponder's own `ponder_indexing_completed_events` (GET /metrics) is
 *    the number of events it indexed;
 * 3. the history the /premiums and /pool pages load, through the app's own history sources (lib/history):
 *      /premiums  fundingAccruals(markets shown: the first token's BTC markets) + feeSplits()
 *      /pool      feeSplits() + sharePrices(every main and insurance vault)
 *    each page's reads concurrently, as its hooks run them, plus the hooks' shaping (fundingRatesByMarket,
 *    earningsByToken, sharePriceSeries), on a fresh source per load (no cache carried over):
 *      indexer  createPonderHistorySource against the synced indexer, HTTP requests counted by wrapping fetch
 *               (@ponder/client calls the global fetch): median of LOADS loads per page (historyIndexerLoads.ts,
 *               in a child process: see `indexerLoads`);
 *      getLogs  createRpcHistorySource on a fresh in-memory range store (a first page load: nothing in
 *               localStorage), over a viem client with the app's transport settings (lib/wagmi.ts: JSON-RPC
 *               batches of ≤ 50 after 16 ms), its HTTP requests counted with the transport's fetchFn: one load per
 *               page (each takes seconds to minutes).
 *    A metric is the slower page's number (the budget is per page load).
 */
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createClient, http } from "viem";
import { foundry } from "viem/chains";
import { readContract } from "viem/actions";
import { listStocks, parseDeployment, type Deployment as AppDeployment } from "../../lib/deployments";
import { iLivestockAbi as engineAbi } from "../../lib/generated";
import { createRpcHistorySource } from "../../lib/history/rpcSource";
import { createRangeStore } from "../../lib/indexer/rangeStore";
import { createRpcIndexer } from "../../lib/indexer/rpcIndexer";
import { freePort, ROOT, startAnvil, type AnvilHandle } from "../lib/anvil";
import { startIndexer, type IndexerHandle } from "../lib/indexerService";
import { generateHistory, type GeneratedHistory } from "./historyGenerator";
import { loadPage, type Page, type PageLoad } from "./historyPages";
import { median, type Results } from "./report";

const run = promisify(execFile);
/** Loads per page through the indexer (the median is reported). */
const LOADS = 5;

export interface HistoryBenchOptions {
  targetEvents?: number;
  log?: (line: string) => void;
}

async function getLogsLoad(page: Page, rpcUrl: string, deployment: AppDeployment, premiumsMarkets: readonly bigint[]): Promise<PageLoad> {
  let requests = 0;
  let rpcCalls = 0;
  const fetchFn: typeof fetch = (input, init) => {
    requests++;
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    rpcCalls += Array.isArray(body) ? body.length : 1;
    return fetch(input, init);
  };
  // lib/wagmi.ts's transport: JSON-RPC batches of at most 50 calls, gathered for 16 ms.
  const client = createClient({ chain: foundry, transport: http(rpcUrl, { batch: { wait: 16, batchSize: 50 }, fetchFn, timeout: 600_000 }) });
  const events = createRpcIndexer({ client, store: createRangeStore(undefined) });
  const started = performance.now();
  const rows = await loadPage(page, createRpcHistorySource({ client, deployment, events }), deployment, premiumsMarkets);
  return { ms: performance.now() - started, requests, rpcCalls, rows };
}

/** Σ of Ponder's `ponder_indexing_completed_events` gauge (one series per contract:event). */
async function indexedEventCount(url: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    let total = 0;
    let seen = false;
    for (const line of text.split("\n")) {
      const match = /^ponder_indexing_completed_events(?:\{[^}]*\})?\s+([0-9.e+]+)/.exec(line);
      if (match) {
        total += Number(match[1]);
        seen = true;
      }
    }
    return seen ? total : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The indexer loads run in a child process under vite-node (what vitest runs tests with): @ponder/client is ESM only
 * (its "exports" has no require condition) and tsx runs this repository's scripts as CommonJS, where it cannot be
 * required; Node's `--conditions=import` would resolve it but breaks CommonJS packages that `ponder` pulls in
 * (tslib under graphql-yoga). The child (historyIndexerLoads.ts) prints one JSON line with every load.
 */
async function indexerLoads(url: string, deploymentFile: string, premiumsMarkets: readonly bigint[], loads: number): Promise<Record<Page, PageLoad[]>> {
  const args = [path.join(ROOT, "scripts", "bench", "historyIndexerLoads.ts"), url, deploymentFile, premiumsMarkets.join(","), String(loads)];
  const { stdout } = await run(path.join(ROOT, "node_modules", ".bin", "vite-node"), args, {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
    timeout: 300_000,
  });
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as Record<Page, PageLoad[]>;
}

export async function runHistory(options: HistoryBenchOptions = {}): Promise<{ results: Results; details: Record<string, unknown> }> {
  const log = options.log ?? (() => undefined);
  let anvil: AnvilHandle | undefined;
  try {
    anvil = await startAnvil();
    const generated = await generateHistory({ rpcUrl: anvil.rpcUrl, targetEvents: options.targetEvents, log });
    return await measureHistory(anvil.rpcUrl, generated, log);
  } finally {
    await anvil?.stop();
  }
}

/** Steps 2 and 3 on a chain the generator wrote. */
export async function measureHistory(
  rpcUrl: string,
  generated: GeneratedHistory,
  log: (line: string) => void,
): Promise<{ results: Results; details: Record<string, unknown> }> {
  let indexer: IndexerHandle | undefined;
  let pgliteDir: string | undefined;
  try {
    const deployment = parseDeployment(generated.deployment);
    if (!deployment) throw new Error(`${generated.deploymentFile} is not a deployment the app reads`);

    // The indexer from nothing to /ready on the generated chain.
    const port = await freePort();
    pgliteDir = path.join(tmpdir(), `livestock-history-bench-${port}`);
    const syncStarted = performance.now();
    indexer = await startIndexer({
      rpcUrl,
      deploymentFile: generated.deploymentFile,
      port,
      pgliteDir,
      fresh: true,
      schema: "history_bench",
      readyTimeoutMs: 1_800_000,
      write: (line) => log(`[indexer] ${line}`),
    });
    const syncMs = performance.now() - syncStarted;
    const ponderEvents = await indexedEventCount(indexer.url);
    const indexed = ponderEvents ?? generated.indexedEvents;
    log(`[history] indexer ready after ${(syncMs / 1000).toFixed(1)} s: ${indexed.toLocaleString("en-US")} events indexed (${(indexed / (syncMs / 1000)).toFixed(0)} per second)`);

    // /premiums shows the first token's BTC markets at first.
    const first = listStocks(deployment)[0]!;
    const engine = deployment.contracts.LivestockEngine!;
    const client = createClient({ chain: foundry, transport: http(rpcUrl) });
    const count = await readContract(client, { address: engine, abi: engineAbi, functionName: "marketCount" });
    const markets = await Promise.all(
      Array.from({ length: Number(count) }, (_, i) => readContract(client, { address: engine, abi: engineAbi, functionName: "market", args: [BigInt(i + 1)] })),
    );
    const premiumsMarkets = markets.flatMap((m, i) => (m.token.toLowerCase() === first.token.toLowerCase() && m.underlying === 0 ? [BigInt(i + 1)] : []));

    const pages: Page[] = ["premiums", "pool"];
    const viaIndexer: Record<Page, PageLoad[]> = { premiums: [], pool: [] };
    Object.assign(viaIndexer, await indexerLoads(indexer.url, generated.deploymentFile, premiumsMarkets, LOADS));
    for (const page of pages) {
      const loads = viaIndexer[page];
      log(`[history] indexer /${page}: ${loads.map((l) => `${l.ms.toFixed(0)} ms`).join(", ")}; ${loads[0]!.requests} requests; rows ${JSON.stringify(loads[0]!.rows)}`);
    }
    const viaGetLogs = {} as Record<Page, PageLoad>;
    for (const page of pages) {
      viaGetLogs[page] = await getLogsLoad(page, rpcUrl, deployment, premiumsMarkets);
      const l = viaGetLogs[page];
      log(`[history] getLogs /${page}: ${l.ms.toFixed(0)} ms, ${l.requests} HTTP requests (${l.rpcCalls} JSON-RPC calls); rows ${JSON.stringify(l.rows)}`);
    }

    const indexerMs = Math.max(...pages.map((p) => median(viaIndexer[p].map((l) => l.ms))));
    const indexerRequests = Math.max(...pages.flatMap((p) => viaIndexer[p].map((l) => l.requests)));
    const getLogsMs = Math.max(...pages.map((p) => viaGetLogs[p].ms));
    return {
      results: {
        "history.events": generated.events,
        "history.indexer100k.ms": indexerMs,
        "history.indexer100k.requests": indexerRequests,
        "history.getLogs100k.ms": getLogsMs,
        "history.getLogs100k.requests": Math.max(...pages.map((p) => viaGetLogs[p].requests)),
        "history.indexerSyncEventsPerSec": indexed / (syncMs / 1000),
      },
      details: {
        generator: { ...generated, deployment: undefined },
        indexer: { syncMs, eventsIndexed: indexed, ponderMetric: ponderEvents !== undefined },
        premiumsMarkets: premiumsMarkets.map(String),
        viaIndexer,
        viaGetLogs,
        ratio: getLogsMs / indexerMs,
      },
    };
  } finally {
    await indexer?.stop();
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  }
}
