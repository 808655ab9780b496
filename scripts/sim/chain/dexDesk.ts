/**
 * Activity on the X/USDC Uniswap V2 pairs, from one simulator account: noise traders that push
 * each pool's price around, an arbitrageur that pulls it back toward the reference price with a
 * delay (so the peg chart shows premiums and discounts), and the optional pin of the AMZNx event.
 */
import { parseUnits, type LocalAccount } from 'viem';
import {
  DEFAULT_ARBITRAGEUR,
  Random,
  applySwap,
  arbitrageTrade,
  noiseTrade,
  noiseTradeCount,
  pinBuyAmount,
  poolPrice,
  thinPoolUsdcDepthForPin,
  type ArbitrageurOptions,
  type NoiseTraderOptions,
  type PoolState,
  type Swap,
} from '../index';
import { stockTokenAbi, uniswapV2PairAbi } from './abis';
import type { ChainConnection } from './connection';
import { topUp } from './funding';
import { withRetry } from './retry';
import { formatSimTime, type TickReport } from './tickReport';
import type { SimWorld, StockInfo } from './world';

const TOKEN_DECIMALS = 18;
const USDC_DECIMALS = 6;

export interface PinPlan {
  symbol: string;
  /** Simulated time of the pump. */
  at: number;
  /** The arbitrageur stays away from the pair until then, so the pumped price lasts and moves the TWAP. */
  arbitrageurAwayUntil: number;
  /** The 3 Jul 2025 numbers: a ~$500 buy, a ~100× price. */
  buyUsd: number;
  factor: number;
}

export interface DexDeskOptions {
  noiseTradesPerHour: number;
  /** Median noise trade as a fraction of the pool's USDC side (the same relative impact on every pool). */
  medianTradePoolFraction: number;
  arbitrageur: ArbitrageurOptions;
  /** Chance per step that the arbitrageur looks at a pair at all: its reaction delay. */
  arbitrageurActProbability: number;
  pin: PinPlan | undefined;
}

export const DEFAULT_DEX_OPTIONS: DexDeskOptions = {
  noiseTradesPerHour: 20,
  medianTradePoolFraction: 0.001,
  arbitrageur: DEFAULT_ARBITRAGEUR,
  arbitrageurActProbability: 0.35,
  pin: undefined,
};

/** Steps between checks of the DEX account's balances. */
const FUNDING_CHECK_INTERVAL = 30;

interface PairLane {
  info: StockInfo;
  rng: Random;
}

export class DexDesk {
  private readonly lanes: PairLane[];
  private pinDone = false;
  private steps = 0;

  constructor(
    private readonly connection: ChainConnection,
    private readonly world: SimWorld,
    private readonly trader: LocalAccount,
    /** Issuer of the tokens (mints the trader's float) and LP of the pools (thins AMZNx for the pin). */
    private readonly operator: LocalAccount,
    seed: number,
    private readonly options: DexDeskOptions = DEFAULT_DEX_OPTIONS,
  ) {
    this.lanes = world.stocks.map((info) => ({ info, rng: Random.forStream(seed, `dex:${info.symbol}`) }));
  }

  get pinned(): boolean {
    return this.pinDone;
  }

  async step(time: number, dtSeconds: number, references: ReadonlyMap<string, number>, report: TickReport): Promise<void> {
    if (this.steps++ % FUNDING_CHECK_INTERVAL === 0) await this.fundTrader(references);
    for (const lane of this.lanes) {
      const reference = references.get(lane.info.symbol);
      if (reference === undefined || !(reference > 0)) continue;
      let pool = await this.readPool(lane.info);
      const pin = this.options.pin;
      if (pin && !this.pinDone && pin.symbol === lane.info.symbol && time >= pin.at) {
        // A restarted simulator must not pin a pool that is still pinned from the previous run.
        if (poolPrice(pool) / reference < pin.factor / 10) pool = await this.pin(lane.info, pool, pin, report);
        this.pinDone = true;
      }
      pool = await this.noise(lane, pool, dtSeconds);
      // Drawn every step whatever happens, so the random stream does not depend on chain state.
      const arbitrageurLooks = lane.rng.bernoulli(this.options.arbitrageurActProbability);
      const arbitrageurAway = pin !== undefined && pin.symbol === lane.info.symbol && time < pin.arbitrageurAwayUntil;
      if (arbitrageurLooks && !arbitrageurAway) {
        const swap = arbitrageTrade(pool, reference, this.options.arbitrageur);
        if (swap) pool = await this.swap(lane.info, pool, swap, 'arb');
      }
      report.dexDeviation.push({ label: lane.info.symbol, deviation: poolPrice(pool) / reference - 1 });
    }
  }

  private async noise(lane: PairLane, start: PoolState, dtSeconds: number): Promise<PoolState> {
    let pool = start;
    const count = noiseTradeCount(lane.rng, this.options.noiseTradesPerHour, dtSeconds);
    for (let i = 0; i < count; i++) {
      const swap = noiseTrade(lane.rng, pool, this.noiseOptions(pool));
      if (swap) pool = await this.swap(lane.info, pool, swap, 'noise');
    }
    return pool;
  }

  private noiseOptions(pool: PoolState): NoiseTraderOptions {
    const poolUsd = Number(pool.usdcReserve) / 10 ** USDC_DECIMALS;
    return { medianTradeUsd: poolUsd * this.options.medianTradePoolFraction, sizeLogStdev: 1, maxPoolFraction: 0.01 };
  }

