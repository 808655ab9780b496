/**
 * A trader who keeps buying deep in-the-money BTC calls up to its initial-margin limit.
 *
 * Why deep in the money: a long option's initial margin is min(mark, 10% of spot). Below that cap
 * the margin equals the premium at risk, so no price move can take the account under maintenance
 * (maintenance is half the mark); only the cap gives leverage. At the cap the account sits about
 * 0.8 × its initial margin above maintenance (the 10%/5%-of-spot margin gap plus the spread between
 * the initial and maintenance weights of its collateral), while a crash that takes the call out of
 * the money loses about 1.1 × the initial margin, net of the maintenance it releases: such a crash
 * liquidates it, as long as little margin sits unused and the collateral itself holds still. Hence
 * the deepest strike, re-levering as soon as 5% of the margin frees up, and AAPLx (the calmest
 * stock) as collateral.
 */
import type { LocalAccount } from 'viem';
import { engineAbi } from './abis';
import { withRetry } from './retry';
import {
  ensureMargin,
  isPegHealthy,
  marketsOf,
  openPosition,
  quote,
  sizeToWad,
  type TradeCounters,
  type TraderContext,
} from './traderSupport';
import { WAD } from '../../../lib/fixedPoint';
import type { MarketInfo, StockInfo } from './world';

export interface LeveragedTraderProfile {
  marginTokens: number;
  /** Strikes at or below this fraction of spot are deep enough in the money for the margin cap. */
  maxStrikeToSpot: number;
  /** Share of the free initial margin used per purchase (the rest absorbs skew and fee). */
  marginUse: number;
  minimumSize: number;
}

export const LEVERAGED_PROFILE: LeveragedTraderProfile = {
  marginTokens: 100,
  maxStrikeToSpot: 0.88,
  marginUse: 0.95,
  minimumSize: 0.01,
};

const IM_SPOT_SHARE_BPS = 1_000n; // RiskParams.imSpotBps: IM per unit ≤ 10% of spot

export class LeveragedTrader {
  constructor(
    private readonly context: TraderContext,
    readonly account: LocalAccount,
    readonly stock: StockInfo,
    private readonly profile: LeveragedTraderProfile = LEVERAGED_PROFILE,
  ) {}

  async step(chainTime: number, btcSpot: number, counters: TradeCounters): Promise<void> {
    await ensureMargin(this.context, this.account, this.stock, this.profile.marginTokens);
    const market = this.deepInTheMoneyCall(btcSpot);
    if (!market || !(await isPegHealthy(this.context, this.stock.token))) return;
    const size = await this.affordableSize(market);
    if (size < sizeToWad(this.profile.minimumSize)) return;
    if (await openPosition(this.context, this.account, market.id, size)) counters.opened++;
  }

  /** The lowest listed strike, if it is deep enough: the deeper the call, the closer its delta to 1. */
  private deepInTheMoneyCall(btcSpot: number): MarketInfo | undefined {
    const deepest = marketsOf(this.context.world, this.stock.token, 0, true)[0];
    return deepest && deepest.strike <= btcSpot * this.profile.maxStrikeToSpot ? deepest : undefined;
  }

  /** Units whose initial margin and fee fit in `marginUse` of the free initial margin. */
  private async affordableSize(market: MarketInfo): Promise<bigint> {
    const health = await withRetry(() =>
      this.context.connection.client.readContract({
        address: this.context.world.engine,
        abi: engineAbi,
        functionName: 'accountHealth',
        args: [this.account.address, this.stock.token],
      }),
    );
    if (health.equityInitial <= health.initialMargin) return 0n;
    const free = health.equityInitial - health.initialMargin;
    // Top up once 5% of the margin has freed up: close to the limit, but not a sliver every step.
    if (health.initialMargin > 0n && free * 20n < health.initialMargin) return 0n;
    const unit = await quote(this.context, market.id, WAD, true);
    const spotCap = (unit.spot * IM_SPOT_SHARE_BPS) / 10_000n;
    const marginPerUnit = unit.price < spotCap ? unit.price : spotCap;
    const usable = (free * BigInt(Math.round(this.profile.marginUse * 1_000))) / 1_000n;
    const size = (usable * WAD) / (marginPerUnit + unit.fee);
    return sizeToWad(Number(size) / 1e18);
  }
}
