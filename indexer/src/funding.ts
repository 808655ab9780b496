// Funding: FundingAccrued per market (the app derives rates from cumFunding differences) and FundingSettled per
// account, split over the account's open positions exactly as the engine computed each position's share.
import { ponder } from "ponder:registry";
import { fundingAccruals, fundingPayments, markets, positions } from "ponder:schema";
import { addToAccount } from "../lib/accounts";
import { eventFields, lower } from "../lib/eventFields";
import { currentCumFunding, openPositionsOf } from "../lib/lookups";
import { fundingOwed, settledIndex } from "../lib/positionMath";

ponder.on("LivestockEngine:FundingAccrued", async ({ event, context }) => {
  await context.db.insert(fundingAccruals).values({
    ...eventFields(event),
    marketId: event.args.marketId,
    cumFunding: event.args.cumFunding,
    spot: event.args.spot,
  });
  // The market's current index, read by primary key when a position opens or settles funding (lib/lookups.ts).
  await context.db.update(markets, { marketId: event.args.marketId }).set({ cumFunding: event.args.cumFunding });
});

ponder.on("LivestockEngine:FundingSettled", async ({ event, context }) => {
  const f = eventFields(event);
  const trader = lower(event.args.trader);
  const token = lower(event.args.token);
  const { fundingUsd, amountX } = event.args;
  await context.db.insert(fundingPayments).values({ ...f, trader, token, fundingUsd, amountX });
  let attributed = 0n;
  for (const position of await openPositionsOf(context, trader, token)) {
    const cum = await currentCumFunding(context, position.marketId);
    const owed = fundingOwed(position.size, position.fundingIndex, cum);
    if (owed === 0n) continue;
    attributed += owed;
    await context.db.update(positions, { id: position.id }).set({
      fundingIndex: settledIndex(cum),
      fundingPaidUsd: position.fundingPaidUsd + owed,
      updatedAt: f.timestamp,
    });
  }
  // The engine's total is the sum of the same per-position amounts: a difference means the mirror drifted.
  if (attributed !== fundingUsd) {
    console.warn(`[indexer] FundingSettled ${f.id}: positions owe ${attributed}, the engine charged ${fundingUsd}`);
  }
  await addToAccount(context, trader, token, f.timestamp, { fundingPaidUsd: fundingUsd, fundingPaidX: amountX });
});