  /**
   * The AMZNx event: the LP pulls liquidity until a $500 buy moves the price 100× (the pool was that
   * thin on 3 Jul 2025), then one buy pins the price. Only the TWAP can move the protocol, and only
   * while the price stays up: hence the arbitrageur's absence.
   */
  private async pin(stock: StockInfo, before: PoolState, plan: PinPlan, report: TickReport): Promise<PoolState> {
    const priceBefore = poolPrice(before);
    const thinUsdc = thinPoolUsdcDepthForPin(plan.buyUsd, plan.factor);
    await this.thinPool(stock, before, thinUsdc);
    const thin = await this.readPool(stock);
    const amountIn = pinBuyAmount(thin, plan.factor);
    const after = await this.swap(stock, thin, { direction: 'buyToken', amountIn }, 'pin');
    report.notes.push(
      `PIN ${stock.symbol}: pool thinned to $${(Number(thin.usdcReserve) / 1e6).toFixed(0)}/side, ` +
        `$${(Number(amountIn) / 1e6).toFixed(0)} buy sends spot $${priceBefore.toFixed(2)} → $${poolPrice(after).toFixed(2)}; ` +
        `arbitrageur away until ${formatSimTime(plan.arbitrageurAwayUntil)} ET`,
    );
    return after;
  }

  private async thinPool(stock: StockInfo, pool: PoolState, targetUsdc: number): Promise<void> {
    const currentUsdc = Number(pool.usdcReserve) / 10 ** USDC_DECIMALS;
    if (currentUsdc <= targetUsdc * 1.05) return;
    const [supply, held] = await withRetry(() =>
      Promise.all([
        this.connection.client.readContract({ address: stock.pair, abi: uniswapV2PairAbi, functionName: 'totalSupply' }),
        this.connection.client.readContract({
          address: stock.pair,
          abi: uniswapV2PairAbi,
          functionName: 'balanceOf',
          args: [this.operator.address],
        }),
      ]),
    );
    // Burning a fraction f of the LP supply scales both reserves by (1 − f).
    const keepPpm = BigInt(Math.ceil((targetUsdc / currentUsdc) * 1e6));
    const toBurn = (supply * (1_000_000n - keepPpm)) / 1_000_000n;
    const burn = toBurn < held ? toBurn : held;
    if (burn <= 0n) return;
    const sent = await this.connection.sender.send(`${stock.symbol} LP out`, this.operator, {
      address: stock.pair,
      abi: uniswapV2PairAbi,
      functionName: 'transfer',
      args: [stock.pair, burn],
    });
    if (sent.kind !== 'mined') return;
    await this.connection.sender.send(`${stock.symbol} burn LP`, this.operator, {
      address: stock.pair,
      abi: uniswapV2PairAbi,
      functionName: 'burn',
      args: [this.operator.address],
    });
  }

  /** Transfer the input into the pair, then call swap: what a router does, in two transactions. */
  private async swap(stock: StockInfo, pool: PoolState, swap: Swap, label: string): Promise<PoolState> {
    const { amountOut, pool: after } = applySwap(pool, swap);
    if (amountOut <= 0n) return pool;
    const buying = swap.direction === 'buyToken';
    const sent = await this.connection.sender.send(`${stock.symbol} ${label} in`, this.trader, {
      address: buying ? this.world.usdc : stock.token,
      abi: stockTokenAbi,
      functionName: 'transfer',
      args: [stock.pair, swap.amountIn],
    }, { routine: true });
    if (sent.kind !== 'mined') return pool;
    const outIsToken0 = buying === stock.tokenIsToken0;
    const swapped = await this.connection.sender.send(`${stock.symbol} ${label} swap`, this.trader, {
      address: stock.pair,
      abi: uniswapV2PairAbi,
      functionName: 'swap',
      args: [outIsToken0 ? amountOut : 0n, outIsToken0 ? 0n : amountOut, this.trader.address, '0x'],
    }, { routine: true });
    return swapped.kind === 'mined' ? after : this.readPool(stock);
  }

  async readPool(stock: StockInfo): Promise<PoolState> {
    const [reserve0, reserve1] = await withRetry(() =>
      this.connection.client.readContract({ address: stock.pair, abi: uniswapV2PairAbi, functionName: 'getReserves' }),
    );
    return {
      tokenReserve: stock.tokenIsToken0 ? reserve0 : reserve1,
      usdcReserve: stock.tokenIsToken0 ? reserve1 : reserve0,
      tokenDecimals: TOKEN_DECIMALS,
      usdcDecimals: USDC_DECIMALS,
    };
  }

  /** Enough float for the largest trades: 1% of a $2M pool per noise trade, arbitrage after a gap. */
  private async fundTrader(references: ReadonlyMap<string, number>): Promise<void> {
    const holder = this.trader.address;
    await topUp(this.connection, this.operator, this.world.usdc, holder, parseUnits('2000000', 6), parseUnits('10000000', 6), 'USDC');
    for (const stock of this.world.stocks) {
      const price = references.get(stock.symbol);
      if (!price) continue;
      const target = parseUnits(Math.ceil(10_000_000 / price).toString(), TOKEN_DECIMALS);
      await topUp(this.connection, this.operator, stock.token, holder, target / 5n, target, stock.symbol);
    }
  }
}
