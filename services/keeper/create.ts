/**
 * A StreamsKeeper for a deployment, from an RPC URL, a Data Streams endpoint and a key: what `npm run keeper` runs,
 * and what tests start in-process.
 */
import { createPublicClient, defineChain, http, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createStreamsClient } from '../../lib/streams/client';
import type { Deployment } from '../../scripts/lib/deploy';
import { emptyStats, loadStreamsTargets } from './context';
import { StreamsKeeper, type StreamsKeeperOptions } from './keeper';
import { KeeperMetrics } from './metrics';
import { TxSender } from './tx';

export interface CreateKeeperOptions extends StreamsKeeperOptions {
  rpcUrl: string;
  deployment: Deployment;
  streamsUrl: string;
  privateKey: Hex;
  /** Chainlink's API credentials (HMAC); none for the local DON. */
  apiKey?: string;
  userSecret?: string;
  log?: (line: string) => void;
}

export async function createStreamsKeeper(options: CreateKeeperOptions): Promise<StreamsKeeper> {
  const transport = http(options.rpcUrl, { batch: { wait: 0 }, retryCount: 2, retryDelay: 150, timeout: 15_000 });
  const chainId = await createPublicClient({ transport }).getChainId();
  const chain = defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [options.rpcUrl] } },
  });
  const client = createPublicClient({ chain, transport, pollingInterval: 250 });
  const targets = await loadStreamsTargets(client, options.deployment);
  const streams = createStreamsClient({ endpoint: options.streamsUrl, apiKey: options.apiKey, userSecret: options.userSecret, timeoutMs: 5_000 });
  return new StreamsKeeper(
    {
      client,
      sender: new TxSender(client, transport, { freshNonces: true }),
      account: privateKeyToAccount(options.privateKey),
      streams,
      targets,
      stats: emptyStats(),
      metrics: new KeeperMetrics(),
      log: options.log ?? (() => undefined),
    },
    {
      vaults: options.vaults ?? Object.values(options.deployment.stocks).flatMap((s) => [s.mainVault, s.insuranceVault]),
      settle: options.settle,
      prices: options.prices,
      liquidateEveryMs: options.liquidateEveryMs,
      upkeepEveryMs: options.upkeepEveryMs,
      upkeep: options.upkeep,
      maxLiquidationsPerRound: options.maxLiquidationsPerRound,
    },
  );
}
