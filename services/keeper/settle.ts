/**
 * Settle duty: every due order (./orders.ts) is settled with its underlying's spot and σ reports observed at
 * committedAt + minDelay, fetched from the Data Streams API (bulk), orders sharing an underlying and a second in
 * one `settle`. A report not there yet (HTTP 404) means "later"; NothingSettled means someone else (another keeper,
 * the simulator) was first: both are skipped without counting as failures.
 */
import { decodeErrorResult, decodeEventLog, type Hex, type TransactionReceipt } from 'viem';
import { knownErrorsAbi, orderRouterAbi } from './abis';
import type { KeeperContext } from './context';
import type { OrderTracker } from './orderTracker';
import { settleBatches, settleGasLimit, type SettleBatch } from './orders';
import { errorText, logThrottled } from './retry';

export interface SettleOptions {
  maxBatch: number;
  /** Wall ms before the same batch is tried again after a refusal or failure. */
  retryMs: number;
}

export const DEFAULT_SETTLE_OPTIONS: SettleOptions = { maxBatch: 10, retryMs: 1_000 };

export interface SettleResult {
  settled: { id: bigint; price: bigint }[];
  cancelled: { id: bigint; reason: Hex }[];
}

export class SettleDuty {
  private readonly lastTry = new Map<string, number>();

  constructor(
    private readonly ctx: KeeperContext,
    private readonly tracker: OrderTracker,
    private readonly options: SettleOptions = DEFAULT_SETTLE_OPTIONS,
  ) {}

  /**
   * @param now Data Streams time (reports observed at t exist once now ≥ t).
   * @param blockTime The time the next block will carry, for expiry.
   */
  async run(now: number, blockTime: number): Promise<SettleResult> {
    const result: SettleResult = { settled: [], cancelled: [] };
    const { book } = this.tracker;
    for (const order of book.orders()) {
      if (blockTime > order.expiresAt) {
        book.finished(order.id);
        this.ctx.stats.expired++;
        this.ctx.log(`[keeper] order #${order.id} expired unsettled at ${order.expiresAt} (its trader may cancel it)`);
      }
    }
    const batches = settleBatches(book.orders(), this.ctx.targets.timing, now, blockTime, this.options.maxBatch);
    for (const batch of batches) {
      const key = `${batch.underlying}:${batch.reportTime}:${batch.orders.map((o) => o.id).join(',')}`;
      const last = this.lastTry.get(key);
      if (last !== undefined && Date.now() - last < this.options.retryMs) continue;
      this.lastTry.set(key, Date.now());
      const done = await this.settle(batch);
      if (done) {
        this.lastTry.delete(key);
        result.settled.push(...done.settled);
        result.cancelled.push(...done.cancelled);
      }
    }
    if (this.lastTry.size > 1_000) this.lastTry.clear();
    return result;
  }

  private async settle(batch: SettleBatch): Promise<SettleResult | undefined> {
    const { ctx } = this;
    const feeds = [ctx.targets.spotFeed[batch.underlying], ctx.targets.volFeed[batch.underlying]].filter((f): f is Hex => f !== undefined);
    let reports;
    try {
      reports = await ctx.streams.bulk(feeds, batch.reportTime);
    } catch (error) {
      this.fail(`reports at ${batch.reportTime}: ${errorText(error)}`);
      return undefined;
    }
    if (!reports) return undefined; // not observed yet
    const ids = batch.orders.map((o) => o.id);
    const outcome = await ctx.sender.send(
      `settle ${ids.map((id) => `#${id}`).join(',')}`,
      ctx.account,
      { address: ctx.targets.router, abi: orderRouterAbi, functionName: 'settle', args: [ids, batch.orders.map((o) => o.order), reports.map((r) => r.fullReport)] },
      // Another keeper was first: not a problem worth a simulator's step line.
      { gas: settleGasLimit(ids.length), quietReasons: ['NothingSettled'] },
    );
    if ((outcome.kind === 'refused' || outcome.kind === 'reverted') && outcome.reason === 'NothingSettled') {
      // Settled by someone else (the simulator, another keeper) or expired: the next sync reads what happened.
      logThrottled(ctx.log, '[keeper] an order was settled by someone else first, or expired (logged once a minute)', 60_000);
      return undefined;
    }
    if (outcome.kind !== 'mined') {
      ctx.metrics.action('settle', 'failed');
      this.fail(`settle ${ids.join(',')}: ${outcome.reason}`);
      return undefined;
    }
    ctx.metrics.action('settle', 'done');
    ctx.stats.settleTxs++;
    this.tracker.noteBlock(outcome.receipt.blockNumber, outcome.receipt.blockHash);
    const result = this.readReceipt(outcome.receipt);
    const blockTime = Number((await ctx.client.getBlock({ blockNumber: outcome.receipt.blockNumber }).catch(() => undefined))?.timestamp ?? 0);
    for (const { id, price } of result.settled) {
      const order = batch.orders.find((o) => o.id === id);
      const delay = order && blockTime ? blockTime - order.committedAt : undefined;
      if (delay !== undefined) ctx.stats.lastSettleDelay = delay;
      ctx.stats.settled++;
      this.tracker.book.finished(id);
      ctx.log(`[keeper] settled order #${id} at $${(Number(price) / 1e18).toFixed(2)} (reports @${batch.reportTime}${delay !== undefined ? `, ${delay} s after commit` : ''})`);
    }
    for (const { id, reason } of result.cancelled) {
      ctx.stats.cancelled++;
      this.tracker.book.finished(id);
      ctx.log(`[keeper] order #${id} cancelled by the settlement: ${reasonName(reason)}`);
    }
    return result;
  }

  private readReceipt(receipt: TransactionReceipt): SettleResult {
    const result: SettleResult = { settled: [], cancelled: [] };
    for (const log of receipt.logs) {
      if (log.address.toLowerCase() !== this.ctx.targets.router.toLowerCase()) continue;
      try {
        const event = decodeEventLog({ abi: orderRouterAbi, data: log.data, topics: log.topics });
        if (event.eventName === 'OrderSettled') result.settled.push({ id: event.args.orderId, price: event.args.price });
        else if (event.eventName === 'OrderCancelled') result.cancelled.push({ id: event.args.orderId, reason: event.args.reason });
      } catch {
        // another event of the router
      }
    }
    return result;
  }

  private fail(message: string): void {
    this.ctx.stats.failures++;
    this.ctx.stats.lastError = message;
    logThrottled(this.ctx.log, `[keeper] ${message}`);
  }
}

/** The cancel reason's error name (an ABI-encoded custom error), or its selector. */
export function reasonName(reason: Hex): string {
  return decodeReason(reason) ?? (reason.length >= 10 ? reason.slice(0, 10) : reason);
}

function decodeReason(reason: Hex): string | undefined {
  try {
    return decodeErrorResult({ abi: knownErrorsAbi, data: reason }).errorName;
  } catch {
    return undefined;
  }
}
