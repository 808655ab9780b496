import { mkdirSync, writeFileSync } from "node:fs";
import { startAnvil } from "../scripts/lib/anvil";
import { deploy, rpc } from "../scripts/lib/deploy";
import path from "node:path";
import { INDEXER_ROOT, startIndexer } from "../scripts/lib/indexerService";
import { startStreamsServices } from "../scripts/lib/streamsServices";
import { ANVIL_PID_FILE, DON_PID_FILE, INDEXER_PID_FILE, KEEPER_PID_FILE, SNAPSHOT_FILE, STATE_DIR } from "./fixtures/chain";
import { E2E_DON_PORT, E2E_INDEXER_PORT, E2E_KEEPER_PORT, E2E_RPC_PORT } from "./ports";

/**
 * Anvil with Livestock deployed and seeded by the same code path as `npm run dev`, and a snapshot of that
 * state: every test reverts to it first (e2e/fixtures/chain.ts), so specs do not depend on their order.
 * A streams deployment (OrderRouter) also gets the local DON and the keeper, as under `npm run dev`, detached
 * with their output in e2e/.state/{don,keeper}.log; the teardown stops them by pid. The indexer (Ponder, its own
 * PGlite in indexer/.ponder/e2e, output in e2e/.state/indexer.log) runs supervised: a test's snapshot revert
 * deeper than Ponder's 30-block finality stops it, and it starts again on a fresh database.
 */
export default async function globalSetup(): Promise<void> {
  mkdirSync(STATE_DIR, { recursive: true });
  const anvil = await startAnvil({ port: E2E_RPC_PORT });
  writeFileSync(ANVIL_PID_FILE, String(anvil.process.pid));
  anvil.process.unref();
  const { deployment, file } = await deploy({ rpcUrl: anvil.rpcUrl });
  if (deployment.contracts.OrderRouter) {
    const services = await startStreamsServices({
      rpcUrl: anvil.rpcUrl,
      deploymentFile: file,
      donPort: E2E_DON_PORT,
      keeperPort: E2E_KEEPER_PORT,
      logDir: STATE_DIR,
    });
    writeFileSync(DON_PID_FILE, String(services.don.pid));
    writeFileSync(KEEPER_PID_FILE, String(services.keeper.pid));
  }
  const indexerStart = Date.now();
  const indexer = await startIndexer({
    rpcUrl: anvil.rpcUrl,
    deploymentFile: file,
    port: E2E_INDEXER_PORT,
    pgliteDir: path.join(INDEXER_ROOT, ".ponder", "e2e"),
    logDir: STATE_DIR,
  });
  console.log(`[e2e setup] indexer ready in ${Date.now() - indexerStart} ms`);
  writeFileSync(INDEXER_PID_FILE, String(indexer.pid));
  writeFileSync(SNAPSHOT_FILE, await rpc<string>(anvil.rpcUrl, "evm_snapshot", []));
}
