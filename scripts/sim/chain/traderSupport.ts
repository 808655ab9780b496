/**
 * What every background trader needs: margin in its account, a quote, and the open/close calls
 * with a slippage limit and a deadline. The simulated traders hold longs only: an open is a buy (engine
 * `trade` with a positive size), a close a sell of at most the long held (a negative size). On a streams deployment an open or close is an order
 * committed to the OrderRouter (fee approved once, expiry at the router's longest lifetime), which
 * the keeper settles in the next step; one pending order per account, so a trader with one skips.
 */
import { parseUnits, type Address, type LocalAccount } from 'viem';
import { engineAbi, oracleHubAbi, orderRouterAbi } from './abis';
import { latestBlockTimestamp, type ChainConnection } from './connection';
import { ensureAllowance, topUp } from './funding';
import { withRetry } from './retry';
import type { MarketInfo, SimWorld, StockInfo, UnderlyingId } from './world';

/** Peg states of OracleHub.StockState.peg. */
export const PEG_HEALTHY = 0;
/** Accepted price move between the quote and the trade, in basis points. */
const SLIPPAGE_BPS = 200n;

export interface TraderContext {
  connection: ChainConnection;
  world: SimWorld;
  /** Mints the traders' tokens. */
  operator: LocalAccount;
}

export interface Quote {
  price: bigint;
  fee: bigint;
  spot: bigint;
}

export interface TradeCounters {
  opened: number;
  closed: number;
}

/**
 * Keep `targetTokens` of margin in the account: deposit again once it falls below half (after
 * losses, funding or a liquidation), minting the trader's wallet first if needed.
 */
export async function ensureMargin(context: TraderContext, trader: LocalAccount, stock: StockInfo, targetTokens: number): Promise<void> {
  const { connection, world, operator } = context;
  const target = parseUnits(targetTokens.toString(), 18);
  const account = await withRetry(() =>
    connection.client.readContract({ address: world.engine, abi: engineAbi, functionName: 'account', args: [trader.address, stock.token] }),
  );
  if (account.collateral >= target / 2n) return;
  const needed = target - account.collateral;
  const balance = await topUp(connection, operator, stock.token, trader.address, needed, needed * 4n, `${stock.symbol} for trader`);
  if (balance < needed) return;
  await ensureAllowance(connection, trader, stock.token, world.engine, stock.symbol);
  await connection.sender.send(`deposit ${stock.symbol}`, trader, {
    address: world.engine,
    abi: engineAbi,
    functionName: 'deposit',
    args: [stock.token, needed],
  });
}

export async function isPegHealthy(context: TraderContext, token: Address): Promise<boolean> {
  const state = await withRetry(() =>
    context.connection.client.readContract({
      address: context.world.oracleHub,
      abi: oracleHubAbi,
      functionName: 'stockState',
      args: [token],
    }),
  );
  return state.peg === PEG_HEALTHY;
}

/** The engine's price for buying (`isBuy`) or selling `size` units. */
export async function quote(context: TraderContext, marketId: bigint, size: bigint, isBuy: boolean): Promise<Quote> {
  const q = await withRetry(() =>
    context.connection.client.readContract({
      address: context.world.engine,
      abi: engineAbi,
      functionName: 'quote',
      args: [marketId, size, isBuy],
    }),
  );
  return { price: q.price, fee: q.fee, spot: q.spot };
}

/** Streams: whether the account has an order waiting for settlement (then it may not commit another). */
export async function hasPendingOrder(context: TraderContext, trader: Address, token: Address): Promise<boolean> {
  const streams = context.world.streams;
  if (!streams) return false;
  const id = await withRetry(() =>
    context.connection.client.readContract({ address: streams.router, abi: orderRouterAbi, functionName: 'pendingOrderOf', args: [trader, token] }),
  );
  return id !== 0n;
}

