/**
 * Runs the one Foundry deploy script (contracts/script/Deploy.s.sol) against an RPC, with a JSON config
 * that picks the network mode (contracts/deploy/*.json), and returns the deployment file it wrote.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { writeDeploymentIndex } from "../../lib/deployments/writeIndex";
import { ANVIL_KEYS, BIN, ROOT } from "./anvil";

const run = promisify(execFile);

export interface StockDeployment {
  index: number;
  name: string;
  feedName: string;
  token: `0x${string}`;
  feed: `0x${string}`;
  pair: `0x${string}`;
  mainVault: `0x${string}`;
  insuranceVault: `0x${string}`;
  initialWeightBps: number;
  maintenanceWeightBps: number;
}

/** Streams mode (STREAMS=true or the config's streams.enabled): signed Data Streams reports and two-step orders. */
export interface StreamsDeploymentInfo {
  verifierProxy: `0x${string}`;
  /** The local Verifier (zero address where the proxy is Chainlink's). */
  verifier: `0x${string}`;
  /** Feed id by name: "BTC/USD", "ETH/USD", "BTC/USD-IV", "ETH/USD-IV" and each stock's feed name ("TSLA", …). */
  feeds: Record<string, `0x${string}`>;
  minDelay: number;
  settleWindow: number;
  maxLifetime: number;
  liquidationMaxAge: number;
}

export interface Deployment {
  chainId: number;
  mode: "local" | "external";
  startBlock: number;
  /** In streams mode also OrderRouter and ReportStore. */
  contracts: Record<string, `0x${string}`>;
  stocks: Record<string, StockDeployment>;
  streams?: StreamsDeploymentInfo;
}

export interface DeployOptions {
  rpcUrl: string;
  /** Path relative to contracts/ or absolute. Default deploy/local.json. */
  config?: string;
  /** Where to write the deployment JSON. Default lib/deployments/<chainId>.json. */
  out?: string;
  privateKey?: string;
  /** Seed the vaults (local chain: after letting a minute pass so the DEX TWAP has history). Default true. */
  seedVaults?: boolean;
  /** Signed reports and two-step orders (true) or push feeds (false); default: the config's `streams.enabled`. */
  streams?: boolean;
}

export async function deploy(options: DeployOptions): Promise<{ deployment: Deployment; file: string }> {
  const contractsDir = path.join(ROOT, "contracts");
  const chainId = await rpcChainId(options.rpcUrl);
  const file = options.out ?? path.join(ROOT, "lib", "deployments", `${chainId}.json`);
  const env = {
    ...process.env,
    DEPLOY_CONFIG: options.config ?? "deploy/local.json",
    PRIVATE_KEY: options.privateKey ?? ANVIL_KEYS[0],
    DEPLOYMENT_OUT: path.relative(contractsDir, file),
    ...(options.streams === undefined ? {} : { STREAMS: String(options.streams) }),
  };
  await forgeScript("script/Deploy.s.sol", options.rpcUrl, env);
  if (options.seedVaults ?? true) {
    // Vault entry needs a healthy peg, i.e. a TWAP spanning at least one second before this block.
    await rpc(options.rpcUrl, "evm_increaseTime", [60]);
    await rpc(options.rpcUrl, "evm_mine", []);
    await forgeScript("script/SeedVaults.s.sol", options.rpcUrl, { ...env, DEPLOYMENT: path.relative(contractsDir, file) });
  }
  // The app imports every lib/deployments/<chainId>.json through a generated index.
  if (options.out === undefined) writeDeploymentIndex(path.join(ROOT, "lib", "deployments"));
  return { deployment: readDeployment(file), file };
}

/**
 * A forge script that has not finished in this long is stuck, not slow: a deploy takes 5–20 s here, up to ~100 s
 * on this 2-core machine under a full load. Forge occasionally keeps "waiting for receipts" of transactions anvil
 * already mined (foundry-rs/foundry#10630), which once held a CI run's test hook until its 240 s timeout with no
 * word of where; now the deploy fails first, saying so. Not retried: the killed run's transactions may still be
 * pending, and a second run on the same chain then fails on their nonces.
 */
const FORGE_SCRIPT_TIMEOUT_MS = 200_000;

async function forgeScript(script: string, rpcUrl: string, env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(BIN("forge"), ["script", script, "--rpc-url", rpcUrl, "--broadcast"], {
      cwd: path.join(ROOT, "contracts"),
      env,
      maxBuffer: 64 * 1024 * 1024,
      timeout: FORGE_SCRIPT_TIMEOUT_MS,
      killSignal: "SIGKILL",
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; killed?: boolean };
    const why = e.killed ? `did not finish in ${FORGE_SCRIPT_TIMEOUT_MS / 1000} s (stuck waiting for receipts, or the machine overloaded)` : "failed";
    throw new Error(`forge script ${script} ${why}:\n${e.stderr ?? ""}\n${(e.stdout ?? "").slice(-4000)}`);
  }
}

export function readDeployment(file: string): Deployment {
  return JSON.parse(readFileSync(file, "utf8")) as Deployment;
}

export async function rpc<T = unknown>(rpcUrl: string, method: string, params: unknown[]): Promise<T> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

export async function rpcChainId(rpcUrl: string): Promise<number> {
  return Number(await rpc<string>(rpcUrl, "eth_chainId", []));
}
