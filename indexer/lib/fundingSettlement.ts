// What a settlement of an account's funding does to its positions (EngineBase._settlePositionFunding): every open
// position whose funding index is behind its market's settled index moves to it; a long owes PositionMath.funding
// (summed into FundingSettled), a short receives PositionMath.fundingReceived (summed into FundingReceived). The
// engine emits each event only when its sum is non-zero, so a short whose funding rounds to 0 moves silently:
// `catchUpShorts` moves those at the next trade or withdrawal (each settles the account first). A long behind its
// market always owes at least 1 wei (rounded up), so FundingSettled has moved it already.
import type { Context } from "ponder:registry";
import { positions } from "ponder:schema";
import { currentCumFunding, openPositionsOf } from "./lookups";
import { abs, settledIndex } from "./positionMath";

type Hex = `0x${string}`;

/** USD one position of |size| `size` settles from `index` to `cumFunding`. */
export type FundingAmount = (size: bigint, index: bigint, cumFunding: bigint) => bigint;

/**
 * Moves the `side` positions of (trader, token) that are behind their market to its settled index, adding what
 * `amount` gives each to its `fundingPaidUsd` (longs) or `fundingReceivedUsd` (shorts); returns the sum.
 */
export async function settleSide(
  context: Context,
  trader: Hex,
  token: Hex,
  side: "long" | "short",
  timestamp: number,
  amount: FundingAmount,
): Promise<bigint> {
  let total = 0n;
  for (const position of await openPositionsOf(context, trader, token)) {
    if (position.side !== side) continue;
    const cum = await currentCumFunding(context, position.marketId);
    const to = settledIndex(cum);
    if (to <= position.fundingIndex) continue;
    const due = amount(abs(position.size), position.fundingIndex, cum);
    total += due;
    await context.db.update(positions, { id: position.id }).set({
      fundingIndex: to,
      ...(side === "long" ? { fundingPaidUsd: position.fundingPaidUsd + due } : { fundingReceivedUsd: position.fundingReceivedUsd + due }),
      updatedAt: timestamp,
    });
  }
  return total;
}

/** Shorts the engine's settlement moved without a FundingReceived (their funding rounded to 0). */
export async function catchUpShorts(context: Context, trader: Hex, token: Hex, timestamp: number): Promise<void> {
  await settleSide(context, trader, token, "short", timestamp, () => 0n);
}
