// Funding: FundingAccrued per market (the app derives rates from cumFunding differences); FundingSettled (what an
// account's longs paid) and FundingReceived (what its shorts received) per account, each split over the account's
// positions of that side exactly as the engine computed each position's share (lib/fundingSettlement.ts).
import { ponder } from "ponder:registry";
import { fundingAccruals, fundingPayments, markets } from "ponder:schema";
import { iLivestockAbi } from "../../lib/generated";
import { addToAccount } from "../lib/accounts";
import { eventFields, lower } from "../lib/eventFields";
import { settleSide } from "../lib/fundingSettlement";
import { fundingOwed, fundingReceived } from "../lib/positionMath";

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
  await context.db.insert(fundingPayments).values({ ...f, kind: "paid", trader, token, fundingUsd, amountX });
  const attributed = await settleSide(context, trader, token, "long", f.timestamp, fundingOwed);
  // The engine's total is the sum of the same per-position amounts: a difference means the mirror drifted.
  if (attributed !== fundingUsd) {
    console.warn(`[indexer] FundingSettled ${f.id}: longs owe ${attributed}, the engine charged ${fundingUsd}`);
  }
  await addToAccount(context, trader, token, f.timestamp, { fundingPaidUsd: fundingUsd, fundingPaidX: amountX });
});

ponder.on("LivestockEngine:FundingReceived", async ({ event, context }) => {
  const f = eventFields(event);
  const trader = lower(event.args.trader);
  const token = lower(event.args.token);
  const { fundingUsd, amountX } = event.args;
  await context.db.insert(fundingPayments).values({ ...f, kind: "received", trader, token, fundingUsd, amountX });
  // A short receives the main vault's share of what a long pays: the share in force at this block.
  const { mainShareBps } = await context.client.readContract({ address: event.log.address, abi: iLivestockAbi, functionName: "getRiskParams" });
  const share = BigInt(mainShareBps);
  const attributed = await settleSide(context, trader, token, "short", f.timestamp, (size, index, cum) => fundingReceived(size, index, cum, share));
  if (attributed !== fundingUsd) {
    console.warn(`[indexer] FundingReceived ${f.id}: shorts receive ${attributed}, the engine credited ${fundingUsd}`);
  }
  await addToAccount(context, trader, token, f.timestamp, { fundingReceivedUsd: fundingUsd, fundingReceivedX: amountX });
});
