/**
 * Price processes of the simulator: BTC/ETH as geometric Brownian motion with rare Merton jumps,
 * and stock reference prices that only move during US market hours and gap at the open.
 * Realized volatility and the vol-feed update rule live in ./volatility.ts (re-exported here).
 */
import type { Random } from './random';
import type { MarketCalendar, MarketStatusCode } from './marketHours';
import {
  US_EQUITY_CALENDAR,
  isMarketOpen,
  marketStatusAt,
  nextClose,
  nextOpen,
  previousClose,
} from './marketHours';

import { SECONDS_PER_YEAR, TRADING_SECONDS_PER_YEAR } from './units';

export * from './volatility';
export { SECONDS_PER_YEAR, TRADING_SECONDS_PER_YEAR };

export interface JumpParameters {
  /** Expected number of jumps per (calendar) year. */
  intensityPerYear: number;
  /** Each jump multiplies the price by exp(J), J ~ Normal(meanLogJump, stdevLogJump²). */
  meanLogJump: number;
  stdevLogJump: number;
}

export interface UnderlyingParameters {
  /**
   * Target annualized volatility of log returns, jumps included. The diffusion part is sized so
   * that diffusion variance + jump variance equals this, so a realized-vol chart shows the
   * advertised number rather than something slightly above it.
   */
  totalVolatility: number;
  /** Annual drift of the price (not of the log price); 0 makes the price a martingale. */
  drift: number;
  jumps: JumpParameters | undefined;
}

/** BTC ≈ 55%, ETH ≈ 70% a year (issue text), with a jump of a few percent every couple of months. */
export const UNDERLYING_PARAMETERS = {
  BTC: {
    totalVolatility: 0.55,
    drift: 0,
    jumps: { intensityPerYear: 6, meanLogJump: -0.005, stdevLogJump: 0.05 },
  },
  ETH: {
    totalVolatility: 0.7,
    drift: 0,
    jumps: { intensityPerYear: 6, meanLogJump: -0.005, stdevLogJump: 0.06 },
  },
} as const satisfies Record<string, UnderlyingParameters>;

export interface UnderlyingStep {
  price: number;
  logReturn: number;
  jumpCount: number;
}

/** Merton jump-diffusion: dS/S = μ dt + σ dW + (e^J − 1) dN, compensated so that E[S_t] = S_0·e^{μt}. */
export class JumpDiffusionProcess {
  /** σ of the continuous part, after subtracting the jumps' share of the total variance. */
  readonly diffusionVolatility: number;
  private readonly jumpCompensator: number;

  constructor(
    readonly parameters: UnderlyingParameters,
    private readonly rng: Random,
  ) {
    const jumpVariancePerYear = jumpVariance(parameters.jumps);
    const diffusionVariance = parameters.totalVolatility ** 2 - jumpVariancePerYear;
    if (!(diffusionVariance > 0)) {
      throw new RangeError('jump variance exceeds the target total volatility');
    }
    this.diffusionVolatility = Math.sqrt(diffusionVariance);
    const jumps = parameters.jumps;
    // λ·E[e^J − 1]: removed from the drift so that jumps do not push the expected price up or down.
    this.jumpCompensator = jumps
      ? jumps.intensityPerYear * (Math.exp(jumps.meanLogJump + jumps.stdevLogJump ** 2 / 2) - 1)
      : 0;
  }

  step(price: number, dtSeconds: number): number {
    return this.stepDetailed(price, dtSeconds).price;
  }

  stepDetailed(price: number, dtSeconds: number): UnderlyingStep {
    if (!(price > 0)) throw new RangeError(`price must be positive, got ${price}`);
    if (!(dtSeconds >= 0)) throw new RangeError(`dtSeconds must be >= 0, got ${dtSeconds}`);
    const dtYears = dtSeconds / SECONDS_PER_YEAR;
    const sigma = this.diffusionVolatility;
    let logReturn =
      (this.parameters.drift - sigma ** 2 / 2 - this.jumpCompensator) * dtYears +
      sigma * Math.sqrt(dtYears) * this.rng.normal();
    let jumpCount = 0;
    const jumps = this.parameters.jumps;
    if (jumps) {
      jumpCount = this.rng.poisson(jumps.intensityPerYear * dtYears);
      if (jumpCount > 0) {
        // The sum of n normal log-jumps is itself normal, so one draw covers them all.
        logReturn += this.rng.normal(jumpCount * jumps.meanLogJump, Math.sqrt(jumpCount) * jumps.stdevLogJump);
      }
    }
    return { price: price * Math.exp(logReturn), logReturn, jumpCount };
  }
}

