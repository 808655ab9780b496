// PegOracle observations (the DEX price accumulator: TWAPs are differences) and ReportStore's stored Data Streams
// reports (the underlying and stock reference price history of a streams deployment).
import { ponder } from "ponder:registry";
import { pegObservations, reports } from "ponder:schema";
import { eventFields, lower } from "../lib/eventFields";

ponder.on("PegOracle:Observed", async ({ event, context }) => {
  await context.db.insert(pegObservations).values({
    ...eventFields(event),
    stock: lower(event.args.stock),
    observedAt: Number(event.args.timestamp),
    priceCumulative: event.args.priceCumulative,
  });
});

ponder.on("ReportStore:ReportStored", async ({ event, context }) => {
  await context.db.insert(reports).values({
    ...eventFields(event),
    feedId: event.args.feedId,
    price: event.args.price,
    observedAt: Number(event.args.observedAt),
    marketStatus: event.args.marketStatus,
  });
});
