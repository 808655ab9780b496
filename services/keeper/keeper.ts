/**
 * The keeper of a deployment on signed reports and two-step orders (SPEC §9.6): one `tick()` syncs the pending
 * orders from the router's events, settles the due ones, keeps the stored reports fresh, liquidates accounts below
 * maintenance (smallest margin first) and does the upkeep (TWAP observations, funding, due withdrawals, fee
 * sweeps). `npm run keeper` runs ticks in a loop (./index.ts); the simulator calls the same duties once per step.
 * Restart-safe: everything is derived from the chain (a rewound chain is noticed and read again), every action is
 * simulated on the latest state before it is sent, and a fresh keeper first waits for its own transactions still
 * in the mempool (./startup.ts), so a restart mid-burst repeats nothing.
 */
import { AccountTracker } from './accounts';
import type { KeeperContext, KeeperStats } from './context';
import { LiquidationDuty } from './liquidate';
import { DUTIES, type ActionOutcome, type Duty, type KeeperMetrics } from './metrics';
import { OrderTracker } from './orderTracker';
import { DEFAULT_PRICE_OPTIONS, PriceDuty, type PriceOptions } from './prices';
import { errorText } from './retry';
import { DEFAULT_SETTLE_OPTIONS, SettleDuty, type SettleOptions } from './settle';
import { DEFAULT_UPKEEP_OPTIONS, UpkeepDuty, type UpkeepOptions } from './upkeep';

export interface StreamsKeeperOptions {
  settle?: SettleOptions;
  prices?: PriceOptions;
  /** Wall ms between two liquidation scans; 0 disables the duty. */
  liquidateEveryMs?: number;
  /** Wall ms between two upkeep rounds (peg, funding, withdrawals, sweep); 0 disables them. */
  upkeepEveryMs?: number;
  upkeep?: UpkeepOptions;
  /** Most liquidations sent in one round. */
  maxLiquidationsPerRound?: number;
  /** Main and insurance vaults (tracked for withdrawal requests; optional). */
  vaults?: readonly `0x${string}`[];
}

/** Which duties run (tests switch one off, e.g. liquidation while a journey liquidates by hand). */
export type KeeperDuties = Record<Duty, boolean>;

export interface KeeperHealth extends KeeperStats {
  ok: boolean;
  duties: KeeperDuties;
  lastBlock: number;
  /** Chain head − the block the last round read (0 when keeping up). */
  lagBlocks: number;
  pendingOrders: number;
  accountsBelowMaintenance: number;
  /** Transactions per duty since start: done and failed. */
  actions: Record<Duty, Record<ActionOutcome, number>>;
  /** The keeper's native balance (wei, decimal string), read every few seconds. */
  balanceWei?: string;
  lastTickAgoMs?: number;
  keeper: string;
}

export class StreamsKeeper {
  readonly orders: OrderTracker;
  readonly accounts: AccountTracker;
  readonly settleDuty: SettleDuty;
  readonly priceDuty: PriceDuty;
  readonly liquidations: LiquidationDuty;
  readonly upkeep: UpkeepDuty;
  readonly duties: KeeperDuties = allDuties(true);
  private lastLiquidationScan = Number.NEGATIVE_INFINITY;
  private lastUpkeep = Number.NEGATIVE_INFINITY;
  private lastBalanceRead = Number.NEGATIVE_INFINITY;
  private balance: bigint | undefined;
  private lag = 0;
  private lastTickOk: number | undefined;
  /** Largest block timestamp − wall seconds seen (as the DON's ChainClock): chain time ≈ wall + offset. */
  private offset: number | undefined;
  private headTimestamp = 0;

  constructor(
    readonly ctx: KeeperContext,
    private readonly options: StreamsKeeperOptions = {},
  ) {
    const { client, targets } = ctx;
    this.orders = new OrderTracker(client, targets.router, targets.startBlock);
    this.accounts = new AccountTracker({ client, engine: targets.engine, vaults: options.vaults ?? [], fromBlock: targets.startBlock });
    this.settleDuty = new SettleDuty(ctx, this.orders, options.settle ?? DEFAULT_SETTLE_OPTIONS);
    this.priceDuty = new PriceDuty(ctx, options.prices ?? DEFAULT_PRICE_OPTIONS);
    this.liquidations = new LiquidationDuty({
      client,
      sender: ctx.sender,
      account: ctx.account,
      engine: targets.engine,
      // A liquidation needs the spot and σ of the account's underlyings no older than liquidationMaxAge.
      via: { router: targets.router, streams: ctx.streams, spotFeeds: [...targets.spotFeed, ...targets.volFeed] },
      metrics: ctx.metrics,
      log: ctx.log,
      maxPerRound: options.maxLiquidationsPerRound,
    });
    this.upkeep = new UpkeepDuty(
      { client, sender: ctx.sender, account: ctx.account, targets: { engine: targets.engine, pegOracle: targets.pegOracle, stocks: targets.stocks }, metrics: ctx.metrics, log: ctx.log },
      options.upkeep ?? DEFAULT_UPKEEP_OPTIONS,
    );
  }

  /** Chain time now (fractional): never behind the latest block, and wall time since. */
  chainNow(): number {
    if (this.offset === undefined) return this.headTimestamp;
    return Math.max(this.headTimestamp, Date.now() / 1000 + this.offset);
  }

  private observeHead(timestamp: number, rewound: boolean): void {
    if (rewound) this.offset = undefined;
    if (timestamp === this.headTimestamp && this.offset !== undefined) return;
    const offset = timestamp - Date.now() / 1000;
    this.offset = this.offset === undefined ? offset : Math.max(this.offset, offset);
    this.headTimestamp = timestamp;
  }

