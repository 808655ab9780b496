/**
 * `npm run bench`: measures gas, pricing and the web app, writes bench/results.json and prints each result
 * beside its budget (bench/budgets.json), marking those over. A benchmark, not a test: it exits 0 whatever
 * the numbers (and when a section cannot run, it says so and carries on); `npm test` does not run it.
 *
 *   npm run bench                 everything (about 3 minutes on 2 cores without history, most of it `next build`;
 *                                 history adds about 17: 100,000 events written, then the indexer's sync; 1,016 s measured once)
 *   npm run bench -- --only gas   one or more sections: gas, pricing, keeper, web, history (comma-separated)
 *   npm run bench -- --reuse-build  measure the existing .next-bench instead of building (while iterating)
 *
 * Ports: anvil on BENCH_RPC_PORT (8549) and the app on BENCH_APP_PORT (3109), away from `npm run dev`
 * (8545/3000) and the e2e stack (8547/3107); the build goes to .next-bench, not .next.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { priceImpact, SKEW_ALPHA } from "../../lib/impact";
import { BIN, ROOT, startAnvil, type AnvilHandle } from "../lib/anvil";
import { comparePricingGrid, deployPricingLens } from "../lib/pricingGrid";
import { compare, failedForgeTests, formatTable, gasResults, parseBudgets, parseForgeLogs, summary, type Results } from "./report";
import { runHistory } from "./history";
import { runKeeperCrash } from "./keeperCrash";
import { runWeb } from "./web";

const SECTIONS = ["gas", "pricing", "keeper", "web", "history"] as const;
type Section = (typeof SECTIONS)[number];

const BENCH_DIR = path.join(ROOT, "bench");
const log = (line: string) => console.log(`[bench] ${line}`);

/** `npm run gas`'s command: the Foundry gas tests, each call its own transaction; they log `gas.*` numbers. */
type Outcome = { results: Results; details: Record<string, unknown>; error?: Error };

async function gasSection(): Promise<Outcome> {
  const args = ["test", "--isolate", "--match-path", "test/gas/*", "-vv"];
  const output = await new Promise<string>((resolve, reject) => {
    execFile(BIN("forge"), args, { cwd: path.join(ROOT, "contracts"), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      // A gas test that fails its own budget assertion exits non-zero but still logs its number.
      const text = `${stdout}\n${stderr}`;
      if (error && !/Ran \d+ tests?/.test(text)) reject(new Error(`forge ${args.join(" ")} failed:\n${text.slice(-3000)}`));
      else resolve(text);
    });
  });
  const logs = parseForgeLogs(output);
  const failed = failedForgeTests(output);
  if (failed.length > 0) log(`gas tests that failed their assertion (numbers still reported): ${failed.join(", ")}`);
  return { results: gasResults(logs), details: { logs, failed } };
}

/** The keeper's crash test (scripts/bench/keeperCrash.ts, also run by `npm test`): 1,000 accounts, BTC −30 %. */
async function keeperSection(): Promise<Outcome> {
  const r = await runKeeperCrash({ accounts: 1_000, killMidRun: true, log });
  return {
    results: {
      "keeper.crash1000.blocksToClear": r.blocksToClear,
      "keeper.crash1000.badDebtUsd": r.badDebtUsd,
      "keeper.crash1000.liquidated": r.liquidated,
      "keeper.crash1000.maxLiquidationsPerBlock": r.maxLiquidationsPerBlock,
      "keeper.crash1000.gasPerLiquidation": r.liquidated > 0 ? Math.round(Number(r.liquidationGas) / r.liquidated) : 0,
    },
    details: { ...r, liquidationGas: r.liquidationGas.toString() },
  };
}

/**
 * The skew's price impact (docs/decisions/009-skew-calibration.md): percent over theo of buying 1 BTC of the ATM
 * BTC call (K = S = 95,000, σ oracle 55 %, T = 7 days) from a flat $10M vault, at the contract's α (SKEW_ALPHA).
 */
function skewImpact(): { results: Results; details: Record<string, unknown> } {
  const r = priceImpact("call", 95_000, 95_000, 0.55, 1, 10_000_000, SKEW_ALPHA);
  return {
    results: { "pricing.impact1BtcAtm10M": r.impactPct },
    details: { impact1BtcAtm10M: { alpha: SKEW_ALPHA, sigmaUsed: r.sigmaUsed, theo: r.theo, absDelta: r.absDelta, price: r.price } },
  };
}

