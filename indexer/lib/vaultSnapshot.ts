// A vault's NAV and share price at the end of a block, read from the vault itself at that block.
import type { Context } from "ponder:registry";
import { vaultSnapshots } from "ponder:schema";
import { mainVaultAbi } from "../../lib/generated";
import { vaultInfo } from "./deployment";

type Hex = `0x${string}`;

/** 1e24 shares: the vaults' shares carry 6 more decimals than their asset (ERC-4626 decimals offset). */
const ONE_SHARE_UNIT = 10n ** 24n;

export async function snapshotVault(context: Context, vault: Hex, block: { number: bigint; timestamp: bigint }): Promise<void> {
  const { kind, token } = vaultInfo(vault);
  const id = `${vault.toLowerCase()}-${block.number}`;
  // Read at the end of the block: every later event of the same block would read the same three numbers again.
  if (await context.db.find(vaultSnapshots, { id })) return;
  // Both vault kinds share these ERC-4626 views; the main vault's ABI has them all.
  const read = (functionName: "totalAssets" | "totalSupply") =>
    context.client.readContract({ address: vault, abi: mainVaultAbi, functionName, blockNumber: block.number });
  let totals: [bigint, bigint, bigint];
  try {
    totals = await Promise.all([
      read("totalAssets"),
      read("totalSupply"),
      context.client.readContract({ address: vault, abi: mainVaultAbi, functionName: "convertToAssets", args: [ONE_SHARE_UNIT], blockNumber: block.number }),
    ]);
  } catch (error) {
    // The main vault refuses to value its book on stale prices: no snapshot then, rather than a wrong one.
    console.warn(`[indexer] no snapshot of ${vault} at block ${block.number}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    return;
  }
  const [totalAssets, totalSupply, sharePrice] = totals;
  const row = { totalAssets, totalSupply, sharePrice, timestamp: Number(block.timestamp), blockNumber: block.number };
  await context.db
    .insert(vaultSnapshots)
    .values({ id, vault: vault.toLowerCase() as Hex, kind, token, ...row })
    .onConflictDoUpdate(row);
}
