// Reads handlers need beyond a primary key: a trader's open position(s) and a market's current funding index.
import { and, desc, eq } from "ponder";
import type { Context } from "ponder:registry";
import { fundingAccruals, markets, positions } from "ponder:schema";

type Hex = `0x${string}`;

/** The open position of `trader` in `marketId` (at most one: a position is one row from size 0 to size 0). */
export async function openPosition(context: Context, trader: Hex, marketId: bigint) {
  const rows = await context.db.sql
    .select()
    .from(positions)
    .where(and(eq(positions.trader, trader), eq(positions.marketId, marketId), eq(positions.status, "open")))
    .limit(1);
  return rows[0];
}

/** Every open position of a margin account (trader, token). */
export async function openPositionsOf(context: Context, trader: Hex, token: Hex) {
  return context.db.sql
    .select()
    .from(positions)
    .where(and(eq(positions.trader, trader), eq(positions.token, token), eq(positions.status, "open")));
}

/** The market's cumFunding now: its last FundingAccrued (the engine emits one whenever it changes), else 0. */
export async function currentCumFunding(context: Context, marketId: bigint): Promise<bigint> {
  const rows = await context.db.sql
    .select({ cumFunding: fundingAccruals.cumFunding })
    .from(fundingAccruals)
    .where(eq(fundingAccruals.marketId, marketId))
    .orderBy(desc(fundingAccruals.blockNumber), desc(fundingAccruals.logIndex))
    .limit(1);
  return rows[0]?.cumFunding ?? 0n;
}

/** The stock token a market settles in (MarketListed is indexed before any trade in it). */
export async function marketToken(context: Context, marketId: bigint): Promise<Hex> {
  const market = await context.db.find(markets, { marketId });
  if (!market) throw new Error(`market ${marketId} traded before it was listed`);
  return market.token;
}
