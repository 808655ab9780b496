/**
 * The keeper's duties on the local chain, run once per simulated step, with the keeper service's code
 * (services/keeper: the same selection and transactions as `npm run keeper`):
 * - PegOracle.update for each stock every step, so the TWAP the protocol reads stays current;
 * - liquidate every tracked account below maintenance margin (LiquidationDuty, smallest margin first);
 * - execute vault withdrawals whose cooldown is over (when the vault lets them out);
 * - accrue the funding of every traded market each step (`accrueFunding`): funding over an interval is
 *   priced at the interval's average spot and σ (the OracleHub's integrals, checkpointed after every price
 *   push), so touching often keeps the interval short and the charge close to minute-by-minute sampling;
 * - sweep pending fees and funding into the vaults every few steps.
 * The last four are the service's UpkeepDuty with "every step" intervals. On a streams deployment it also runs the
 * service's order and price duties: submit the step's reports (updatePrices) and settle the orders committed in
 * the previous step with the reports observed at their commit + minDelay; liquidations go through the router with
 * fresh reports.
 */
import { formatUnits, type LocalAccount } from 'viem';
import type { StreamsKeeper } from '../../../services/keeper/keeper';
import { LiquidationDuty } from '../../../services/keeper/liquidate';
import { UpkeepDuty } from '../../../services/keeper/upkeep';
import type { ChainConnection } from './connection';
import type { ProtocolEventTracker } from './eventTracker';
import type { TickReport } from './tickReport';
import type { SimWorld } from './world';

export interface KeeperOptions {
  sweepEverySteps: number;
}

export const DEFAULT_KEEPER_OPTIONS: KeeperOptions = { sweepEverySteps: 15 };

export interface KeeperStats {
  /** Streams deployments: orders settled (filled or cancelled by the engine) by the simulator's keeper. */
  ordersSettled: number;
  liquidations: number;
  withdrawalsExecuted: number;
  pegUpdates: number;
  fundingRefreshes: number;
  sweeps: number;
}

export class Keeper {
  readonly stats: KeeperStats = { ordersSettled: 0, liquidations: 0, withdrawalsExecuted: 0, pegUpdates: 0, fundingRefreshes: 0, sweeps: 0 };
  private readonly liquidations: LiquidationDuty;
  private readonly upkeep: UpkeepDuty;

  constructor(
    private readonly connection: ChainConnection,
    private readonly world: SimWorld,
    keeper: LocalAccount,
    private readonly events: ProtocolEventTracker,
    private readonly options: KeeperOptions = DEFAULT_KEEPER_OPTIONS,
    /** The keeper service's duties, on a streams deployment. */
    private readonly streams?: StreamsKeeper,
  ) {
    this.liquidations = new LiquidationDuty({
      client: connection.client,
      sender: connection.sender,
      account: keeper,
      engine: world.engine,
      via: streams ? { router: streams.ctx.targets.router, streams: streams.ctx.streams, spotFeeds: streams.ctx.targets.spotFeed } : undefined,
    });
    this.upkeep = new UpkeepDuty(
      {
        client: connection.client,
        sender: connection.sender,
        account: keeper,
        targets: { engine: world.engine, pegOracle: world.pegOracle, stocks: world.stocks.map((s) => ({ symbol: s.symbol, token: s.token })) },
        log: () => undefined, // refusals reach the step's report through the sender
      },
      // Every step: a TWAP refresh per stock, funding for every traded token; sweeps are paced by step count.
      { twapRefreshSeconds: 0, fundingEverySeconds: 0, sweepEverySeconds: 0, minSweep: 1n },
    );
  }

  /** Streams: submit the DON's newest reports (the prices the step just posted). */
  async submitPrices(): Promise<void> {
    if (!this.streams) return;
    const prices = this.streams.priceDuty;
    await prices.submit(await prices.latestReports());
  }

  /** Streams: settle every due order (those committed before this step's block) at its own reports. */
  async settleOrders(chainTime: number, report: TickReport): Promise<void> {
    if (!this.streams) return;
    await this.streams.orders.sync();
    const { settled, cancelled } = await this.streams.settleDuty.run(chainTime, chainTime);
    this.stats.ordersSettled += settled.length + cancelled.length;
    if (settled.length + cancelled.length > 0) {
      report.notes.push(`orders settled ${settled.length}${cancelled.length > 0 ? `, cancelled ${cancelled.length}` : ''}`);
    }
  }

  async step(stepIndex: number, chainTime: number, report: TickReport): Promise<void> {
    await this.events.sync();
    await this.settleOrders(chainTime, report);
    await this.updatePegOracle(chainTime);
    await this.liquidateUnhealthy(report);
    for (const w of await this.upkeep.withdrawals(this.events.withdrawals, chainTime)) {
      this.stats.withdrawalsExecuted++;
      report.notes.push(`withdrawal executed for ${shortAddress(w.lp)}`);
    }
    // After the withdrawals, so the σ surcharge sees the vault that remains.
    this.stats.fundingRefreshes += (await this.upkeep.funding(chainTime)).length;
    if (stepIndex % this.options.sweepEverySteps === 0) this.stats.sweeps += (await this.upkeep.sweep(chainTime)).length;
  }

  /**
   * PegOracle.update on every stock: it refreshes the stored TWAP that the OracleHub reads (a stored TWAP over an
   * hour old counts as broken) and records an observation once the minimum spacing has passed.
   */
  async updatePegOracle(chainTime: number): Promise<void> {
    this.stats.pegUpdates += (await this.upkeep.peg(chainTime)).length;
  }

  private async liquidateUnhealthy(report: TickReport): Promise<void> {
    for (const { account, equity, maintenance } of await this.liquidations.run([...this.events.accounts.values()])) {
      this.stats.liquidations++;
      const symbol = this.world.stocks.find((s) => s.token.toLowerCase() === account.token.toLowerCase())?.symbol ?? account.token;
      report.notes.push(
        `LIQUIDATED ${shortAddress(account.trader)} on ${symbol} (equity $${usd(equity)} < maintenance $${usd(maintenance)})`,
      );
    }
  }
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

function usd(wad: bigint): string {
  return Number(formatUnits(wad, 18)).toFixed(0);
}
