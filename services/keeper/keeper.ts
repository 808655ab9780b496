/**
 * The keeper of a deployment on signed reports and two-step orders (issue 13): one `tick()` syncs the pending
 * orders from the router's events, settles the due ones, keeps the stored reports fresh and, every few seconds,
 * liquidates accounts below maintenance. `npm run keeper` runs ticks in a loop (./index.ts); the simulator calls
 * the same duties once per step. Restart-safe: everything is derived from the chain, and a rewound chain (snapshot
 * revert) is noticed and read again.
 */
import { AccountTracker } from './accounts';
import type { KeeperContext, KeeperStats } from './context';
import { LiquidationDuty } from './liquidate';
import { OrderTracker } from './orderTracker';
import { DEFAULT_PRICE_OPTIONS, PriceDuty, type PriceOptions } from './prices';
import { errorText } from './retry';
import { DEFAULT_SETTLE_OPTIONS, SettleDuty, type SettleOptions } from './settle';

export interface StreamsKeeperOptions {
  settle?: SettleOptions;
  prices?: PriceOptions;
  /** Wall ms between two liquidation scans; 0 disables the duty. */
  liquidateEveryMs?: number;
  /** Main and insurance vaults (tracked for withdrawal requests; optional). */
  vaults?: readonly `0x${string}`[];
}

/** Which duties run (tests switch one off, e.g. liquidation while a journey liquidates by hand). */
export interface KeeperDuties {
  settle: boolean;
  prices: boolean;
  liquidate: boolean;
}

export interface KeeperHealth extends KeeperStats {
  ok: boolean;
  duties: KeeperDuties;
  lastBlock: number;
  pendingOrders: number;
  lastTickAgoMs?: number;
  keeper: string;
}

export class StreamsKeeper {
  readonly orders: OrderTracker;
  readonly accounts: AccountTracker;
  readonly settleDuty: SettleDuty;
  readonly priceDuty: PriceDuty;
  readonly liquidations: LiquidationDuty;
  readonly duties: KeeperDuties = { settle: true, prices: true, liquidate: true };
  private lastLiquidationScan = Number.NEGATIVE_INFINITY;
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
    });
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
    for (const key of ['settle', 'prices', 'liquidate'] as const) {
      if (typeof duties[key] === 'boolean') this.duties[key] = duties[key];
    }
    return { ...this.duties };
  }

  /** Forget everything derived from the chain (after a rewind the next sync notices anyway); all duties on. */
  resync(): void {
    this.setDuties({ settle: true, prices: true, liquidate: true });
    this.orders.reset();
    this.priceDuty.reset();
    this.offset = undefined;
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
      if (this.duties.liquidate && every > 0 && Date.now() - this.lastLiquidationScan >= every) {
        this.lastLiquidationScan = Date.now();
        await this.accounts.sync();
        for (const done of await this.liquidations.run([...this.accounts.accounts.values()])) {
          this.ctx.stats.liquidations++;
          this.ctx.log(`[keeper] liquidated ${done.account.trader} on ${done.account.token} (equity ${fmt(done.equity)} < maintenance ${fmt(done.maintenance)})`);
        }
      }
      this.lastTickOk = Date.now();
    } catch (error) {
      this.ctx.stats.failures++;
      this.ctx.stats.lastError = errorText(error);
      this.ctx.log(`[keeper] round failed: ${errorText(error)}`);
    }
  }

  health(): KeeperHealth {
    const s = this.ctx.stats;
    const ago = this.lastTickOk === undefined ? undefined : Date.now() - this.lastTickOk;
    return {
      ok: ago !== undefined && ago < 15_000,
      duties: { ...this.duties },
      lastBlock: Number(this.orders.latestBlock),
      pendingOrders: this.orders.book.size,
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

function fmt(wad: bigint): string {
  return `$${(Number(wad) / 1e18).toFixed(0)}`;
}
