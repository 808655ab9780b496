/**
 * Runs the one Foundry deploy script (contracts/script/Deploy.s.sol) against an RPC, with a JSON config
 * that picks the network mode (contracts/deploy/*.json), and returns the deployment file it wrote.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { ANVIL_KEYS, BIN, ROOT } from "./anvil";

const run = promisify(execFile);

export interface StockDeployment {
  index: number;
  name: string;
  feedName: string;
  token: `0x${string}`;
  feed: `0x${string}`;
  pair: `0x${string}`;
}

export interface Deployment {
  chainId: number;
  mode: "local" | "external";
  startBlock: number;
  contracts: Record<string, `0x${string}`>;
  stocks: Record<string, StockDeployment>;
}

export interface DeployOptions {
  rpcUrl: string;
  /** Path relative to contracts/ or absolute. Default deploy/local.json. */
  config?: string;
  /** Where to write the deployment JSON. Default lib/deployments/<chainId>.json. */
  out?: string;
  privateKey?: string;
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
  };
  try {
    await run(BIN("forge"), ["script", "script/Deploy.s.sol", "--rpc-url", options.rpcUrl, "--broadcast", "--slow"], {
      cwd: contractsDir,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    throw new Error(`forge script failed:\n${e.stderr ?? ""}\n${(e.stdout ?? "").slice(-4000)}`);
  }
  return { deployment: readDeployment(file), file };
}

export function readDeployment(file: string): Deployment {
  return JSON.parse(readFileSync(file, "utf8")) as Deployment;
}

export async function rpcChainId(rpcUrl: string): Promise<number> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
  });
  const body = (await res.json()) as { result: string };
  return Number(body.result);
}