  setDuties(duties: Partial<KeeperDuties>): KeeperDuties {
    for (const key of DUTIES) {
      if (typeof duties[key] === 'boolean') this.duties[key] = duties[key];
    }
    return { ...this.duties };
  }

  /** Forget everything derived from the chain (after a rewind the next sync notices anyway); all duties on. */
  resync(): void {
    this.setDuties(allDuties(true));
    this.orders.reset();
    this.priceDuty.reset();
    this.upkeep.reset();
    this.offset = undefined;
  }

  /**
   * Submit every feed's newest report now, whatever the stored ages (true when mined). For callers that are about
   * to act on prices that must be at most `navMaxAge` old, such as a vault deposit a few blocks later.
   */
  async refreshPrices(): Promise<boolean> {
    return this.priceDuty.run(this.chainNow(), true);
  }

  /** One round of every duty. Never throws: a failed round is counted and logged. */
  async tick(): Promise<void> {
    try {
      const rewound = await this.orders.sync();
      if (rewound) {
        this.ctx.log('[keeper] the chain was rewound: pending orders read again');
        this.priceDuty.reset();
      }
      this.observeHead(this.orders.latestTimestamp, rewound);
      const now = this.chainNow();
      // Reports observed at t exist once the DON's clock (which follows the chain as this one does) reaches t.
      if (this.duties.settle) await this.settleDuty.run(now, Math.floor(now));
      if (this.duties.prices) await this.priceDuty.run(now);
      const every = this.options.liquidateEveryMs ?? 2_000;
      const upkeepEvery = this.options.upkeepEveryMs ?? 1_000;
      const scan = this.duties.liquidate && every > 0 && Date.now() - this.lastLiquidationScan >= every;
      const upkeep = upkeepEvery > 0 && Date.now() - this.lastUpkeep >= upkeepEvery;
      if (scan || (upkeep && this.duties.withdrawals)) await this.accounts.sync();
      if (scan) {
        this.lastLiquidationScan = Date.now();
        for (const done of await this.liquidations.run([...this.accounts.accounts.values()])) {
          this.ctx.stats.liquidations++;
          this.ctx.log(`[keeper] liquidated ${done.account.trader} on ${done.account.token} (equity ${fmt(done.equity)} < maintenance ${fmt(done.maintenance)})`);
        }
      }
      if (upkeep) {
        this.lastUpkeep = Date.now();
        await this.runUpkeep(Math.floor(now));
      }
      await this.observeLag();
      this.lastTickOk = Date.now();
    } catch (error) {
      this.ctx.stats.failures++;
      this.ctx.stats.lastError = errorText(error);
      this.ctx.log(`[keeper] round failed: ${errorText(error)}`);
    }
  }

  private async runUpkeep(chainTime: number): Promise<void> {
    if (this.duties.withdrawals) {
      for (const w of await this.upkeep.withdrawals(this.accounts.withdrawals, chainTime)) this.ctx.log(`[keeper] executed the withdrawal of ${w.lp} from ${w.vault}`);
    }
    if (this.duties.peg) await this.upkeep.peg(chainTime);
    // After the withdrawals, so the σ surcharge sees the vault that remains.
    if (this.duties.funding) await this.upkeep.funding(chainTime);
    if (this.duties.sweep) for (const symbol of await this.upkeep.sweep(chainTime)) this.ctx.log(`[keeper] swept the fees of ${symbol}`);
  }

  /** Blocks behind the head, and (every 5 s) the keeper's balance: gauges for /metrics and /healthz. */
  private async observeLag(): Promise<void> {
    const { client, metrics, account } = this.ctx;
    const head = await client.getBlockNumber({ cacheTime: 0 }).catch(() => undefined);
    if (head !== undefined) this.lag = Math.max(0, Number(head - this.orders.latestBlock));
    metrics.lagBlocks.set(this.lag);
    metrics.lastBlock.set(Number(this.orders.latestBlock));
    metrics.pendingOrders.set(this.orders.book.size);
    if (Date.now() - this.lastBalanceRead >= 5_000) {
      this.lastBalanceRead = Date.now();
      this.balance = await client.getBalance({ address: account.address }).catch(() => this.balance);
      if (this.balance !== undefined) metrics.balanceWei.set(Number(this.balance));
    }
  }

  /** Prometheus text of this keeper's registry (GET /metrics). */
  get metrics(): KeeperMetrics {
    return this.ctx.metrics;
  }

  health(): KeeperHealth {
    const s = this.ctx.stats;
    const ago = this.lastTickOk === undefined ? undefined : Date.now() - this.lastTickOk;
    const ok = ago !== undefined && ago < 15_000;
    this.ctx.metrics.up.set(ok ? 1 : 0);
    return {
      ok,
      duties: { ...this.duties },
      lastBlock: Number(this.orders.latestBlock),
      lagBlocks: this.lag,
      pendingOrders: this.orders.book.size,
      accountsBelowMaintenance: this.liquidations.belowMaintenance,
      actions: structuredClone(this.ctx.metrics.totals),
      balanceWei: this.balance?.toString(),
      settled: s.settled,
      cancelled: s.cancelled,
      expired: s.expired,
      settleTxs: s.settleTxs,
      priceUpdates: s.priceUpdates,
      liquidations: s.liquidations,
      failures: s.failures,
      lastError: s.lastError,
      lastSettleDelay: s.lastSettleDelay,
      lastTickAgoMs: ago,
      keeper: this.ctx.account.address,
    };
  }
}

function allDuties(on: boolean): KeeperDuties {
  return Object.fromEntries(DUTIES.map((d) => [d, on])) as KeeperDuties;
}

function fmt(wad: bigint): string {
  return `$${(Number(wad) / 1e18).toFixed(0)}`;
}
