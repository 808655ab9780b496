/**
 * One connection to the chain: a public client (reads, batched into one HTTP request per event-loop
 * turn), anvil's test actions (chain time), and the transaction sender.
 */
import {
  createPublicClient,
  createTestClient,
  defineChain,
  http,
  type Chain,
  type PublicClient,
  type TestClient,
  type Transport,
} from 'viem';
import { TxSender } from './txSender';
import { DEFAULT_RETRY, withRetry, type RetryOptions } from './retry';

export interface ChainConnection {
  rpcUrl: string;
  client: PublicClient<Transport, Chain>;
  testClient: TestClient<'anvil', Transport, Chain>;
  sender: TxSender;
}

export async function connect(rpcUrl: string, retry: RetryOptions = DEFAULT_RETRY): Promise<ChainConnection> {
  // viem's own retries cover single requests; withRetry below covers anvil not being up yet.
  const transport = http(rpcUrl, { batch: { wait: 0 }, retryCount: 2, retryDelay: 150, timeout: 15_000 });
  const probe = createPublicClient({ transport });
  const chainId = await withRetry(() => probe.getChainId(), retry);
  const chain = defineChain({
    id: chainId,
    name: `Livestock local (${chainId})`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const client = createPublicClient({ chain, transport });
  const testClient = createTestClient({ chain, mode: 'anvil', transport });
  return { rpcUrl, client, testClient, sender: new TxSender(client, transport) };
}

export async function latestBlockTimestamp(connection: ChainConnection): Promise<number> {
  const block = await withRetry(() => connection.client.getBlock({ blockTag: 'latest' }));
  return Number(block.timestamp);
}

/**
 * Mine an empty block at `timestamp` (or one second after the latest block, if the chain is already
 * past it: timestamps must increase). Every read and transaction of the step that follows sees this
 * time. Returns the timestamp actually used.
 */
export async function mineBlockAt(connection: ChainConnection, timestamp: number): Promise<number> {
  const latest = await latestBlockTimestamp(connection);
  const target = Math.max(Math.floor(timestamp), latest + 1);
  await withRetry(() => connection.testClient.setNextBlockTimestamp({ timestamp: BigInt(target) }));
  await withRetry(() => connection.testClient.mine({ blocks: 1 }));
  return target;
}
