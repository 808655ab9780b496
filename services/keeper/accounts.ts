/**
 * Who the keeper has to watch, learned from events read incrementally (services/keeper/cursor.ts): margin accounts
 * from the engine's Deposited and PositionTraded (a trade of either sign), pending vault withdrawals from WithdrawalRequested. Shared by the
 * keeper service and the simulator's keeper.
 */
import { getAbiItem, type Address, type Chain, type PublicClient, type Transport } from 'viem';
import { mainVaultAbi } from '../../lib/generated';
import { engineAbi } from './abis';
import { LogCursor } from './cursor';
import { withRetry } from './retry';

export interface TrackedAccount {
  trader: Address;
  token: Address;
}

export interface PendingWithdrawal {
  vault: Address;
  lp: Address;
  readyAt: number;
}

const depositedEvent = getAbiItem({ abi: engineAbi, name: 'Deposited' });
const positionTradedEvent = getAbiItem({ abi: engineAbi, name: 'PositionTraded' });
const withdrawalRequestedEvent = getAbiItem({ abi: mainVaultAbi, name: 'WithdrawalRequested' });

export function accountKey(trader: Address, token: Address): string {
  return `${trader.toLowerCase()}:${token.toLowerCase()}`;
}

export interface AccountTrackerOptions {
  client: PublicClient<Transport, Chain | undefined>;
  engine: Address;
  /** Main and insurance vaults (withdrawal requests). */
  vaults: readonly Address[];
  /** Settlement token of each known market; unknown ids are read from the engine once. */
  marketTokens?: ReadonlyMap<bigint, Address>;
  fromBlock: bigint;
}

export class AccountTracker {
  readonly accounts = new Map<string, TrackedAccount>();
  readonly withdrawals = new Map<string, PendingWithdrawal>();
  private readonly cursor: LogCursor;
  private readonly marketTokens: Map<bigint, Address>;

  constructor(private readonly options: AccountTrackerOptions) {
    this.cursor = new LogCursor(options.client, options.fromBlock);
    this.marketTokens = new Map(options.marketTokens ?? []);
  }

  /** Read the logs of every block not read yet (all again after a rewind); returns how many were new. */
  async sync(): Promise<number> {
    const { rewound, ranges, head } = await this.cursor.ranges();
    if (rewound) {
      this.accounts.clear();
      this.withdrawals.clear();
    }
    let seen = 0;
    for (const range of ranges) seen += await this.readRange(range.fromBlock, range.toBlock);
    this.cursor.done(head);
    return seen;
  }

  private async marketToken(marketId: bigint): Promise<Address | undefined> {
    const known = this.marketTokens.get(marketId);
    if (known) return known;
    const market = await withRetry(() =>
      this.options.client.readContract({ address: this.options.engine, abi: engineAbi, functionName: 'market', args: [marketId] }),
    ).catch(() => undefined);
    if (market) this.marketTokens.set(marketId, market.token);
    return market?.token;
  }

  private async readRange(fromBlock: bigint, toBlock: bigint): Promise<number> {
    const { client, engine, vaults } = this.options;
    const [engineLogs, vaultLogs] = await withRetry(() =>
      Promise.all([
        client.getLogs({ address: engine, events: [depositedEvent, positionTradedEvent], fromBlock, toBlock }),
        vaults.length > 0 ? client.getLogs({ address: [...vaults], event: withdrawalRequestedEvent, fromBlock, toBlock }) : Promise.resolve([]),
      ]),
    );
    for (const log of engineLogs) {
      if (log.eventName === 'Deposited') {
        const { trader, token } = log.args;
        if (trader && token) this.accounts.set(accountKey(trader, token), { trader, token });
      } else {
        const { trader, marketId } = log.args;
        const token = marketId === undefined ? undefined : await this.marketToken(marketId);
        if (trader && token) this.accounts.set(accountKey(trader, token), { trader, token });
      }
    }
    for (const log of vaultLogs) {
      const { owner, readyAt } = log.args;
      if (!owner || readyAt === undefined) continue;
      // A second request adds shares and restarts the cooldown: the latest readyAt wins.
      this.withdrawals.set(accountKey(log.address, owner), { vault: log.address, lp: owner, readyAt: Number(readyAt) });
    }
    return engineLogs.length + vaultLogs.length;
  }
}
