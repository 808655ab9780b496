// The deployment the indexer follows: the same JSON file the app and the keeper read (lib/deployments/<chainId>.json,
// written by scripts/lib/deploy.ts). Read once when Ponder loads the config and the handlers, so both see the
// same addresses.
import { readFileSync } from "node:fs";
import path from "node:path";

type Address = `0x${string}`;

interface StockEntry {
  token: Address;
  mainVault: Address;
  insuranceVault: Address;
}

export interface IndexedDeployment {
  chainId: number;
  startBlock: number;
  contracts: Record<string, Address>;
  stocks: Record<string, StockEntry>;
}

export interface VaultInfo {
  kind: "main" | "insurance";
  /** The vault's asset: the stock token, lowercase. */
  token: Address;
}

/** DEPLOYMENT_FILE, relative to the working directory (`npm run indexer` runs at the repo root), or the local chain's. */
export function deploymentFile(): string {
  return path.resolve(process.cwd(), process.env.DEPLOYMENT_FILE ?? "lib/deployments/31337.json");
}

function lower(address: Address): Address {
  return address.toLowerCase() as Address;
}

export function loadDeployment(file = deploymentFile()): IndexedDeployment {
  const raw = JSON.parse(readFileSync(file, "utf8")) as IndexedDeployment;
  if (!raw.contracts?.LivestockEngine) throw new Error(`${file}: no LivestockEngine address`);
  return raw;
}

export const deployment = loadDeployment();

/** Vault address (lowercase) → kind and token: which vault an ERC-4626 event came from. */
export const vaults: ReadonlyMap<Address, VaultInfo> = new Map(
  Object.values(deployment.stocks).flatMap((s): [Address, VaultInfo][] => [
    [lower(s.mainVault), { kind: "main", token: lower(s.token) }],
    [lower(s.insuranceVault), { kind: "insurance", token: lower(s.token) }],
  ]),
);

/** Both vaults of a stock token (lowercase), for snapshots after a fee distribution to them. */
export function vaultsOfToken(token: Address): Address[] {
  const t = lower(token);
  return [...vaults].filter(([, v]) => v.token === t).map(([address]) => address);
}

export function vaultInfo(address: Address): VaultInfo {
  const info = vaults.get(lower(address));
  if (!info) throw new Error(`vault ${address} is not in the deployment`);
  return info;
}
