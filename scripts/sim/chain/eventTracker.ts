/**
 * Who the keeper has to watch, learned from events read incrementally: each step asks only for the
 * blocks since the previous one (never the whole chain again). Margin accounts come from Deposited
 * and PositionOpened, pending vault withdrawals from WithdrawalRequested.
 */
import { getAbiItem, type Address } from 'viem';
import { engineAbi, mainVaultAbi } from './abis';
import type { ChainConnection } from './connection';
import { withRetry } from './retry';
import type { SimWorld } from './world';

export interface TrackedAccount {
  trader: Address;
  token: Address;
}

export interface PendingWithdrawal {
  vault: Address;
  lp: Address;
  readyAt: number;
}

/** Some RPCs cap the block span of eth_getLogs; anvil does not, but a long restart gap should not be one request. */
const MAX_BLOCKS_PER_QUERY = 5_000n;

const depositedEvent = getAbiItem({ abi: engineAbi, name: 'Deposited' });
const positionOpenedEvent = getAbiItem({ abi: engineAbi, name: 'PositionOpened' });
const withdrawalRequestedEvent = getAbiItem({ abi: mainVaultAbi, name: 'WithdrawalRequested' });

export function accountKey(trader: Address, token: Address): string {
  return `${trader.toLowerCase()}:${token.toLowerCase()}`;
}

export class ProtocolEventTracker {
  readonly accounts = new Map<string, TrackedAccount>();
  readonly withdrawals = new Map<string, PendingWithdrawal>();
  private nextBlock: bigint;
  private readonly marketTokens: Map<bigint, Address>;
  private readonly vaults: Address[];

  constructor(
    private readonly connection: ChainConnection,
    private readonly world: SimWorld,
    fromBlock: bigint,
  ) {
    this.nextBlock = fromBlock;
    this.marketTokens = new Map(world.markets.map((m) => [m.id, m.token]));
    this.vaults = world.stocks.flatMap((s) => [s.mainVault, s.insuranceVault]);
  }

  /** Read the logs of every block not read yet; returns how many were new. */
  async sync(): Promise<number> {
    const latest = await withRetry(() => this.connection.client.getBlockNumber({ cacheTime: 0 }));
    let seen = 0;
    while (this.nextBlock <= latest) {
      const toBlock = this.nextBlock + MAX_BLOCKS_PER_QUERY - 1n < latest ? this.nextBlock + MAX_BLOCKS_PER_QUERY - 1n : latest;
      seen += await this.readRange(this.nextBlock, toBlock);
      this.nextBlock = toBlock + 1n;
    }
    return seen;
  }

  private async readRange(fromBlock: bigint, toBlock: bigint): Promise<number> {
    const { client } = this.connection;
    const [engineLogs, vaultLogs] = await withRetry(() =>
      Promise.all([
        client.getLogs({ address: this.world.engine, events: [depositedEvent, positionOpenedEvent], fromBlock, toBlock }),
        client.getLogs({ address: this.vaults, event: withdrawalRequestedEvent, fromBlock, toBlock }),
      ]),
    );
    for (const log of engineLogs) {
      if (log.eventName === 'Deposited') {
        const { trader, token } = log.args;
        if (trader && token) this.accounts.set(accountKey(trader, token), { trader, token });
      } else {
        const { trader, marketId } = log.args;
        const token = marketId === undefined ? undefined : this.marketTokens.get(marketId);
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
