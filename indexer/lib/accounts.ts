// Running totals per margin account (trader, stock token): every handler that moves one adds to it here.
import type { Context } from "ponder:registry";
import { accounts } from "ponder:schema";

type Hex = `0x${string}`;

export interface AccountDelta {
  deposited?: bigint;
  withdrawn?: bigint;
  fundingPaidUsd?: bigint;
  fundingPaidX?: bigint;
  fundingReceivedUsd?: bigint;
  fundingReceivedX?: bigint;
  realizedPnlUsd?: bigint;
  feesUsd?: bigint;
  liquidations?: number;
}

export async function addToAccount(context: Context, trader: Hex, token: Hex, timestamp: number, delta: AccountDelta): Promise<void> {
  await context.db
    .insert(accounts)
    .values({
      trader,
      token,
      deposited: delta.deposited ?? 0n,
      withdrawn: delta.withdrawn ?? 0n,
      fundingPaidUsd: delta.fundingPaidUsd ?? 0n,
      fundingPaidX: delta.fundingPaidX ?? 0n,
      fundingReceivedUsd: delta.fundingReceivedUsd ?? 0n,
      fundingReceivedX: delta.fundingReceivedX ?? 0n,
      realizedPnlUsd: delta.realizedPnlUsd ?? 0n,
      feesUsd: delta.feesUsd ?? 0n,
      liquidations: delta.liquidations ?? 0,
      updatedAt: timestamp,
    })
    .onConflictDoUpdate((row) => ({
      deposited: row.deposited + (delta.deposited ?? 0n),
      withdrawn: row.withdrawn + (delta.withdrawn ?? 0n),
      fundingPaidUsd: row.fundingPaidUsd + (delta.fundingPaidUsd ?? 0n),
      fundingPaidX: row.fundingPaidX + (delta.fundingPaidX ?? 0n),
      fundingReceivedUsd: row.fundingReceivedUsd + (delta.fundingReceivedUsd ?? 0n),
      fundingReceivedX: row.fundingReceivedX + (delta.fundingReceivedX ?? 0n),
      realizedPnlUsd: row.realizedPnlUsd + (delta.realizedPnlUsd ?? 0n),
      feesUsd: row.feesUsd + (delta.feesUsd ?? 0n),
      liquidations: row.liquidations + (delta.liquidations ?? 0),
      updatedAt: timestamp,
    }));
}
