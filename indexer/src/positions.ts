// PositionTraded: a position row per life (size 0 → size 0, on one side) and an event row per trade, with the
// engine's signed size, price, fee and PnL as emitted. A trade against the open position is an open, an increase
// (same side), a decrease, a close, or a flip (larger than the position: it closes it and opens the rest on the
// other side, as a new row). Entry price and funding index follow the engine's own rounding.
import { ponder, type Context } from "ponder:registry";
import { positionEvents, positions } from "ponder:schema";
import { addToAccount } from "../lib/accounts";
import { eventFields, lower, type EventFields } from "../lib/eventFields";
import { catchUpShorts } from "../lib/fundingSettlement";
import { currentCumFunding, markClosed, markOpen, marketToken, openPosition } from "../lib/lookups";
import { abs, averageEntry, openingIndex } from "../lib/positionMath";

type Hex = `0x${string}`;
type Side = "long" | "short";

const sideOf = (size: bigint): Side => (size > 0n ? "long" : "short");

ponder.on("LivestockEngine:PositionTraded", async ({ event, context }) => {
  const f = eventFields(event);
  const trader = lower(event.args.trader);
  const { marketId, size, price, feeUsd, newSize, pnlUsd } = event.args;
  const token = await marketToken(context, marketId);
  // The engine settled the account's funding before the trade (FundingSettled / FundingReceived, indexed before this).
  await catchUpShorts(context, trader, token, f.timestamp);
  const existing = await openPosition(context, trader, marketId);
  const oldSize = existing?.size ?? 0n;
  if (oldSize + size !== newSize) {
    throw new Error(`PositionTraded ${f.id}: ${trader} held ${oldSize} in market ${marketId}, traded ${size}, the engine says ${newSize}`);
  }
  let kind: "open" | "increase" | "decrease" | "close" | "flip";
  if (!existing) {
    kind = "open";
    await openNew(context, f, trader, token, marketId, newSize, price, feeUsd);
  } else if (oldSize > 0n === size > 0n) {
    kind = "increase";
    // The engine settled this position's funding first, so its index stays.
    await context.db.update(positions, { id: existing.id }).set({
      size: newSize,
      maxSize: abs(newSize) > abs(existing.maxSize) ? newSize : existing.maxSize,
      entryPrice: averageEntry(abs(oldSize), existing.entryPrice, abs(size), price, oldSize > 0n),
      feesUsd: existing.feesUsd + feeUsd,
      updatedAt: f.timestamp,
    });
  } else {
    kind = abs(size) < abs(oldSize) ? "decrease" : newSize === 0n ? "close" : "flip";
    const closes = kind !== "decrease";
    await context.db.update(positions, { id: existing.id }).set({
      size: closes ? 0n : newSize,
      status: closes ? "closed" : "open",
      realizedPnlUsd: existing.realizedPnlUsd + pnlUsd,
      feesUsd: existing.feesUsd + feeUsd,
      updatedAt: f.timestamp,
      ...(closes ? { closedAt: f.timestamp, closedBlockNumber: f.blockNumber, closedTxHash: f.txHash } : {}),
    });
    if (closes) await markClosed(context, trader, token, marketId);
    // The rest opens on the other side at the trade's price; the trade's fee stays on the position it closed.
    if (kind === "flip") await openNew(context, f, trader, token, marketId, newSize, price, 0n);
  }
  await context.db.insert(positionEvents).values({
    ...f,
    positionId: existing?.id ?? f.id,
    trader,
    token,
    marketId,
    side: existing?.side ?? sideOf(newSize),
    kind,
    size,
    sizeAfter: newSize,
    price,
    feeUsd,
    pnlUsd,
  });
  await addToAccount(context, trader, token, f.timestamp, { feesUsd: feeUsd, realizedPnlUsd: pnlUsd });
});

/** A new position of signed `size` at `price`, its id this event's id. */
async function openNew(context: Context, f: EventFields, trader: Hex, token: Hex, marketId: bigint, size: bigint, price: bigint, feeUsd: bigint) {
  const isLong = size > 0n;
  await context.db.insert(positions).values({
    id: f.id,
    trader,
    token,
    marketId,
    status: "open",
    side: sideOf(size),
    size,
    maxSize: size,
    entryPrice: averageEntry(0n, 0n, abs(size), price, isLong),
    fundingIndex: openingIndex(await currentCumFunding(context, marketId), isLong),
    realizedPnlUsd: 0n,
    feesUsd: feeUsd,
    fundingPaidUsd: 0n,
    fundingReceivedUsd: 0n,
    openedAt: f.timestamp,
    openedBlockNumber: f.blockNumber,
    openedTxHash: f.txHash,
    updatedAt: f.timestamp,
  });
  await markOpen(context, trader, token, marketId, f.id);
}