/** The skew impact (pure), then the unit test's Solidity-vs-float64 grid (lib/pricing.grid.test.ts) on a throwaway anvil. */
async function pricingSection(): Promise<Outcome> {
  const impact = skewImpact();
  let anvil: AnvilHandle | undefined;
  try {
    anvil = await startAnvil();
    const { client, lens } = await deployPricingLens(anvil.rpcUrl);
    const grid = await comparePricingGrid(client, lens);
    return {
      results: { ...impact.results, "pricing.maxRelError": grid.maxRelError },
      details: { ...impact.details, points: grid.points, maxDeltaAbsError: grid.maxDeltaAbsError, pointsBelowFloor: grid.pointsBelowFloor, maxAbsErrorBelowFloorWei: grid.maxAbsErrorBelowFloorWei, worst: grid.worst },
    };
  } catch (error) {
    // The impact needs no chain: report it even when anvil or the grid fails.
    return { ...impact, error: error instanceof Error ? error : new Error(String(error)) };
  } finally {
    await anvil?.stop();
  }
}

function parseSections(argv: string[]): Section[] {
  const at = argv.indexOf("--only");
  if (at === -1) return [...SECTIONS];
  const wanted = (argv[at + 1] ?? "").split(",").filter(Boolean);
  const unknown = wanted.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (wanted.length === 0 || unknown.length > 0) throw new Error(`--only takes ${SECTIONS.join(",")}; got ${argv[at + 1] ?? "nothing"}`);
  return wanted as Section[];
}

async function main(): Promise<void> {
  const started = Date.now();
  const budgets = parseBudgets(JSON.parse(readFileSync(path.join(BENCH_DIR, "budgets.json"), "utf8")));
  const sections = parseSections(process.argv.slice(2));
  const results: Results = {};
  const details: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const reuseBuild = process.argv.includes("--reuse-build");
  const run: Record<Section, () => Promise<Outcome>> = {
    gas: gasSection,
    pricing: pricingSection,
    keeper: keeperSection,
    web: () =>
      runWeb({
        rpcPort: Number(process.env.BENCH_RPC_PORT ?? 8549),
        appPort: Number(process.env.BENCH_APP_PORT ?? 3109),
        reuseBuild,
        log,
      }),
    // ~100,000 events on anvil, then the /premiums and /pool history through the indexer and through getLogs.
    history: () => runHistory({ log }),
  };
  for (const section of sections) {
    const t = Date.now();
    log(`${section}…`);
    try {
      const outcome = await run[section]();
      Object.assign(results, outcome.results);
      details[section] = outcome.details;
      if (outcome.error) throw outcome.error;
      log(`${section} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    } catch (error) {
      errors[section] = error instanceof Error ? error.message : String(error);
      log(`${section} FAILED: ${errors[section]}`);
    }
  }

  // A partial run (--only) keeps the other sections' last numbers.
  const file = path.join(BENCH_DIR, "results.json");
  let previous: Results = {};
  if (sections.length < SECTIONS.length) {
    try {
      previous = JSON.parse(readFileSync(file, "utf8")) as Results;
    } catch {
      previous = {};
    }
  }
  const merged: Results = { ...previous, ...results };
  const rows = compare(merged, budgets);
  const ordered = Object.fromEntries(rows.filter((r) => r.value !== undefined).map((r) => [r.metric, r.value]));
  writeFileSync(file, `${JSON.stringify(ordered, null, 2)}\n`);
  mkdirSync(path.join(BENCH_DIR, "tmp"), { recursive: true });
  const detailsFile = path.join(BENCH_DIR, "tmp", "details.json");
  let previousDetails: Record<string, unknown> = {};
  if (sections.length < SECTIONS.length) {
    try {
      previousDetails = (JSON.parse(readFileSync(detailsFile, "utf8")) as { details?: Record<string, unknown> }).details ?? {};
    } catch {
      previousDetails = {};
    }
  }
  const allDetails = { ...previousDetails, ...details };
  writeFileSync(detailsFile, `${JSON.stringify({ at: new Date().toISOString(), sections, errors, details: allDetails }, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2)}\n`);

  console.log(`\n${formatTable(rows)}\n`);
  console.log(summary(rows));
  for (const [section, message] of Object.entries(errors)) console.log(`${section}: could not run (${message.split("\n")[0]})`);
  console.log(`\nwrote ${path.relative(ROOT, file)} (details: bench/tmp/details.json) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error) => {
  console.error(`[bench] ${error instanceof Error ? error.stack : String(error)}`);
  process.exitCode = 1;
});
