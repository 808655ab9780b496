/**
 * The market simulator against a live chain: `createSimulator(options)` connects, reads the
 * deployment, derives its state from the chain, and returns an object whose `tick()` runs one
 * simulated step. `scripts/simulate.ts` calls `tick()` on a real-time schedule; tests call it
 * directly, as fast as the chain answers.
 *
 * Time: step k happens at simulated instant start + k·step. It begins by mining an empty block at
 * exactly that instant (anvil_setNextBlockTimestamp + anvil_mine), so every read and transaction
 * of the step sees the simulated time; anvil keeps automining, and its clock runs on in real time
 * from that block until the next step sets it again. On-chain clocks (feed staleness, funding,
 * TWAP, vault cooldowns) therefore follow simulated time.
 *
 * Streams deployments (an OrderRouter in the deployment): each step's prices go to the local DON at
 * the step's block time (./streamsPrices.ts), the keeper submits the signed reports and settles the
 * orders committed in the previous step (the keeper service's duties), and traders commit orders.
 */
import { SIM_ACCOUNT_INDEX, anvilAccount } from './accounts';
import { connect, latestBlockTimestamp, mineBlockAt, type ChainConnection } from './connection';
import { DEFAULT_DEX_OPTIONS, DexDesk, type PinPlan } from './dexDesk';
import { ProtocolEventTracker } from './eventTracker';
import { Keeper, type KeeperStats } from './keeper';
import { DEFAULT_RETRY, errorText, type RetryOptions } from './retry';
import { DEFAULT_PIN_TIMING, planPin, scheduleStressJump, type PinTiming } from './scenarioEvents';
import { StockFeedDesk } from './stockFeeds';
import { emptyReport, formatSimTime, type TickReport } from './tickReport';
import { TraderDesk } from './traderDesk';
import { DEFAULT_UNDERLYING_FEED_OPTIONS, UnderlyingFeedDesk, type ScheduledJump } from './underlyingFeeds';
import { defaultDeploymentFile, loadDeploymentFile, loadWorld, type SimWorld } from './world';
import { pushPriceFeedAbi } from './abis';
import { createStreamsClient } from '../../../lib/streams/client';
import { emptyStats, loadStreamsTargets } from '../../../services/keeper/context';
import { StreamsKeeper } from '../../../services/keeper/keeper';
import { KeeperMetrics } from '../../../services/keeper/metrics';
import { StreamsPrices, waitForDon } from './streamsPrices';
import type { Scenario } from '../config';
import type { MarketCalendar } from '../marketHours';

export const DEFAULT_STEP_SECONDS = 60;

export interface SimulatorOptions {
  rpcUrl: string;
  seed: number;
  scenario: Scenario;
  /** Simulated start; ignored when the chain is already past it (a restart resumes at chain time). */
  startTime: number;
  stepSeconds?: number;
  /** Default lib/deployments/<chainId>.json. */
  deploymentFile?: string;
  /** Accounts 5–8 trading in the background (default true). */
  backgroundTraders?: boolean;
  /** The scheduled BTC shock that guarantees a liquidation in a demo (default true, fresh chains only). */
  stressJump?: boolean;
  pinTiming?: PinTiming;
  calendar?: MarketCalendar;
  connectRetry?: RetryOptions;
  /** Startup messages (the per-step line is returned by tick()). */
  log?: (line: string) => void;
  /** Streams deployments: the local DON (default http://127.0.0.1:8788). */
  streamsUrl?: string;
}

export interface Simulator {
  readonly connection: ChainConnection;
  readonly world: SimWorld;
  readonly startTime: number;
  readonly stepSeconds: number;
  /** True when the chain had never been simulated on: the scripted events are planned only then. */
  readonly freshChain: boolean;
  readonly stressJump: ScheduledJump | undefined;
  readonly pinPlan: PinPlan | undefined;
  readonly keeperStats: KeeperStats;
  /** Simulated instant of the next step. */
  nextStepTime(): number;
  /** Run one step. Throws only if the chain cannot be reached at all (the step can then be retried). */
  tick(): Promise<TickReport>;
}