/** Streams: commit a buy or sell order at `acceptablePrice`; true when the commitment is mined. */
async function commitOrder(
  context: TraderContext,
  trader: LocalAccount,
  marketId: bigint,
  size: bigint,
  isBuy: boolean,
  acceptablePrice: bigint,
): Promise<boolean> {
  const { connection, world } = context;
  const streams = world.streams!;
  const market = world.markets.find((m) => m.id === marketId);
  const stock = market && world.stocks.find((s) => s.token.toLowerCase() === market.token.toLowerCase());
  if (!market || !stock) return false;
  if (await hasPendingOrder(context, trader.address, market.token)) return false;
  const fee = await withRetry(() =>
    connection.client.readContract({ address: streams.router, abi: orderRouterAbi, functionName: 'minExecutionFee', args: [market.token] }),
  );
  await topUp(connection, context.operator, market.token, trader.address, fee, fee * 100n, `${stock.symbol} for order fees`);
  await ensureAllowance(connection, trader, market.token, streams.router, `${stock.symbol} for order fees`);
  const now = await latestBlockTimestamp(connection);
  const outcome = await connection.sender.send(isBuy ? 'commit open' : 'commit close', trader, {
    address: streams.router,
    abi: orderRouterAbi,
    functionName: 'commit',
    args: [marketId, isBuy, size, acceptablePrice, BigInt(now + streams.maxLifetime - 2), fee],
  });
  return outcome.kind === 'mined';
}

/** Open or grow a long: buy `size` units, paying at most the quote plus slippage. */
export async function openPosition(
  context: TraderContext,
  trader: LocalAccount,
  marketId: bigint,
  size: bigint,
): Promise<boolean> {
  const { price } = await quote(context, marketId, size, true);
  if (context.world.streams) return commitOrder(context, trader, marketId, size, true, (price * (10_000n + SLIPPAGE_BPS)) / 10_000n);
  const outcome = await context.connection.sender.send('open', trader, {
    address: context.world.engine,
    abi: engineAbi,
    functionName: 'trade',
    args: [trader.address, marketId, size, (price * (10_000n + SLIPPAGE_BPS)) / 10_000n],
  });
  return outcome.kind === 'mined';
}

/** Reduce a long by `size` units (at most the long held): sell them, receiving at least the quote minus slippage. */
export async function closePosition(
  context: TraderContext,
  trader: LocalAccount,
  marketId: bigint,
  size: bigint,
): Promise<boolean> {
  const { price } = await quote(context, marketId, size, false);
  if (context.world.streams) return commitOrder(context, trader, marketId, size, false, (price * (10_000n - SLIPPAGE_BPS)) / 10_000n);
  const outcome = await context.connection.sender.send('close', trader, {
    address: context.world.engine,
    abi: engineAbi,
    functionName: 'trade',
    args: [trader.address, marketId, -size, (price * (10_000n - SLIPPAGE_BPS)) / 10_000n],
  });
  return outcome.kind === 'mined';
}

export async function positionIds(context: TraderContext, trader: Address, token: Address): Promise<readonly bigint[]> {
  return withRetry(() =>
    context.connection.client.readContract({
      address: context.world.engine,
      abi: engineAbi,
      functionName: 'positionIds',
      args: [trader, token],
    }),
  );
}

/** The signed size of a position: > 0 long, < 0 short. */
export async function positionSize(context: TraderContext, trader: Address, marketId: bigint): Promise<bigint> {
  const position = await withRetry(() =>
    context.connection.client.readContract({
      address: context.world.engine,
      abi: engineAbi,
      functionName: 'position',
      args: [trader, marketId],
    }),
  );
  return position.size;
}

export function marketsOf(world: SimWorld, token: Address, underlying: UnderlyingId, isCall: boolean): MarketInfo[] {
  return world.markets
    .filter((m) => m.token.toLowerCase() === token.toLowerCase() && m.underlying === underlying && m.isCall === isCall)
    .sort((a, b) => a.strike - b.strike);
}

/** A size in underlying units as an 18-decimal integer, rounded down to 4 decimals (how people type sizes). */
export function sizeToWad(size: number): bigint {
  return BigInt(Math.floor(size * 1e4)) * 10n ** 14n;
}
