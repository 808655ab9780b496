/**
 * Stock reference feeds (TSLA, NVDA, AAPL, AMZN): the price moves only in US market hours of
 * simulated time and gaps at the open; `marketStatus` follows the calendar.
 *
 * On a streams deployment the same prices and statuses go to the local DON (./streamsPrices.ts) as RWA
 * observations, and the current ones are read from the ReportStore.
 *
 * Order matters because StockPriceFeed.updateAnswer reverts unless the status is open:
 * at the open, set status 2 first and then push the gapped price; at the close, push the closing
 * price first and then set status 1.
 */
import type { LocalAccount } from 'viem';
import { MarketStatus, Random, STOCK_PARAMETERS, StockReferenceProcess, marketStatusAt, type MarketCalendar } from '../index';
import { stockPriceFeedAbi } from './abis';
import type { ChainConnection } from './connection';
import { withRetry } from './retry';
import type { TickReport } from './tickReport';
import { E10, type StreamsPrices } from './streamsPrices';
import type { SimWorld, StockInfo } from './world';

const FEED_SCALE = 1e8;

type StockName = keyof typeof STOCK_PARAMETERS;

function isStockName(name: string): name is StockName {
  return name in STOCK_PARAMETERS;
}

interface StockLane {
  info: StockInfo;
  process: StockReferenceProcess;
  lastPushed: number;
}

interface StockFeedState {
  price: number;
  status: number;
}

export class StockFeedDesk {
  private lanes: StockLane[] = [];

  private constructor(
    private readonly connection: ChainConnection,
    private readonly world: SimWorld,
    private readonly reporter: LocalAccount,
    private readonly calendar: MarketCalendar | undefined,
    private readonly streams?: StreamsPrices,
  ) {}

  /** Starts every stock's path at the price its feed publishes now, at simulated time `startTime`. */
  static async create(
    connection: ChainConnection,
    world: SimWorld,
    reporter: LocalAccount,
    seed: number,
    startTime: number,
    calendar?: MarketCalendar,
    streams?: StreamsPrices,
  ): Promise<StockFeedDesk> {
    const desk = new StockFeedDesk(connection, world, reporter, calendar, streams);
    const states = await desk.readFeeds();
    desk.lanes = world.stocks.map((info, i) => {
      const name = info.feedName;
      const parameters = isStockName(name) ? STOCK_PARAMETERS[name] : STOCK_PARAMETERS.AAPL;
      const price = states[i]?.price ?? 0;
      return {
        info,
        process: new StockReferenceProcess({
          parameters,
          initialPrice: price,
          startTime,
          rng: Random.forStream(seed, `stock:${name}`),
          calendar,
        }),
        lastPushed: price,
      };
    });
    return desk;
  }

  /** The reference price (USD) the feed publishes, by token symbol: what the arbitrageur aims at. */
  referencePrices(): Map<string, number> {
    return new Map(this.lanes.map((lane) => [lane.info.symbol, lane.lastPushed]));
  }

  isOpen(time: number): boolean {
    return marketStatusAt(time, { calendar: this.calendar }) === MarketStatus.Open;
  }

  async step(time: number, report: TickReport): Promise<void> {
    const states = await this.readFeeds();
    report.marketOpen = this.isOpen(time);
    const gaps: string[] = [];
    let closed = false;
    for (const [i, lane] of this.lanes.entries()) {
      const onChain = states[i];
      if (!onChain) continue;
      const before = lane.lastPushed;
      const tick = lane.process.advanceTo(time);
      if (tick.marketStatus === MarketStatus.Open) {
        if (onChain.status !== MarketStatus.Open) {
          await this.setStatus(lane, MarketStatus.Open);
          const gap = Math.expm1(tick.gapLogReturns.reduce((sum, r) => sum + r, 0));
          gaps.push(`${lane.info.feedName} ${gap >= 0 ? '+' : ''}${(gap * 100).toFixed(2)}%`);
        }
        await this.pushPrice(lane, tick.price);
      } else if (onChain.status === MarketStatus.Open) {
        await this.pushPrice(lane, tick.price);
        await this.setStatus(lane, MarketStatus.Closed);
        closed = true;
      }
      report.stocks.push({ label: lane.info.feedName, price: lane.lastPushed, change: lane.lastPushed / before - 1 });
    }
    if (gaps.length > 0) report.notes.push(`US market OPEN, gaps ${gaps.join(' ')}`);
    if (closed) report.notes.push('US market CLOSED');
  }

  /**
   * Before the first step, after a jump in chain time: bring each feed's status in line with the
   * calendar at `time` without moving any price (the paths start at the first step).
   */
  async syncStatus(time: number): Promise<void> {
    const states = await this.readFeeds();
    const open = this.isOpen(time);
    for (const [i, lane] of this.lanes.entries()) {
      const onChain = states[i];
      if (!onChain) continue;
      if (open) {
        if (onChain.status !== MarketStatus.Open) await this.setStatus(lane, MarketStatus.Open);
        await this.pushPrice(lane, onChain.price);
      } else if (onChain.status !== MarketStatus.Closed) {
        if (onChain.status === MarketStatus.Open) await this.pushPrice(lane, onChain.price);
        await this.setStatus(lane, MarketStatus.Closed);
      }
    }
  }

  private async pushPrice(lane: StockLane, price: number): Promise<void> {
    if (this.streams) {
      this.streams.setValue(lane.info.feedName, BigInt(Math.round(price * FEED_SCALE)) * E10);
      lane.lastPushed = price;
      return;
    }
    const outcome = await this.connection.sender.send(`${lane.info.feedName} price`, this.reporter, {
      address: lane.info.feed,
      abi: stockPriceFeedAbi,
      functionName: 'updateAnswer',
      args: [BigInt(Math.round(price * FEED_SCALE))],
    }, { routine: true });
    if (outcome.kind === 'mined') lane.lastPushed = price;
  }

  private async setStatus(lane: StockLane, status: number): Promise<void> {
    if (this.streams) {
      this.streams.setStatus(lane.info.feedName, status);
      return;
    }
    await this.connection.sender.send(`${lane.info.feedName} status`, this.reporter, {
      address: lane.info.feed,
      abi: stockPriceFeedAbi,
      functionName: 'setMarketStatus',
      args: [status],
    }, { routine: true });
  }

  private async readFeeds(): Promise<StockFeedState[]> {
    const { client } = this.connection;
    if (this.streams) {
      const values = await this.streams.read(this.world.stocks.map((s) => s.feedName));
      return values.map((v) => ({ price: Number(v.value / E10) / FEED_SCALE, status: v.marketStatus }));
    }
    return withRetry(() =>
      Promise.all(
        this.world.stocks.map(async (stock) => {
          const [round, status] = await Promise.all([
            client.readContract({ address: stock.feed, abi: stockPriceFeedAbi, functionName: 'latestRoundData' }),
            client.readContract({ address: stock.feed, abi: stockPriceFeedAbi, functionName: 'marketStatus' }),
          ]);
          return { price: Number(round[1]) / FEED_SCALE, status };
        }),
      ),
    );
  }
}
