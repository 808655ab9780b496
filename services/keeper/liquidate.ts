/**
 * Liquidation duty: reads the health of every tracked account (./accounts.ts) and liquidates those below
 * maintenance (./selection.ts), the smallest margin first, all of a round's liquidations sent back to back
 * (TxSender.sendMany) so a crash clears in a few blocks. Each one is simulated on the latest state first: an account
 * someone else liquidated already, or that recovered, costs no transaction. With an OrderRouter, through `router.liquidate(trader, token, reports)` with the
 * newest BTC and ETH spot reports (the router wants them at most liquidationMaxAge old); without one (push feeds),
 * through `engine.liquidate(trader, token, keeper)`.
 */
import { getAbiItem, type Address, type Chain, type Hex, type LocalAccount, type PublicClient, type Transport } from 'viem';
import type { StreamsClient } from '../../lib/streams/client';
import { engineAbi, orderRouterAbi } from './abis';
import type { TrackedAccount } from './accounts';
import type { KeeperMetrics } from './metrics';
import { withRetry } from './retry';
import { liquidatable, type Liquidatable } from './selection';
import type { TxSender } from './tx';

export interface LiquidationVia {
  router: Address;
  streams: StreamsClient;
  spotFeeds: readonly Hex[];
}

export interface LiquidationContext {
  client: PublicClient<Transport, Chain>;
  sender: TxSender;
  account: LocalAccount;
  engine: Address;
  /** Through the OrderRouter with fresh reports; undefined: straight to the engine (push feeds). */
  via?: LiquidationVia;
  metrics?: KeeperMetrics;
  log?: (line: string) => void;
  /** Most liquidations sent in one round (the rest wait for the next round, after these are mined). */
  maxPerRound?: number;
}

/**
 * Gas limit of one liquidation: measured 390,331 with one position and the reports' verification
 * (bench gas.liquidateWithReport); the limit leaves room for accounts with several positions.
 */
const LIQUIDATION_GAS_LIMIT = 1_500_000n;

export class LiquidationDuty {
  constructor(private readonly ctx: LiquidationContext) {}

  /** Accounts below maintenance at the last scan. */
  belowMaintenance = 0;

  /** Liquidate every account below maintenance (up to maxPerRound, smallest margin first); returns those liquidated. */
  async run(accounts: readonly TrackedAccount[]): Promise<Liquidatable[]> {
    const { client, engine } = this.ctx;
    if (accounts.length === 0) return [];
    const healths = await withRetry(() =>
      Promise.all(accounts.map((a) => client.readContract({ address: engine, abi: engineAbi, functionName: 'accountHealth', args: [a.trader, a.token] }))),
    );
    const due = liquidatable(accounts, healths);
    this.belowMaintenance = due.length;
    this.ctx.metrics?.belowMaintenance.set(due.length);
    const round = due.slice(0, this.ctx.maxPerRound ?? 250);
    if (round.length === 0) return [];
    const reports = this.ctx.via ? await this.spotReports(this.ctx.via) : undefined;
    const outcomes = await this.ctx.sender.sendMany('liquidate', this.ctx.account, round.map((c) => this.call(c.account, reports)), { gas: LIQUIDATION_GAS_LIMIT });
    const done = round.filter((_, i) => outcomes[i]?.kind === 'mined');
    const failed = outcomes.find((o) => o.kind !== 'mined');
    if (failed?.kind === 'refused' || failed?.kind === 'reverted' || failed?.kind === 'failed') this.ctx.log?.(`[keeper] ${round.length - done.length} of ${round.length} liquidations not done, e.g. ${failed.reason}`);
    this.ctx.metrics?.action('liquidate', 'done', done.length);
    this.ctx.metrics?.action('liquidate', 'failed', round.length - done.length);
    return done;
  }

  private async spotReports(via: LiquidationVia): Promise<Hex[]> {
    const reports = await Promise.all(via.spotFeeds.map((id) => via.streams.latest(id).catch(() => undefined)));
    return reports.flatMap((r) => (r ? [r.fullReport] : []));
  }

  private call(account: TrackedAccount, reports: Hex[] | undefined) {
    const { account: keeper, engine, via } = this.ctx;
    // One ABI for both paths (the router's and the engine's `liquidate` differ in arguments): a union of calls
    // would not type-check through sendMany's single ABI parameter.
    return via
      ? ({ address: via.router, abi: liquidateAbi, functionName: 'liquidate', args: [account.trader, account.token, reports ?? []] } as const)
      : ({ address: engine, abi: liquidateAbi, functionName: 'liquidate', args: [account.trader, account.token, keeper.address] } as const);
  }
}

const liquidateAbi = [getAbiItem({ abi: orderRouterAbi, name: 'liquidate' }), getAbiItem({ abi: engineAbi, name: 'liquidate' })] as const;