function jumpVariance(jumps: JumpParameters | undefined): number {
  if (!jumps) return 0;
  return jumps.intensityPerYear * (jumps.meanLogJump ** 2 + jumps.stdevLogJump ** 2);
}

export interface StockParameters {
  /** Annualized volatility during regular sessions, per trading year (TRADING_SECONDS_PER_YEAR). */
  sessionVolatility: number;
  /**
   * Volatility of the gap at the open, annualized over calendar closed time: an overnight gap has
   * stdev gapVolatility·sqrt(17.5 h / 1 y), a weekend gap sqrt(65.5 h / 1 y). News arrives while
   * the exchange is shut, and the reference price catches up with it in one step at 9:30.
   */
  gapVolatility: number;
}

/** Rough per-stock character: TSLA wild, AAPL calm. Session and gap σ are demo values, not estimates. */
export const STOCK_PARAMETERS = {
  TSLA: { sessionVolatility: 0.55, gapVolatility: 0.3 },
  NVDA: { sessionVolatility: 0.45, gapVolatility: 0.25 },
  AAPL: { sessionVolatility: 0.25, gapVolatility: 0.12 },
  AMZN: { sessionVolatility: 0.32, gapVolatility: 0.16 },
} as const satisfies Record<string, StockParameters>;

export interface StockTick {
  price: number;
  marketStatus: MarketStatusCode;
  /** Log returns of the opening gaps applied during this advance (usually zero or one). */
  gapLogReturns: number[];
}

export interface StockReferenceOptions {
  parameters: StockParameters;
  initialPrice: number;
  /** Simulated unix time the initial price refers to. */
  startTime: number;
  rng: Random;
  calendar?: MarketCalendar;
}

/**
 * A stock reference price in simulated time. Frozen while the market is closed or the stock is
 * halted (that is what the on-chain feed publishes), diffusing during sessions, and gapping once at
 * each open by a normal log return whose variance grows with the length of the closure.
 */
export class StockReferenceProcess {
  private currentPrice: number;
  private cursor: number;
  private isHalted = false;
  private readonly calendar: MarketCalendar;

  constructor(private readonly options: StockReferenceOptions) {
    if (!(options.initialPrice > 0)) throw new RangeError('initialPrice must be positive');
    this.currentPrice = options.initialPrice;
    this.cursor = options.startTime;
    this.calendar = options.calendar ?? US_EQUITY_CALENDAR;
  }

  get price(): number {
    return this.currentPrice;
  }

  get time(): number {
    return this.cursor;
  }

  get halted(): boolean {
    return this.isHalted;
  }

  /** A halt freezes the price inside a session; the feed then reports marketStatus 3. */
  setHalted(halted: boolean): void {
    this.isHalted = halted;
  }

  marketStatus(unixSeconds: number = this.cursor): MarketStatusCode {
    return marketStatusAt(unixSeconds, { halted: this.isHalted, calendar: this.calendar });
  }

  /** Move the price from the last time to `unixSeconds`, across any number of sessions. */
  advanceTo(unixSeconds: number): StockTick {
    if (unixSeconds < this.cursor) throw new RangeError('stock process cannot go back in time');
    const gapLogReturns: number[] = [];
    while (this.cursor < unixSeconds) {
      if (isMarketOpen(this.cursor, this.calendar)) {
        const segmentEnd = Math.min(nextClose(this.cursor, this.calendar), unixSeconds);
        if (!this.isHalted) this.diffuse(segmentEnd - this.cursor);
        this.cursor = segmentEnd;
        continue;
      }
      const open = nextOpen(this.cursor, this.calendar);
      if (open > unixSeconds) {
        this.cursor = unixSeconds; // still closed at the target time: the price stays frozen
        break;
      }
      const closedSeconds = open - previousClose(open, this.calendar);
      gapLogReturns.push(this.gap(closedSeconds));
      this.cursor = open;
    }
    return { price: this.currentPrice, marketStatus: this.marketStatus(unixSeconds), gapLogReturns };
  }

  private diffuse(openSeconds: number): void {
    const variance = (this.options.parameters.sessionVolatility ** 2 * openSeconds) / TRADING_SECONDS_PER_YEAR;
    this.applyLogReturn(-variance / 2 + Math.sqrt(variance) * this.options.rng.normal());
  }

  private gap(closedSeconds: number): number {
    const variance = (this.options.parameters.gapVolatility ** 2 * closedSeconds) / SECONDS_PER_YEAR;
    const logReturn = -variance / 2 + Math.sqrt(variance) * this.options.rng.normal();
    this.applyLogReturn(logReturn);
    return logReturn;
  }

  // Both moves carry a −variance/2 term so that, with no drift, the expected price stays put.
  private applyLogReturn(logReturn: number): void {
    this.currentPrice *= Math.exp(logReturn);
  }
}
