/**
 * The indexer half of the history bench (scripts/bench/history.ts runs it under vite-node, see `indexerLoads`
 * there): loads the /premiums and /pool history through createPonderHistorySource `loads` times
 * each, a fresh source per load, counting the HTTP requests to the indexer by wrapping the global fetch
 * (@ponder/client calls it). Prints one JSON line: { premiums: PageLoad[], pool: PageLoad[] }.
 *
 *   vite-node scripts/bench/historyIndexerLoads.ts <indexer url> <deployment file> <premiums market ids, comma-separated> <loads>
 */
import { readFileSync } from "node:fs";
import { parseDeployment } from "../../lib/deployments";
import { createPonderHistorySource } from "../../lib/history/ponderSource";
import { loadPage, type Page, type PageLoad } from "./historyPages";

async function main(): Promise<void> {
  const [url, deploymentFile, marketList, loadsArg] = process.argv.slice(2);
  if (!url || !deploymentFile || marketList === undefined) throw new Error("usage: historyIndexerLoads.ts <url> <deployment file> <market ids> [loads]");
  const deployment = parseDeployment(JSON.parse(readFileSync(deploymentFile, "utf8")));
  if (!deployment) throw new Error(`${deploymentFile} is not a deployment the app reads`);
  const premiumsMarkets = marketList.split(",").filter(Boolean).map(BigInt);
  // A push-feed deployment's price charts would come from getLogs; neither page reads prices.
  const noPushPrices = { referencePrices: async () => [], spotPrices: async () => [] };
  const out: Record<Page, PageLoad[]> = { premiums: [], pool: [] };
  const original = globalThis.fetch;
  let requests = 0;
  globalThis.fetch = (input, init) => {
    const target = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (target.startsWith(url)) requests++;
    return original(input, init);
  };
  for (let i = 0; i < Number(loadsArg ?? 5); i++) {
    for (const page of ["premiums", "pool"] as const) {
      requests = 0;
      const started = performance.now();
      const rows = await loadPage(page, createPonderHistorySource({ url, deployment, pushPrices: noPushPrices }), deployment, premiumsMarkets);
      out[page].push({ ms: performance.now() - started, requests, rows });
    }
  }
  globalThis.fetch = original;
  console.log(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exitCode = 1;
});
