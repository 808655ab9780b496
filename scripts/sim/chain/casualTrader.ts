/**
 * A background trader with modest leverage: now and then it buys a near-the-money BTC or ETH call
 * or put of a realistic size, and now and then it takes profit or cuts a position. Its only job is
 * to give funding, premiums and open interest a history in the app.
 */
import type { LocalAccount } from 'viem';
import { Random } from '../index';
import {
  closePosition,
  ensureMargin,
  isPegHealthy,
  marketsOf,
  openPosition,
  positionIds,
  positionSize,
  sizeToWad,
  type TradeCounters,
  type TraderContext,
} from './traderSupport';
import type { StockInfo, UnderlyingId } from './world';

export interface CasualTraderProfile {
  /** Chance per step of opening (or adding to) a position. */
  openProbability: number;
  closeProbability: number;
  maxPositions: number;
  /** Margin kept in the account, in stock tokens. */
  marginTokens: number;
  /** Strikes within this fraction of spot count as "near the money". */
  strikeBand: number;
  /** Size ranges in underlying units, drawn log-uniformly. */
  btcSize: [number, number];
  ethSize: [number, number];
}

export const CASUAL_PROFILE: CasualTraderProfile = {
  openProbability: 0.12,
  closeProbability: 0.06,
  maxPositions: 4,
  marginTokens: 300,
  strikeBand: 0.1,
  btcSize: [0.01, 0.3],
  ethSize: [0.1, 5],
};

/** The random draws of one step, made up front so the stream does not depend on chain state. */
interface Intent {
  open: boolean;
  close: boolean;
  pickPosition: number;
  closeAll: boolean;
  btc: boolean;
  call: boolean;
  pickStrike: number;
  size: number;
}

export class CasualTrader {
  private readonly rng: Random;

  constructor(
    private readonly context: TraderContext,
    readonly account: LocalAccount,
    readonly stock: StockInfo,
    seed: number,
    private readonly profile: CasualTraderProfile = CASUAL_PROFILE,
  ) {
    this.rng = Random.forStream(seed, `trader:${account.address}`);
  }

  async step(chainTime: number, spots: { BTC: number; ETH: number }, counters: TradeCounters): Promise<void> {
    const intent = this.drawIntent();
    await ensureMargin(this.context, this.account, this.stock, this.profile.marginTokens);
    const held = await positionIds(this.context, this.account.address, this.stock.token);
    if (intent.close && held.length > 0) {
      const marketId = held[Math.floor(intent.pickPosition * held.length)] as bigint;
      const size = await positionSize(this.context, this.account.address, marketId);
      const amount = intent.closeAll ? size : size / 2n;
      if (amount > 0n && (await closePosition(this.context, this.account, marketId, amount))) counters.closed++;
    }
    if (intent.open && held.length < this.profile.maxPositions && (await isPegHealthy(this.context, this.stock.token))) {
      const underlying: UnderlyingId = intent.btc ? 0 : 1;
      const spot = intent.btc ? spots.BTC : spots.ETH;
      const nearby = marketsOf(this.context.world, this.stock.token, underlying, intent.call).filter(
        (m) => Math.abs(m.strike / spot - 1) <= this.profile.strikeBand,
      );
      const market = nearby[Math.floor(intent.pickStrike * nearby.length)];
      if (market && (await openPosition(this.context, this.account, market.id, sizeToWad(intent.size)))) {
        counters.opened++;
      }
    }
  }

  private drawIntent(): Intent {
    const rng = this.rng;
    const btc = rng.bernoulli(0.6);
    const [low, high] = btc ? this.profile.btcSize : this.profile.ethSize;
    return {
      open: rng.bernoulli(this.profile.openProbability),
      close: rng.bernoulli(this.profile.closeProbability),
      pickPosition: rng.uniform(),
      closeAll: rng.bernoulli(0.6),
      btc,
      call: rng.bernoulli(0.5),
      pickStrike: rng.uniform(),
      size: low * (high / low) ** rng.uniform(),
    };
  }
}
