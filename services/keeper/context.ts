/**
 * What every keeper duty works with: the chain (reads, a sender, the keeper's account), the Data Streams API and
 * the deployment's streams contracts with the router's rules, read from the chain once.
 */
import type { Address, Chain, Hex, LocalAccount, PublicClient, Transport } from 'viem';
import type { StreamsClient } from '../../lib/streams/client';
import type { Deployment } from '../../scripts/lib/deploy';
import { orderRouterAbi } from './abis';
import type { KeeperMetrics } from './metrics';
import type { OrderTiming } from './orders';
import { withRetry } from './retry';
import type { TxSender } from './tx';

export interface StreamsTargets {
  engine: Address;
  router: Address;
  reportStore: Address;
  pegOracle: Address;
  /** Every listed stock token (upkeep duties). */
  stocks: { symbol: string; token: Address }[];
  /** Every feed the deployment reads, by name. */
  feeds: { name: string; id: Hex }[];
  /** Spot and σ feed ids per underlying (0 BTC, 1 ETH), as the router has them. */
  spotFeed: Hex[];
  volFeed: Hex[];
  timing: OrderTiming;
  maxLifetime: number;
  liquidationMaxAge: number;
  startBlock: bigint;
}

export interface KeeperStats {
  settled: number;
  cancelled: number;
  expired: number;
  settleTxs: number;
  priceUpdates: number;
  liquidations: number;
  failures: number;
  lastError?: string;
  /** Seconds of chain time from commitment to the settling block, of the last settled order. */
  lastSettleDelay?: number;
}

export function emptyStats(): KeeperStats {
  return { settled: 0, cancelled: 0, expired: 0, settleTxs: 0, priceUpdates: 0, liquidations: 0, failures: 0 };
}

export interface KeeperContext {
  client: PublicClient<Transport, Chain>;
  sender: TxSender;
  account: LocalAccount;
  streams: StreamsClient;
  targets: StreamsTargets;
  stats: KeeperStats;
  metrics: KeeperMetrics;
  log: (line: string) => void;
}

/** True when the deployment runs on signed reports and two-step orders. */
export function isStreamsDeployment(deployment: Pick<Deployment, 'contracts'>): boolean {
  return Boolean(deployment.contracts.OrderRouter);
}

export async function loadStreamsTargets(client: PublicClient<Transport, Chain>, deployment: Deployment): Promise<StreamsTargets> {
  const router = deployment.contracts.OrderRouter;
  const reportStore = deployment.contracts.ReportStore;
  const engine = deployment.contracts.LivestockEngine;
  const pegOracle = deployment.contracts.PegOracle;
  if (!router || !reportStore || !engine || !pegOracle) throw new Error('the deployment has no OrderRouter / ReportStore: deploy with STREAMS=true');
  const feeds = Object.entries(deployment.streams?.feeds ?? {}).map(([name, id]) => ({ name, id }));
  if (feeds.length === 0) throw new Error('the deployment lists no streams feeds');
  const [params, spot0, spot1, vol0, vol1] = await withRetry(() =>
    Promise.all([
      client.readContract({ address: router, abi: orderRouterAbi, functionName: 'params' }),
      client.readContract({ address: router, abi: orderRouterAbi, functionName: 'spotFeedId', args: [0] }),
      client.readContract({ address: router, abi: orderRouterAbi, functionName: 'spotFeedId', args: [1] }),
      client.readContract({ address: router, abi: orderRouterAbi, functionName: 'volFeedId', args: [0] }),
      client.readContract({ address: router, abi: orderRouterAbi, functionName: 'volFeedId', args: [1] }),
    ]),
  );
  const [minDelay, settleWindow, maxLifetime, liquidationMaxAge] = params;
  return {
    engine,
    router,
    reportStore,
    pegOracle,
    stocks: Object.entries(deployment.stocks).map(([symbol, s]) => ({ symbol, token: s.token })),
    feeds,
    spotFeed: [spot0, spot1],
    volFeed: [vol0, vol1],
    timing: { minDelay, settleWindow },
    maxLifetime,
    liquidationMaxAge,
    startBlock: BigInt(deployment.startBlock ?? 0),
  };
}
