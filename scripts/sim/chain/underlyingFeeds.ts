/**
 * BTC and ETH: price feeds pushed every step from a jump-diffusion path, volatility feeds pushed
 * from realized volatility within the contract's ±20% bound.
 *
 * Each step starts from the price ON CHAIN, not from a private copy: the simulator can then be
 * restarted against the same chain, and a price someone pushed by hand (a test crashing BTC) is
 * where the path continues from. On a streams deployment the same values go to the local DON
 * (./streamsPrices.ts) instead of the push feeds, and "on chain" is the ReportStore.
 */
import type { LocalAccount } from 'viem';
import {
  JumpDiffusionProcess,
  Random,
  RollingRealizedVolatility,
  UNDERLYING_PARAMETERS,
  feedAnswerToVol,
  nextVolFeedAnswer,
} from '../index';
import { oracleHubAbi, pushPriceFeedAbi, volatilityFeedAbi } from './abis';
import type { ChainConnection } from './connection';
import { withRetry } from './retry';
import type { TickReport } from './tickReport';
import { E10, type StreamsPrices } from './streamsPrices';
import type { SimWorld, UnderlyingInfo } from './world';

const FEED_SCALE = 1e8; // Chainlink USD feeds and the vol feeds have 8 decimals
/** Two simulated hours of one-minute returns: fewer make a σ estimate that swings by tens of percent. */
const REALIZED_MIN_SAMPLES = 120;

/** A one-off move added to an underlying's path at a given instant (see stressJump.ts). */
export interface ScheduledJump {
  label: 'BTC' | 'ETH';
  time: number;
  logReturn: number;
}

export interface UnderlyingFeedOptions {
  /** Simulated seconds between two vol-feed pushes (the feed goes stale after an hour). */
  volPushIntervalSeconds: number;
  /** Look-back of the realized-volatility estimate. */
  realizedWindowSeconds: number;
  jumps: readonly ScheduledJump[];
}

export const DEFAULT_UNDERLYING_FEED_OPTIONS: UnderlyingFeedOptions = {
  volPushIntervalSeconds: 300,
  realizedWindowSeconds: 12 * 3600,
  jumps: [],
};

interface UnderlyingLane {
  info: UnderlyingInfo;
  process: JumpDiffusionProcess;
  realized: RollingRealizedVolatility;
  lastVolPush: number | undefined;
  lastPrice: number | undefined;
}

export class UnderlyingFeedDesk {
  private readonly lanes: UnderlyingLane[];
  private readonly oracleHub: SimWorld['oracleHub'];
  private lastTime: number | undefined;

  constructor(
    private readonly connection: ChainConnection,
    world: SimWorld,
    private readonly reporter: LocalAccount,
    seed: number,
    private readonly options: UnderlyingFeedOptions = DEFAULT_UNDERLYING_FEED_OPTIONS,
    private readonly streams?: StreamsPrices,
  ) {
    this.oracleHub = world.oracleHub;
    this.lanes = world.underlyings.map((info) => ({
      info,
      process: new JumpDiffusionProcess(UNDERLYING_PARAMETERS[info.label], Random.forStream(seed, info.label)),
      realized: new RollingRealizedVolatility({ windowSeconds: options.realizedWindowSeconds, minSamples: REALIZED_MIN_SAMPLES }),
      lastVolPush: undefined,
      lastPrice: undefined,
    }));
  }

  /** Last price pushed (USD), for traders sizing positions in the same step. */
  price(label: 'BTC' | 'ETH'): number | undefined {
    return this.lanes.find((lane) => lane.info.label === label)?.lastPrice;
  }

