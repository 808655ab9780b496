/**
 * Foundry build artifacts (ABI + bytecode) for scripts and tests that deploy contracts with viem.
 * The app itself uses lib/generated.ts (wagmi CLI); scripts that create contracts need the bytecode too.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Abi, Hex } from "viem";
import { BIN, ROOT } from "./anvil";

const OUT = path.join(ROOT, "contracts", "out");

export interface Artifact {
  abi: Abi;
  bytecode: Hex;
}

export function ensureContractsBuilt(): void {
  execFileSync(BIN("forge"), ["build"], { cwd: path.join(ROOT, "contracts"), stdio: "ignore" });
}

export function loadArtifact(contractName: string, sourceFile = `${contractName}.sol`): Artifact {
  const file = path.join(OUT, sourceFile, `${contractName}.json`);
  if (!existsSync(file)) ensureContractsBuilt();
  const json = JSON.parse(readFileSync(file, "utf8")) as { abi: Abi; bytecode: { object: Hex } };
  return { abi: json.abi, bytecode: json.bytecode.object };
}
