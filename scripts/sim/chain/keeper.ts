/**
 * The keeper's duties on the local chain (on a public chain, anyone's bots do them):
 * - PegOracle.update for each stock every step, so the TWAP the protocol reads stays current;
 * - liquidate every tracked account below maintenance margin;
 * - execute vault withdrawals whose cooldown is over (when the vault lets them out);
 * - accrue the funding of every traded market each step (`accrueFunding`): funding over an interval is
 *   priced at the interval's average spot and σ (the OracleHub's integrals, checkpointed after every price
 *   push), so touching often keeps the interval short and the charge close to minute-by-minute sampling;
 * - sweep pending fees and funding into the vaults every few steps.
 * On a streams deployment it also runs the keeper service's duties (services/keeper, the same code as
 * `npm run keeper`): submit the step's reports (updatePrices) and settle the orders committed in the previous
 * step with the reports observed at their commit + minDelay; liquidations go through the router with fresh
 * reports. Liquidation selection is the service's (LiquidationDuty), one copy for both.
 */
import { formatUnits, type LocalAccount } from 'viem';
import type { StreamsKeeper } from '../../../services/keeper/keeper';
import { LiquidationDuty } from '../../../services/keeper/liquidate';
import { engineAbi, mainVaultAbi, pegOracleAbi } from './abis';
import type { ChainConnection } from './connection';
import { accountKey, ProtocolEventTracker, type PendingWithdrawal } from './eventTracker';
import { withRetry } from './retry';
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

/** Vault.exitPauseReason: 0 means nothing holds withdrawals back. */
const EXIT_OPEN = 0;

export class Keeper {
  readonly stats: KeeperStats = { ordersSettled: 0, liquidations: 0, withdrawalsExecuted: 0, pegUpdates: 0, fundingRefreshes: 0, sweeps: 0 };
  private readonly liquidations: LiquidationDuty;

  constructor(
    private readonly connection: ChainConnection,
    private readonly world: SimWorld,
    private readonly keeper: LocalAccount,
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
    await this.updatePegOracle();
    await this.liquidateUnhealthy(report);
    await this.executeDueWithdrawals(chainTime, report);
    await this.refreshFundingRates(); // after the withdrawals, so the σ surcharge sees the vault that remains
    if (stepIndex % this.options.sweepEverySteps === 0) await this.sweep();
  }

  /**
   * PegOracle.update on every stock, every step: it refreshes the stored TWAP that the OracleHub reads
   * (a stored TWAP over an hour old counts as broken) and records an observation once the minimum
   * spacing has passed.
   */
  async updatePegOracle(): Promise<void> {
    for (const stock of this.world.stocks) {
      const outcome = await this.connection.sender.send(`peg ${stock.symbol}`, this.keeper, {
        address: this.world.pegOracle,
        abi: pegOracleAbi,
        functionName: 'update',
        args: [stock.token],
      }, { routine: true });
      if (outcome.kind === 'mined') this.stats.pegUpdates++;
    }
  }

  /** One `accrueFunding` per settlement token with open interest (the engine loops over its markets, ≤ 128). */
  private async refreshFundingRates(): Promise<void> {
    const { client } = this.connection;
    const engine = this.world.engine;
    const activeBits = await withRetry(() =>
      Promise.all(this.world.stocks.map((s) => client.readContract({ address: engine, abi: engineAbi, functionName: 'activeMarketBits', args: [s.token] }))),
    );
    for (const [i, stock] of this.world.stocks.entries()) {
      if (activeBits[i] === 0n) continue;
      const outcome = await this.connection.sender.send(`funding ${stock.symbol}`, this.keeper, {
        address: engine,
        abi: engineAbi,
        functionName: 'accrueFunding',
        args: [stock.token],
      }, { routine: true });
      if (outcome.kind === 'mined') this.stats.fundingRefreshes++;
    }
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

  private async executeDueWithdrawals(chainTime: number, report: TickReport): Promise<void> {
    const due = [...this.events.withdrawals.values()].filter((w) => w.readyAt <= chainTime);
    if (due.length === 0) return;
    const { client } = this.connection;
    const checks = await withRetry(() =>
      Promise.all(
        due.map((w) =>
          Promise.all([
            client.readContract({ address: w.vault, abi: mainVaultAbi, functionName: 'withdrawalRequest', args: [w.lp] }),
            client.readContract({ address: w.vault, abi: mainVaultAbi, functionName: 'exitPauseReason' }),
          ]),
        ),
      ),
    );
    for (const [i, withdrawal] of due.entries()) {
      const check = checks[i];
      if (!check) continue;
      const [[shares, readyAt], pauseReason] = check;
      if (shares === 0n) {
        this.events.withdrawals.delete(accountKey(withdrawal.vault, withdrawal.lp)); // executed or cancelled
        continue;
      }
      withdrawal.readyAt = Number(readyAt);
      // Closed market or unhealthy peg: the vault holds exits back; try again on a later step.
      if (pauseReason !== EXIT_OPEN || withdrawal.readyAt > chainTime) continue;
      await this.execute(withdrawal, report);
    }
  }

  private async execute(withdrawal: PendingWithdrawal, report: TickReport): Promise<void> {
    const outcome = await this.connection.sender.send('executeWithdrawal', this.keeper, {
      address: withdrawal.vault,
      abi: mainVaultAbi,
      functionName: 'executeWithdrawal',
      args: [withdrawal.lp],
    });
    if (outcome.kind !== 'mined') return;
    this.stats.withdrawalsExecuted++;
    this.events.withdrawals.delete(accountKey(withdrawal.vault, withdrawal.lp));
    report.notes.push(`withdrawal executed for ${shortAddress(withdrawal.lp)}`);
  }

  private async sweep(): Promise<void> {
    const { client } = this.connection;
    const engine = this.world.engine;
    const pending = await withRetry(() =>
      Promise.all(
        this.world.stocks.map((s) =>
          Promise.all(
            (['pendingMain', 'pendingInsurance', 'pendingTreasury'] as const).map((functionName) =>
              client.readContract({ address: engine, abi: engineAbi, functionName, args: [s.token] }),
            ),
          ),
        ),
      ),
    );
    for (const [i, stock] of this.world.stocks.entries()) {
      const amounts = pending[i] ?? [];
      if (!amounts.some((amount) => amount > 0n)) continue;
      const outcome = await this.connection.sender.send(`sweep ${stock.symbol}`, this.keeper, {
        address: engine,
        abi: engineAbi,
        functionName: 'sweep',
        args: [stock.token],
      });
      if (outcome.kind === 'mined') this.stats.sweeps++;
    }
  }
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

function usd(wad: bigint): string {
  return Number(formatUnits(wad, 18)).toFixed(0);
}