  async step(time: number, report: TickReport): Promise<void> {
    const onChain = await this.readFeeds();
    const dt = this.lastTime === undefined ? 0 : time - this.lastTime;
    for (const [i, lane] of this.lanes.entries()) {
      const chain = onChain[i];
      if (!chain) continue;
      const before = chain.price;
      let price = dt > 0 ? lane.process.step(before, dt) : before;
      for (const jump of this.jumpsDue(lane.info.label, time)) {
        price *= Math.exp(jump.logReturn);
        report.notes.push(`STRESS ${jump.label} ${(Math.expm1(jump.logReturn) * 100).toFixed(1)}% (scheduled shock)`);
      }
      const answer = BigInt(Math.round(price * FEED_SCALE));
      let published = true;
      if (this.streams) {
        this.streams.setValue(`${lane.info.label}/USD`, answer * E10);
      } else {
        const outcome = await this.connection.sender.send(`${lane.info.label} price`, this.reporter, {
          address: lane.info.priceFeed,
          abi: pushPriceFeedAbi,
          functionName: 'updateAnswer',
          args: [answer],
        }, { routine: true });
        published = outcome.kind === 'mined';
      }
      if (published) {
        lane.lastPrice = price;
        lane.realized.observe(price, time);
      }
      report.underlyings.push({ label: lane.info.label, price, change: price / before - 1 });
      const vol = await this.maybePushVol(lane, chain.volAnswer, time);
      report.volatilities.push({ label: lane.info.label, vol });
      if (!this.streams) await this.checkpoint(lane); // streams: router.updatePrices checkpoints
    }
    this.lastTime = time;
  }

  /**
   * Folds the values just pushed into the OracleHub's price integrals, which price funding over any interval at
   * its average spot and σ: every push is followed by a checkpoint, so no value is lost between two pushes.
   */
  private async checkpoint(lane: UnderlyingLane): Promise<void> {
    await this.connection.sender.send(`${lane.info.label} checkpoint`, this.reporter, {
      address: this.oracleHub,
      abi: oracleHubAbi,
      functionName: 'checkpoint',
      args: [lane.info.id],
    }, { routine: true });
  }

  private jumpsDue(label: 'BTC' | 'ETH', time: number): ScheduledJump[] {
    const after = this.lastTime ?? Number.NEGATIVE_INFINITY;
    return this.options.jumps.filter((j) => j.label === label && j.time > after && j.time <= time);
  }

  /** Returns the σ now published (pushed or not). */
  private async maybePushVol(lane: UnderlyingLane, previousAnswer: bigint, time: number): Promise<number> {
    if (lane.lastVolPush !== undefined && time - lane.lastVolPush < this.options.volPushIntervalSeconds) {
      return feedAnswerToVol(previousAnswer);
    }
    // Until the window holds enough returns, NaN makes the rule keep the current σ (and so refresh it).
    const realized = lane.realized.estimate() ?? Number.NaN;
    const answer = nextVolFeedAnswer(previousAnswer, realized);
    if (this.streams) {
      this.streams.setValue(`${lane.info.label}/USD-IV`, answer * E10);
    } else {
      const outcome = await this.connection.sender.send(`${lane.info.label} vol`, this.reporter, {
        address: lane.info.volFeed,
        abi: volatilityFeedAbi,
        functionName: 'updateAnswer',
        args: [answer],
      }, { routine: true });
      if (outcome.kind !== 'mined') return feedAnswerToVol(previousAnswer);
    }
    lane.lastVolPush = time;
    return feedAnswerToVol(answer);
  }

  private async readFeeds(): Promise<{ price: number; volAnswer: bigint }[]> {
    const { client } = this.connection;
    if (this.streams) {
      const names = this.lanes.flatMap((lane) => [`${lane.info.label}/USD`, `${lane.info.label}/USD-IV`]);
      const values = await this.streams.read(names);
      return this.lanes.map((_, i) => ({ price: Number(values[2 * i]!.value / E10) / FEED_SCALE, volAnswer: values[2 * i + 1]!.value / E10 }));
    }
    return withRetry(() =>
      Promise.all(
        this.lanes.map(async (lane) => {
          const [priceRound, volRound] = await Promise.all([
            client.readContract({ address: lane.info.priceFeed, abi: pushPriceFeedAbi, functionName: 'latestRoundData' }),
            client.readContract({ address: lane.info.volFeed, abi: volatilityFeedAbi, functionName: 'latestRoundData' }),
          ]);
          return { price: Number(priceRound[1]) / FEED_SCALE, volAnswer: volRound[1] };
        }),
      ),
    );
  }
}
