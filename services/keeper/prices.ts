/**
 * Prices duty: keeps the stored reports fresh. Every `intervalMs`, or as soon as any feed's stored report is older
 * than `maxAgeSeconds` of chain time (or when forced: the simulator after each step), it fetches the newest report
 * of every feed from the Data Streams API and submits them with `router.updatePrices` (verified, stored, and the
 * hub checkpointed). A feed whose report cannot be had (the DON is down) is left out; none at all is a failure.
 */
import type { Hex } from 'viem';
import type { ApiReport } from '../../lib/streams/client';
import { orderRouterAbi, reportStoreAbi } from './abis';
import type { KeeperContext } from './context';
import { errorText, logThrottled, withRetry } from './retry';
import { pricesDue } from './selection';

export interface PriceOptions {
  intervalMs: number;
  maxAgeSeconds: number;
  /** Wall ms between two reads of the stored reports' ages. */
  checkEveryMs: number;
}

// 5 s: main-vault deposits and liquidations need reports at most 10 s old (navMaxAge, liquidationMaxAge).
export const DEFAULT_PRICE_OPTIONS: PriceOptions = { intervalMs: 5_000, maxAgeSeconds: 5, checkEveryMs: 1_000 };

export class PriceDuty {
  private lastSubmit = Number.NEGATIVE_INFINITY;
  private lastCheck = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly ctx: KeeperContext,
    private readonly options: PriceOptions = DEFAULT_PRICE_OPTIONS,
  ) {}

  /** Forget when prices were last submitted (after a chain rewind): the next run submits. */
  reset(): void {
    this.lastSubmit = Number.NEGATIVE_INFINITY;
  }

  async run(chainTime: number, force = false): Promise<boolean> {
    if (!force) {
      const now = Date.now();
      const sinceLastSubmitMs = now - this.lastSubmit;
      if (sinceLastSubmitMs < this.options.intervalMs) {
        if (now - this.lastCheck < this.options.checkEveryMs) return false;
        this.lastCheck = now;
        const stored = await this.storedObservedAt();
        if (!pricesDue({ ...this.options, sinceLastSubmitMs, storedObservedAt: stored, chainTime })) return false;
      }
    }
    return this.submit(await this.latestReports());
  }

  /** The newest report of every feed (those the API has). */
  async latestReports(): Promise<ApiReport[]> {
    const { streams, targets } = this.ctx;
    const settled = await Promise.allSettled(targets.feeds.map((f) => streams.latest(f.id)));
    const reports = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (reports.length < settled.length) {
      const first = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      this.fail(`latest reports: ${reports.length}/${settled.length} (${errorText(first?.reason)})`, reports.length > 0);
    }
    return reports;
  }

  /** Submit reports with updatePrices; true when mined. */
  async submit(reports: readonly ApiReport[]): Promise<boolean> {
    this.lastSubmit = Date.now();
    if (reports.length === 0) return false;
    const outcome = await this.ctx.sender.send('updatePrices', this.ctx.account, {
      address: this.ctx.targets.router,
      abi: orderRouterAbi,
      functionName: 'updatePrices',
      args: [reports.map((r) => r.fullReport as Hex)],
    });
    if (outcome.kind !== 'mined') {
      this.ctx.metrics.action('prices', 'failed');
      this.fail(`updatePrices: ${outcome.reason}`);
      return false;
    }
    this.ctx.metrics.action('prices', 'done');
    this.ctx.stats.priceUpdates++;
    return true;
  }

  private async storedObservedAt(): Promise<number[]> {
    const { client, targets } = this.ctx;
    const stored = await withRetry(() =>
      Promise.all(
        targets.feeds.map((f) => client.readContract({ address: targets.reportStore, abi: reportStoreAbi, functionName: 'latest', args: [f.id] })),
      ),
    );
    return stored.map((s) => Number(s.observedAt));
  }

  private fail(message: string, partial = false): void {
    if (!partial) this.ctx.stats.failures++;
    this.ctx.stats.lastError = message;
    logThrottled(this.ctx.log, `[keeper] ${message}`);
  }
}
