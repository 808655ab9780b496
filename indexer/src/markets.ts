// MarketListed: what each market id is (token, underlying, call/put, strike); other rows refer to it by id.
import { ponder } from "ponder:registry";
import { markets } from "ponder:schema";
import { eventFields, lower } from "../lib/eventFields";

ponder.on("LivestockEngine:MarketListed", async ({ event, context }) => {
  const f = eventFields(event);
  await context.db.insert(markets).values({
    marketId: event.args.marketId,
    token: lower(event.args.token),
    underlying: event.args.underlying,
    isCall: event.args.isCall,
    strike: event.args.strike,
    cumFunding: 0n,
    timestamp: f.timestamp,
    blockNumber: f.blockNumber,
  });
});
