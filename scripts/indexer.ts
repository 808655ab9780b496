/**
 * `npm run indexer [-- --rpc <url>] [--deployment <file>] [--port 42069] [--schema livestock] [--keep] [--restart-on-exit]`
 *
 * The Ponder indexer (indexer/) against a deployment: defaults are the local chain (`npm run chain`: RPC
 * http://127.0.0.1:8545, lib/deployments/31337.json). With PGlite (no DATABASE_URL) a local chain's database is
 * wiped first — anvil starts from genesis every time — unless --keep; other chains keep theirs and resume.
 * Ready when GET /ready answers 200; Ctrl-C stops it. --restart-on-exit (local chains, e2e): start Ponder again on
 * a fresh database (with --keep: on the same one) when it exits, or when the chain head falls below the block it
 * has indexed — an evm_revert to a snapshot, which Ponder does not undo once it is deeper than its 30-block
 * finality (scripts/lib/rewindWatch.ts).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "./lib/anvil";
import { readDeployment } from "./lib/deploy";
import { INDEXER_PORT, startIndexer } from "./lib/indexerService";
import { UnknownBlockStall, waitForRewind } from "./lib/rewindWatch";

const LOCAL_CHAIN_IDS = new Set([31337, 1337]);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rpc: { type: "string", default: process.env.PONDER_RPC_URL ?? "http://127.0.0.1:8545" },
      deployment: { type: "string", default: process.env.DEPLOYMENT_FILE ?? "lib/deployments/31337.json" },
      port: { type: "string", default: process.env.INDEXER_PORT ?? String(INDEXER_PORT) },
      schema: { type: "string", default: process.env.DATABASE_SCHEMA ?? "livestock" },
      keep: { type: "boolean", default: false },
      pglite: { type: "string" },
      "restart-on-exit": { type: "boolean", default: false },
    },
  });
  const deploymentFile = path.resolve(ROOT, values.deployment);
  const { chainId } = readDeployment(deploymentFile);
  // A fresh detector per Ponder process: its output is read for retries of a block the chain no longer has.
  let stall = new UnknownBlockStall(6);
  const start = () => {
    stall = new UnknownBlockStall(6);
    const watching = stall;
    return startIndexer({
      rpcUrl: values.rpc,
      deploymentFile,
      port: Number(values.port),
      schema: values.schema,
      databaseUrl: process.env.DATABASE_URL,
      pgliteDir: values.pglite,
      fresh: LOCAL_CHAIN_IDS.has(chainId) && !values.keep,
      write: (line) => {
        console.log(line);
        watching.observe(line);
      },
    });
  };
  let stopping = false;
  let indexer = await start();
  const stop = async () => {
    stopping = true;
    await indexer.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  for (;;) {
    console.log(`[indexer] ready at ${indexer.url} (GET /ready, /status; SQL ${indexer.url}/sql; GraphQL ${indexer.url}/graphql)`);
    const current = indexer;
    const rewound = values["restart-on-exit"] ? waitForRewind(values.rpc, current.url, () => stopping || current !== indexer) : new Promise<undefined>(() => undefined);
    const stalled = values["restart-on-exit"] ? stall.stalled : new Promise<void>(() => undefined);
    const why = await Promise.race([
      current.exited,
      stalled.then(async () => {
        await current.stop();
        return "it kept asking for logs of a block the chain no longer has (unknown block: a revert it did not see)";
      }),
      rewound.then(async (r) => {
        if (!r) return "stopped";
        await current.stop();
        return r.replaced !== undefined
          ? `block ${r.replaced} was replaced (the chain was reverted and grew again to ${r.head})`
          : `the chain went back to block ${r.head}, below indexed block ${r.indexed}`;
      }),
    ]);
    if (stopping) return;
    if (!values["restart-on-exit"]) {
      console.error(`[indexer] Ponder exited (${why})`);
      process.exit(1);
    }
    console.warn(`[indexer] restarting Ponder: ${why}`);
    indexer = await start();
  }
}

main().catch((error) => {
  console.error(`[indexer] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
