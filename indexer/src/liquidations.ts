// Liquidated: the whole account closes at theo in one event (no PositionTraded per position), so each open
// position of the account is marked liquidated and the engine's total PnL is kept on the liquidation row.
// BadDebt: what the account could not cover, and the insurance vault's part of it.
import { ponder } from "ponder:registry";
import { badDebts, liquidations, positions } from "ponder:schema";
import { addToAccount } from "../lib/accounts";
import { eventFields, lower } from "../lib/eventFields";
import { markClosed, openPositionsOf } from "../lib/lookups";

ponder.on("LivestockEngine:Liquidated", async ({ event, context }) => {
  const f = eventFields(event);
  const trader = lower(event.args.trader);
  const token = lower(event.args.token);
  const open = await openPositionsOf(context, trader, token);
  for (const position of open) {
    await context.db.update(positions, { id: position.id }).set({
      status: "liquidated",
      size: 0n,
      liquidationId: f.id,
      closedAt: f.timestamp,
      closedBlockNumber: f.blockNumber,
      closedTxHash: f.txHash,
      updatedAt: f.timestamp,
    });
    await markClosed(context, trader, token, position.marketId);
  }
  await context.db.insert(liquidations).values({
    ...f,
    trader,
    token,
    liquidator: lower(event.args.liquidator),
    pnlUsd: event.args.pnlUsd,
    rewardX: event.args.rewardX,
    positionsClosed: open.length,
  });
  await addToAccount(context, trader, token, f.timestamp, { realizedPnlUsd: event.args.pnlUsd, liquidations: 1 });
});

ponder.on("LivestockEngine:BadDebt", async ({ event, context }) => {
  await context.db.insert(badDebts).values({
    ...eventFields(event),
    token: lower(event.args.token),
    trader: lower(event.args.trader),
    amountX: event.args.amountX,
    coveredByInsurance: event.args.coveredByInsurance,
  });
});
