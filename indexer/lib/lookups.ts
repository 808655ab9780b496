// Reads handlers need beyond a row's own primary key: a trader's open position(s) and a market's current funding
// index. All by primary key (context.db.find), which Ponder serves from its cache during the historical sync; a
// context.db.sql query would flush every pending write first.
import type { Context } from "ponder:registry";
import { accountMarkets, markets, openPositions, positions } from "ponder:schema";

type Hex = `0x${string}`;

/** The open position of `trader` in `marketId` (at most one: a position is one row from size 0 to size 0). */
export async function openPosition(context: Context, trader: Hex, marketId: bigint) {
  const open = await context.db.find(openPositions, { trader, marketId });
  return open ? ((await context.db.find(positions, { id: open.positionId })) ?? undefined) : undefined;
}

/** Every open position of a margin account (trader, token), in the order they were opened. */
export async function openPositionsOf(context: Context, trader: Hex, token: Hex) {
  const account = await context.db.find(accountMarkets, { trader, token });
  const out: (typeof positions.$inferSelect)[] = [];
  for (const marketId of account?.marketIds ?? []) {
    const position = await openPosition(context, trader, marketId);
    if (position) out.push(position);
  }
  return out;
}

/** Records a new open position of (trader, token) in `marketId`. */
export async function markOpen(context: Context, trader: Hex, token: Hex, marketId: bigint, positionId: string): Promise<void> {
  await context.db.insert(openPositions).values({ trader, marketId, positionId });
  await context.db
    .insert(accountMarkets)
    .values({ trader, token, marketIds: [marketId] })
    .onConflictDoUpdate((row) => ({ marketIds: [...row.marketIds, marketId] }));
}

/** The position of (trader, token) in `marketId` is closed or liquidated. */
export async function markClosed(context: Context, trader: Hex, token: Hex, marketId: bigint): Promise<void> {
  await context.db.delete(openPositions, { trader, marketId });
  const account = await context.db.find(accountMarkets, { trader, token });
  if (account) await context.db.update(accountMarkets, { trader, token }).set({ marketIds: account.marketIds.filter((id) => id !== marketId) });
}

/** The market's cumFunding now: its last FundingAccrued (the engine emits one whenever it changes), else 0. */
export async function currentCumFunding(context: Context, marketId: bigint): Promise<bigint> {
  return (await context.db.find(markets, { marketId }))?.cumFunding ?? 0n;
}

/** The stock token a market settles in (MarketListed is indexed before any trade in it). */
export async function marketToken(context: Context, marketId: bigint): Promise<Hex> {
  const market = await context.db.find(markets, { marketId });
  if (!market) throw new Error(`market ${marketId} traded before it was listed`);
  return market.token;
}
