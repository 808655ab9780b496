/**
 * Which committed orders to settle now, and how to batch them: pure logic, no chain or HTTP (unit-tested in
 * orders.test.ts). An order may be settled with its underlying's spot and σ reports observed in
 * [committedAt + minDelay, committedAt + minDelay + settleWindow] while block time ≤ expiresAt. The keeper asks the
 * Data Streams API for the reports at exactly committedAt + minDelay (the first admissible second), so orders of one
 * underlying committed in the same second share one pair of reports and one `settle` transaction.
 */
import type { Address } from 'viem';

export interface OrderTiming {
  minDelay: number;
  settleWindow: number;
}

/** The order as the router's OrderCommitted event gives it; settle and cancel take it back whole. */
export interface RouterOrder {
  trader: Address;
  committedAt: number;
  expiresAt: number;
  marketId: number;
  /** True: a buy (acceptablePrice the highest); false: a sell (acceptablePrice the lowest). */
  isBuy: boolean;
  size: bigint;
  acceptablePrice: bigint;
  token: Address;
  underlying: number;
  fee: bigint;
}

export interface PendingOrder {
  id: bigint;
  order: RouterOrder;
  trader: Address;
  token: Address;
  marketId: bigint;
  underlying: number;
  committedAt: number;
  expiresAt: number;
  fee: bigint;
}

export function pendingOrder(id: bigint, order: RouterOrder): PendingOrder {
  return {
    id,
    order,
    trader: order.trader,
    token: order.token,
    marketId: BigInt(order.marketId),
    underlying: order.underlying,
    committedAt: order.committedAt,
    expiresAt: order.expiresAt,
    fee: order.fee,
  };
}

export interface SettleBatch {
  underlying: number;
  /** Observation time of the reports the batch is settled with: committedAt + minDelay of every order in it. */
  reportTime: number;
  orders: PendingOrder[];
}

export type OrderState = 'waiting' | 'due' | 'expired';

/**
 * `now` is the Data Streams clock (DON-now: reports observed at t exist once now ≥ t); `blockTime` the time the
 * settlement transaction's block will carry (at least the latest block's).
 */
export function orderState(order: PendingOrder, timing: OrderTiming, now: number, blockTime: number): OrderState {
  if (blockTime > order.expiresAt) return 'expired';
  const from = order.committedAt + timing.minDelay;
  if (now < from) return 'waiting';
  return 'due';
}

/**
 * Due orders grouped by (underlying, report time), oldest first, at most `maxBatch` orders per batch. Expired
 * orders and orders still waiting for their first admissible report are left out.
 */
export function settleBatches(
  orders: Iterable<PendingOrder>,
  timing: OrderTiming,
  now: number,
  blockTime: number,
  maxBatch = 10,
): SettleBatch[] {
  const groups = new Map<string, SettleBatch>();
  for (const order of orders) {
    if (orderState(order, timing, now, blockTime) !== 'due') continue;
    const reportTime = order.committedAt + timing.minDelay;
    const key = `${order.underlying}:${reportTime}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { underlying: order.underlying, reportTime, orders: [] }));
    group.orders.push(order);
  }
  const batches: SettleBatch[] = [];
  const sorted = [...groups.values()].sort((a, b) => a.reportTime - b.reportTime || a.underlying - b.underlying);
  for (const group of sorted) {
    group.orders.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (let i = 0; i < group.orders.length; i += maxBatch) {
      batches.push({ underlying: group.underlying, reportTime: group.reportTime, orders: group.orders.slice(i, i + maxBatch) });
    }
  }
  return batches;
}

/**
 * Gas for a settle of `orders` orders. The router checks gasleft ≥ 1.5 M·64/63 + 20k before each execution, so an
 * estimate (made for the gas actually used) would starve the last order; 1.8 M + 0.6 M per order leaves that.
 */
export function settleGasLimit(orders: number, blockGasLimit?: bigint): bigint {
  const gas = 1_800_000n + 600_000n * BigInt(orders);
  return blockGasLimit !== undefined && gas > blockGasLimit ? blockGasLimit : gas;
}

/**
 * The pending-order set from the router's events, applied in log order: OrderCommitted adds, OrderSettled and
 * OrderCancelled remove. Idempotent (a log applied twice changes nothing once the order is gone).
 */
export class OrderBook {
  private readonly pending = new Map<bigint, PendingOrder>();
  private readonly done = new Set<bigint>();

  get size(): number {
    return this.pending.size;
  }

  orders(): PendingOrder[] {
    return [...this.pending.values()];
  }

  get(id: bigint): PendingOrder | undefined {
    return this.pending.get(id);
  }

  committed(order: PendingOrder): void {
    if (!this.done.has(order.id)) this.pending.set(order.id, order);
  }

  /** Settled, cancelled, or found gone on chain. */
  finished(id: bigint): void {
    this.pending.delete(id);
    this.done.add(id);
  }

  clear(): void {
    this.pending.clear();
    this.done.clear();
  }
}
