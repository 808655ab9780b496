// PositionOpened / PositionClosed: a position row per life (size 0 → size 0) and an event row per change, with
// the engine's price, fee and PnL as emitted. Entry price and funding index follow the engine's own rounding.
import { ponder } from "ponder:registry";
import { positionEvents, positions } from "ponder:schema";
import { addToAccount } from "../lib/accounts";
import { eventFields, lower } from "../lib/eventFields";
import { currentCumFunding, markClosed, markOpen, marketToken, openPosition } from "../lib/lookups";
import { averageEntry, settledIndex } from "../lib/positionMath";

ponder.on("LivestockEngine:PositionOpened", async ({ event, context }) => {
  const f = eventFields(event);
  const trader = lower(event.args.trader);
  const { marketId, size, price, feeUsd, newSize } = event.args;
  const token = await marketToken(context, marketId);
  const existing = await openPosition(context, trader, marketId);
  let positionId: string;
  if (existing) {
    positionId = existing.id;
    // The engine settled this account's funding first (FundingSettled, indexed before this), so the index stays.
    await context.db.update(positions, { id: existing.id }).set({
      size: newSize,
      maxSize: newSize > existing.maxSize ? newSize : existing.maxSize,
      entryPrice: averageEntry(existing.size, existing.entryPrice, size, price),
      feesUsd: existing.feesUsd + feeUsd,
      updatedAt: f.timestamp,
    });
  } else {
    positionId = f.id;
    await context.db.insert(positions).values({
      id: positionId,
      trader,
      token,
      marketId,
      status: "open",
      size: newSize,
      maxSize: newSize,
      entryPrice: averageEntry(0n, 0n, size, price),
      fundingIndex: settledIndex(await currentCumFunding(context, marketId)),
      realizedPnlUsd: 0n,
      feesUsd: feeUsd,
      fundingPaidUsd: 0n,
      openedAt: f.timestamp,
      openedBlockNumber: f.blockNumber,
      openedTxHash: f.txHash,
      updatedAt: f.timestamp,
    });
    await markOpen(context, trader, token, marketId, positionId);
  }
  await context.db.insert(positionEvents).values({
    ...f,
    positionId,
    trader,
    token,
    marketId,
    kind: existing ? "increase" : "open",
    size,
    sizeAfter: newSize,
    price,
    feeUsd,
  });
  await addToAccount(context, trader, token, f.timestamp, { feesUsd: feeUsd });
});

ponder.on("LivestockEngine:PositionClosed", async ({ event, context }) => {
  const f = eventFields(event);
  const trader = lower(event.args.trader);
  const { marketId, size, price, feeUsd, pnlUsd } = event.args;
  const existing = await openPosition(context, trader, marketId);
  if (!existing) throw new Error(`PositionClosed ${f.id}: ${trader} has no open position in market ${marketId}`);
  const sizeAfter = existing.size - size;
  const closed = sizeAfter === 0n;
  await context.db.update(positions, { id: existing.id }).set({
    size: sizeAfter,
    status: closed ? "closed" : "open",
    realizedPnlUsd: existing.realizedPnlUsd + pnlUsd,
    feesUsd: existing.feesUsd + feeUsd,
    updatedAt: f.timestamp,
    ...(closed ? { closedAt: f.timestamp, closedBlockNumber: f.blockNumber, closedTxHash: f.txHash } : {}),
  });
  if (closed) await markClosed(context, trader, existing.token, marketId);
  await context.db.insert(positionEvents).values({
    ...f,
    positionId: existing.id,
    trader,
    token: existing.token,
    marketId,
    kind: closed ? "close" : "decrease",
    size,
    sizeAfter,
    price,
    feeUsd,
    pnlUsd,
  });
  await addToAccount(context, trader, existing.token, f.timestamp, { feesUsd: feeUsd, realizedPnlUsd: pnlUsd });
});