export async function createSimulator(options: SimulatorOptions): Promise<Simulator> {
  const log = options.log ?? (() => undefined);
  const stepSeconds = options.stepSeconds ?? DEFAULT_STEP_SECONDS;
  const connection = await connect(options.rpcUrl, options.connectRetry ?? { ...DEFAULT_RETRY, attempts: 10 });
  const deployment = loadDeploymentFile(options.deploymentFile ?? defaultDeploymentFile(connection.client.chain.id));
  const world = await loadWorld(connection, deployment);
  const chainNow = await latestBlockTimestamp(connection);
  // Push feeds: nobody pushed a price yet. Streams: the chain has not reached the simulated start yet.
  const freshChain = world.streams ? chainNow < options.startTime : await neverSimulated(connection, world);
  // Steps sit on a grid of whole steps so that log lines read 09:42, not 09:42:37.
  const startTime = options.startTime > chainNow ? options.startTime : Math.ceil((chainNow + 1) / stepSeconds) * stepSeconds;
  const operator = anvilAccount(SIM_ACCOUNT_INDEX.operator);
  let streamsPrices: StreamsPrices | undefined;
  let streamsKeeper: StreamsKeeper | undefined;
  if (world.streams) {
    const donUrl = options.streamsUrl ?? 'http://127.0.0.1:8788';
    await waitForDon(donUrl);
    streamsPrices = new StreamsPrices(connection, world.streams, donUrl);
    streamsKeeper = new StreamsKeeper(
      {
        client: connection.client,
        sender: connection.sender,
        account: operator,
        streams: createStreamsClient({ endpoint: donUrl, timeoutMs: 5_000 }),
        targets: await loadStreamsTargets(connection.client, deployment),
        stats: emptyStats(),
        metrics: new KeeperMetrics(),
        log: () => undefined,
      },
      { liquidateEveryMs: 0 }, // the simulator's keeper liquidates once per step
    );
    log(`[sim] streams deployment: prices to the local DON at ${donUrl}, orders through ${world.streams.router}`);
  }

  const stressJump = freshChain && (options.stressJump ?? true) ? scheduleStressJump(options.seed, startTime, stepSeconds) : undefined;
  const pinPlan = options.scenario === 'pin' ? planPin(startTime, stepSeconds, options.pinTiming ?? DEFAULT_PIN_TIMING) : undefined;
  const underlyings = new UnderlyingFeedDesk(connection, world, operator, options.seed, {
    ...DEFAULT_UNDERLYING_FEED_OPTIONS,
    jumps: stressJump ? [stressJump] : [],
  }, streamsPrices);
  const stocks = await StockFeedDesk.create(connection, world, operator, options.seed, startTime, options.calendar, streamsPrices);
  const dex = new DexDesk(connection, world, anvilAccount(SIM_ACCOUNT_INDEX.dex), operator, options.seed, {
    ...DEFAULT_DEX_OPTIONS,
    pin: pinPlan,
  });
  const keeper = new Keeper(
    connection,
    world,
    operator,
    new ProtocolEventTracker(connection, world, BigInt(deployment.startBlock)),
    undefined,
    streamsKeeper,
  );
  /** Streams: post the step's prices to the DON at the block's time and submit the signed reports. */
  const publishReports = async (chainTime: number): Promise<void> => {
    if (!streamsPrices) return;
    await streamsPrices.flush(chainTime);
    await keeper.submitPrices();
  };
  const traders = options.backgroundTraders === false ? undefined : new TraderDesk({ connection, world, operator }, options.seed);

  if (startTime - world.twapWindow > chainNow) {
    await warmUpTwap(startTime - world.twapWindow);
  } else if (options.startTime <= chainNow) {
    log(`[sim] chain time ${formatSimTime(chainNow)} ET is past --start: continuing from it`);
  }
  if (stressJump) log(`[sim] scheduled shock: BTC ${(Math.expm1(stressJump.logReturn) * 100).toFixed(1)}% at ${formatSimTime(stressJump.time)} ET`);
  if (pinPlan) log(`[sim] pin scenario: ${pinPlan.symbol} pumped ×${pinPlan.factor} at ${formatSimTime(pinPlan.at)} ET`);

  /**
   * A fresh chain jumps from its deployment time to --start. The TWAP needs an observation at least
   * one window old and less than maxTwapSpan old, or every peg reads broken for the first window;
   * so the chain first stops one window before the start, records one, and syncs market status.
   */
  async function warmUpTwap(warmUpTime: number): Promise<void> {
    const report = emptyReport(-1, warmUpTime);
    connection.sender.beginStep(report);
    const chainTime = await mineBlockAt(connection, warmUpTime);
    await stocks.syncStatus(chainTime);
    await publishReports(chainTime);
    await keeper.updatePegOracle(chainTime);
    const problems = report.problems.length > 0 ? `; refused: ${report.problems.join(', ')}` : '';
    log(`[sim] TWAP warm-up at ${formatSimTime(chainTime)} ET: ${report.txMined} tx${problems}`);
  }

  let stepIndex = 0;
  return {
    connection,
    world,
    startTime,
    stepSeconds,
    freshChain,
    stressJump,
    pinPlan,
    keeperStats: keeper.stats,
    nextStepTime: () => startTime + stepIndex * stepSeconds,
    async tick(): Promise<TickReport> {
      const index = stepIndex;
      const time = startTime + index * stepSeconds;
      const started = Date.now();
      const report = emptyReport(index, time);
      connection.sender.beginStep(report);
      const chainTime = await mineBlockAt(connection, time);
      stepIndex++;
      if (chainTime > time) report.notes.push(`chain ahead of simulated time by ${chainTime - time} s`);
      const duty = async (name: string, work: () => Promise<void>): Promise<void> => {
        try {
          await work();
        } catch (error) {
          report.problems.push(`${name}: ${errorText(error)}`);
        }
      };
      await duty('underlyings', () => underlyings.step(time, report));
      await duty('stocks', () => stocks.step(time, report));
      await duty('reports', () => publishReports(chainTime));
      await duty('dex', () => dex.step(time, index === 0 ? 0 : stepSeconds, stocks.referencePrices(), report));
      await duty('keeper', () => keeper.step(index, chainTime, report));
      const btc = underlyings.price('BTC');
      const eth = underlyings.price('ETH');
      if (traders && btc !== undefined && eth !== undefined) {
        await duty('traders', () => traders.step(chainTime, { BTC: btc, ETH: eth }, report));
      }
      report.elapsedMs = Date.now() - started;
      return report;
    },
  };
}

/** The BTC feed still holds only the round its constructor recorded: nobody has pushed a price yet. */
async function neverSimulated(connection: ChainConnection, world: SimWorld): Promise<boolean> {
  const btc = world.underlyings[0];
  if (!btc) return false;
  const round = await connection.client.readContract({ address: btc.priceFeed, abi: pushPriceFeedAbi, functionName: 'latestRound' });
  return round <= 1n;
}
