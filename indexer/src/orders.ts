// Two-step orders (OrderRouter): committed → settled (at the reports' prices, joined to the engine's
// PositionTraded of the same transaction) or cancelled with the engine's reason.
import { and, desc, eq, isNull } from "ponder";
import { ponder } from "ponder:registry";
import { fills, orders, positionEvents } from "ponder:schema";
import { cancelReasonName } from "../lib/cancelReason";
import { eventFields, lower } from "../lib/eventFields";

ponder.on("OrderRouter:OrderCommitted", async ({ event, context }) => {
  const o = event.args.order;
  const f = eventFields(event);
  await context.db.insert(orders).values({
    orderId: event.args.orderId,
    trader: lower(o.trader),
    token: lower(o.token),
    marketId: BigInt(o.marketId),
    underlying: o.underlying,
    isBuy: o.isBuy,
    size: o.size,
    acceptablePrice: o.acceptablePrice,
    executionFee: o.fee,
    committedAt: o.committedAt,
    expiresAt: o.expiresAt,
    status: "committed",
    commitBlockNumber: f.blockNumber,
    commitTxHash: f.txHash,
  });
});

ponder.on("OrderRouter:OrderSettled", async ({ event, context }) => {
  const f = eventFields(event);
  const order = await context.db.find(orders, { orderId: event.args.orderId });
  if (!order) throw new Error(`OrderSettled ${f.id}: order ${event.args.orderId} was never committed`);
  // The engine's event precedes the router's in the same transaction; one pending order per account means at
  // most one such event per (trader, market) per settle transaction.
  const [executed] = await context.db.sql
    .select()
    .from(positionEvents)
    .where(
      and(
        eq(positionEvents.txHash, f.txHash),
        eq(positionEvents.trader, order.trader),
        eq(positionEvents.marketId, order.marketId),
        isNull(positionEvents.orderId),
      ),
    )
    .orderBy(desc(positionEvents.logIndex))
    .limit(1);
  if (!executed) throw new Error(`OrderSettled ${f.id}: no engine position event for order ${order.orderId}`);
  await context.db.update(positionEvents, { id: executed.id }).set({ orderId: order.orderId });
  const observedAt = Number(event.args.observedAt);
  await context.db.update(orders, { orderId: order.orderId }).set({
    status: "settled",
    fillPrice: event.args.price,
    feeUsd: executed.feeUsd,
    pnlUsd: executed.pnlUsd,
    observedAt,
    settler: lower(event.args.settler),
    completedAt: f.timestamp,
    completedBlockNumber: f.blockNumber,
    completedTxHash: f.txHash,
  });
  await context.db.insert(fills).values({
    ...f,
    orderId: order.orderId,
    positionEventId: executed.id,
    trader: order.trader,
    token: order.token,
    marketId: order.marketId,
    isBuy: order.isBuy,
    size: executed.size,
    price: event.args.price,
    feeUsd: executed.feeUsd,
    pnlUsd: executed.pnlUsd,
    observedAt,
    settler: lower(event.args.settler),
  });
});

ponder.on("OrderRouter:OrderCancelled", async ({ event, context }) => {
  const f = eventFields(event);
  await context.db.update(orders, { orderId: event.args.orderId }).set({
    status: "cancelled",
    cancelledBy: lower(event.args.by),
    reason: event.args.reason,
    reasonName: cancelReasonName(event.args.reason),
    completedAt: f.timestamp,
    completedBlockNumber: f.blockNumber,
    completedTxHash: f.txHash,
  });
});
