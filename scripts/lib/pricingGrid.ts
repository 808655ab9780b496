/**
 * The Solidity-vs-float64 pricing comparison, shared by the unit test and `npm run bench`.
 * Grid (foundation issue): σ 10%…300%, S/K 0.5…2, T 1…30 days, calls and puts, two strikes.
 */
import { createPublicClient, createWalletClient, http, type Address, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { delta as deltaF64, theo as theoF64, type OptionKind } from "../../lib/pricing";
import { ANVIL_KEYS } from "./anvil";
import { loadArtifact } from "./artifacts";
import { WAD } from "../../lib/fixedPoint";


export interface GridPoint {
  kind: OptionKind;
  spot: bigint;
  strike: bigint;
  sigma: bigint;
  tYears: bigint;
  tDays: number;
}

export interface GridResult {
  points: number;
  maxRelError: number;
  worst: { point: GridPoint; solidity: number; float64: number } | null;
  maxDeltaAbsError: number;
  /**
   * Prices under this many USD are compared in wei instead: at 18 decimals a price of 1e-15 USD is 1,000 wei,
   * so its last wei alone is a 1e-3 relative error whatever the math does.
   */
  floorUsd: number;
  pointsBelowFloor: number;
  maxAbsErrorBelowFloorWei: number;
}

const SIGMAS = [0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 2.5, 3];
const T_DAYS = [1, 2, 3, 5, 7, 10, 14, 21, 30];
const STRIKES = [95_000, 3_200];
const MONEYNESS_STEPS = 16;

/** Exact wad from a decimal number given with at most 6 fractional digits. */
function toWad(x: number): bigint {
  return BigInt(Math.round(x * 1e6)) * 10n ** 12n;
}

export function buildGrid(): GridPoint[] {
  const points: GridPoint[] = [];
  for (const strike of STRIKES) {
    for (let i = 0; i < MONEYNESS_STEPS; i++) {
      const moneyness = 0.5 * Math.pow(4, i / (MONEYNESS_STEPS - 1)); // 0.5 … 2, log-spaced
      for (const sigma of SIGMAS) {
        for (const tDays of T_DAYS) {
          for (const kind of ["call", "put"] as const) {
            points.push({
              kind,
              spot: toWad(Number((strike * moneyness).toFixed(6))),
              strike: toWad(strike),
              sigma: toWad(sigma),
              tYears: (BigInt(tDays) * WAD) / 365n,
              tDays,
            });
          }
        }
      }
    }
  }
  return points;
}

const fromWad = (x: bigint) => Number(x) / 1e18;

export async function deployPricingLens(rpcUrl: string): Promise<{ client: PublicClient; lens: Address }> {
  const { abi, bytecode } = loadArtifact("PricingLens");
  const account = privateKeyToAccount(ANVIL_KEYS[0]);
  const wallet = createWalletClient({ account, chain: foundry, transport: http(rpcUrl) });
  const client = createPublicClient({ chain: foundry, transport: http(rpcUrl) });
  const hash = await wallet.deployContract({ abi, bytecode });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error("PricingLens deployment failed");
  return { client, lens: receipt.contractAddress };
}

export async function comparePricingGrid(client: PublicClient, lens: Address, floorUsd = 1e-6): Promise<GridResult> {
  const { abi } = loadArtifact("PricingLens");
  const grid = buildGrid();
  const result: GridResult = {
    points: grid.length,
    maxRelError: 0,
    worst: null,
    maxDeltaAbsError: 0,
    floorUsd,
    pointsBelowFloor: 0,
    maxAbsErrorBelowFloorWei: 0,
  };
  const CHUNK = 1_000;
  for (let start = 0; start < grid.length; start += CHUNK) {
    const chunk = grid.slice(start, start + CHUNK);
    const [prices, deltas] = (await client.readContract({
      address: lens,
      abi,
      functionName: "theoAndDeltaBatch",
      args: [
        chunk.map((p) => p.kind === "call"),
        chunk.map((p) => p.spot),
        chunk.map((p) => p.strike),
        chunk.map((p) => p.sigma),
        chunk.map((p) => p.tYears),
      ],
    })) as [readonly bigint[], readonly bigint[]];
    chunk.forEach((p, i) => {
      const args = [p.kind, fromWad(p.spot), fromWad(p.strike), fromWad(p.sigma), p.tDays / 365] as const;
      const f64 = theoF64(...args);
      const sol = fromWad(prices[i]);
      if (f64 < floorUsd) {
        result.pointsBelowFloor += 1;
        const weiError = Math.abs(sol - f64) * 1e18;
        result.maxAbsErrorBelowFloorWei = Math.max(result.maxAbsErrorBelowFloorWei, weiError);
      } else {
        const rel = Math.abs(sol - f64) / f64;
        if (result.worst === null || rel > result.maxRelError) {
          result.worst = { point: p, solidity: sol, float64: f64 };
          result.maxRelError = rel;
        }
      }
      const dErr = Math.abs(fromWad(deltas[i]) - deltaF64(...args));
      result.maxDeltaAbsError = Math.max(result.maxDeltaAbsError, dErr);
    });
  }
  return result;
}
