/**
 * Who the simulator's keeper has to watch: the keeper service's AccountTracker (services/keeper/accounts.ts) over
 * the simulated world's engine, vaults and markets.
 */
import { AccountTracker } from '../../../services/keeper/accounts';
import type { ChainConnection } from './connection';
import type { SimWorld } from './world';

export { accountKey, type PendingWithdrawal, type TrackedAccount } from '../../../services/keeper/accounts';

export class ProtocolEventTracker extends AccountTracker {
  constructor(connection: ChainConnection, world: SimWorld, fromBlock: bigint) {
    super({
      client: connection.client,
      engine: world.engine,
      vaults: world.stocks.flatMap((s) => [s.mainVault, s.insuranceVault]),
      marketTokens: new Map(world.markets.map((m) => [m.id, m.token])),
      fromBlock,
    });
  }
}
