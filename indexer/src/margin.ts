// Margin deposits and withdrawals (the engine's Deposited / Withdrawn), as rows and as account totals.
import { ponder } from "ponder:registry";
import { marginEvents } from "ponder:schema";
import { addToAccount } from "../lib/accounts";
import { eventFields, lower } from "../lib/eventFields";
import { catchUpShorts } from "../lib/fundingSettlement";

ponder.on("LivestockEngine:Deposited", async ({ event, context }) => {
  const f = eventFields(event);
  const trader = lower(event.args.trader);
  const token = lower(event.args.token);
  await context.db.insert(marginEvents).values({ ...f, kind: "deposit", trader, token, amount: event.args.amount });
  await addToAccount(context, trader, token, f.timestamp, { deposited: event.args.amount });
});

ponder.on("LivestockEngine:Withdrawn", async ({ event, context }) => {
  const f = eventFields(event);
  const trader = lower(event.args.trader);
  const token = lower(event.args.token);
  await context.db.insert(marginEvents).values({ ...f, kind: "withdraw", trader, token, amount: event.args.amount });
  // A withdrawal from an account with positions settled its funding first.
  await catchUpShorts(context, trader, token, f.timestamp);
  await addToAccount(context, trader, token, f.timestamp, { withdrawn: event.args.amount });
});
