import { mkdirSync, writeFileSync } from "node:fs";
import { startAnvil } from "../scripts/lib/anvil";
import { deploy, rpc } from "../scripts/lib/deploy";
import { ANVIL_PID_FILE, SNAPSHOT_FILE, STATE_DIR } from "./fixtures/chain";
import { E2E_RPC_PORT } from "./ports";

/**
 * Anvil with Livestock deployed and seeded by the same code path as `npm run dev`, and a snapshot of that
 * state: every test reverts to it first (e2e/fixtures/chain.ts), so specs do not depend on their order.
 */
export default async function globalSetup(): Promise<void> {
  mkdirSync(STATE_DIR, { recursive: true });
  const anvil = await startAnvil({ port: E2E_RPC_PORT });
  writeFileSync(ANVIL_PID_FILE, String(anvil.process.pid));
  anvil.process.unref();
  await deploy({ rpcUrl: anvil.rpcUrl });
  writeFileSync(SNAPSHOT_FILE, await rpc<string>(anvil.rpcUrl, "evm_snapshot", []));
}
