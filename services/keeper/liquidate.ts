/**
 * Liquidation duty: reads the health of every tracked account (./accounts.ts) and liquidates those below
 * maintenance (./selection.ts). With an OrderRouter, through `router.liquidate(trader, token, reports)` with the
 * newest BTC and ETH spot reports (the router wants them at most liquidationMaxAge old); without one (push feeds),
 * through `engine.liquidate(trader, token, keeper)`.
 */
import type { Address, Chain, Hex, LocalAccount, PublicClient, Transport } from 'viem';
import type { StreamsClient } from '../../lib/streams/client';
import { engineAbi, orderRouterAbi } from './abis';
import type { TrackedAccount } from './accounts';
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
}

export class LiquidationDuty {
  constructor(private readonly ctx: LiquidationContext) {}

  /** Liquidate every account below maintenance; returns those liquidated. */
  async run(accounts: readonly TrackedAccount[]): Promise<Liquidatable[]> {
    const { client, engine } = this.ctx;
    if (accounts.length === 0) return [];
    const healths = await withRetry(() =>
      Promise.all(accounts.map((a) => client.readContract({ address: engine, abi: engineAbi, functionName: 'accountHealth', args: [a.trader, a.token] }))),
    );
    const due = liquidatable(accounts, healths);
    const done: Liquidatable[] = [];
    let reports: Hex[] | undefined;
    for (const candidate of due) {
      if (this.ctx.via && reports === undefined) reports = await this.spotReports(this.ctx.via);
      if (await this.liquidate(candidate.account, reports)) done.push(candidate);
    }
    return done;
  }

  private async spotReports(via: LiquidationVia): Promise<Hex[]> {
    const reports = await Promise.all(via.spotFeeds.map((id) => via.streams.latest(id).catch(() => undefined)));
    return reports.flatMap((r) => (r ? [r.fullReport] : []));
  }

  private async liquidate(account: TrackedAccount, reports: Hex[] | undefined): Promise<boolean> {
    const { sender, account: keeper, engine, via } = this.ctx;
    const outcome = via
      ? await sender.send('liquidate', keeper, {
          address: via.router,
          abi: orderRouterAbi,
          functionName: 'liquidate',
          args: [account.trader, account.token, reports ?? []],
        })
      : await sender.send('liquidate', keeper, {
          address: engine,
          abi: engineAbi,
          functionName: 'liquidate',
          args: [account.trader, account.token, keeper.address],
        });
    return outcome.kind === 'mined';
  }
}
