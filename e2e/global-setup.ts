import { writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { startAnvil } from "../scripts/lib/anvil";
import { deploy } from "../scripts/lib/deploy";
import { E2E_RPC_PORT } from "./ports";

export const STATE_DIR = path.join(__dirname, ".state");

/** Anvil with Livestock deployed and seeded by the same code path as `npm run dev`. */
export default async function globalSetup(): Promise<void> {
  const anvil = await startAnvil({ port: E2E_RPC_PORT });
  await deploy({ rpcUrl: anvil.rpcUrl });
  mkdirSync(STATE_DIR, { recursive: true });
  writeFileSync(path.join(STATE_DIR, "anvil.pid"), String(anvil.process.pid));
  anvil.process.unref();
}
