/**
 * A streams deployment on a fresh anvil with the services a deployment runs: the local DON and the keeper in this
 * process (ticked by the test), and the indexer as a child process exactly as `npm run chain` starts it. The
 * indexer's rows are read through @ponder/client (SQL over HTTP), the path the app uses.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createClient } from '@ponder/client';
import {
  createPublicClient, createWalletClient, http, type Abi, type Address, type Hex, type PublicClient, type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { iLivestockAbi, orderRouterAbi } from '../../lib/generated';
import { freePort, ROOT, startAnvil, type AnvilHandle } from '../../scripts/lib/anvil';
import { deploy, type Deployment } from '../../scripts/lib/deploy';
import { startIndexer } from '../../scripts/lib/indexerService';
import type { ServiceHandle } from '../../scripts/lib/streamsServices';
import { startLocalDon, type LocalDonHandle } from '../../services/don/local';
import { createStreamsKeeper } from '../../services/keeper/create';
import type { StreamsKeeper } from '../../services/keeper/keeper';
import * as schema from '../ponder.schema';

/** The engine's whole interface (its four modules behind one address). */
export const engineAbi = iLivestockAbi;
export const WAD = 10n ** 18n;

export interface Harness {
  anvil: AnvilHandle;
  deployment: Deployment;
  publicClient: PublicClient;
  don: LocalDonHandle;
  keeper: StreamsKeeper;
  indexer: ServiceHandle;
  /** @ponder/client against the indexer's /sql endpoint, typed by indexer/ponder.schema.ts. */
  sql: ReturnType<typeof createClient<typeof schema>>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const anvil = await startAnvil();
  const dir = path.join(ROOT, 'contracts', 'deploy', '.generated');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `indexer-it-${anvil.port}.json`);
  const previous = process.env.STREAMS;
  process.env.STREAMS = 'true';
  let deployment: Deployment;
  try {
    ({ deployment } = await deploy({ rpcUrl: anvil.rpcUrl, out: file }));
  } finally {
    if (previous === undefined) delete process.env.STREAMS;
    else process.env.STREAMS = previous;
  }
  const don = await startLocalDon({ rpcUrl: anvil.rpcUrl, deploymentFile: file });
  // Upkeep (peg observations, funding, withdrawals, sweeps) stays on as in production; liquidations every tick.
  const keeper = await createStreamsKeeper({
    rpcUrl: anvil.rpcUrl, deployment, streamsUrl: don.url, privateKey: '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80', liquidateEveryMs: 1,
  });
  const port = await freePort();
  const pgliteDir = path.join(ROOT, 'indexer', '.ponder', `test-${port}`);
  // DATABASE_URL runs the same test against Postgres (indexer/README.md); each run gets its own schema.
  const indexer = await startIndexer({
    rpcUrl: anvil.rpcUrl,
    deploymentFile: file,
    port,
    pgliteDir,
    databaseUrl: process.env.DATABASE_URL,
    schema: `indexer_it_${port}`,
    write: process.env.INDEXER_TEST_LOG ? (line) => console.log(line) : () => undefined,
  });
  const publicClient = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl), pollingInterval: 50 });
  const sql = createClient(`${indexer.url}/sql`, { schema });
  return {
    anvil, deployment, publicClient, don, keeper, indexer, sql,
    async stop() {
      await indexer.stop();
      await don.close();
      await anvil.stop();
      rmSync(pgliteDir, { recursive: true, force: true });
      rmSync(file, { force: true });
    },
  };
}

export function wallet(h: Harness, key: Hex) {
  return createWalletClient({ chain: foundry, transport: http(h.anvil.rpcUrl), account: privateKeyToAccount(key) });
}

/** Send a contract call and wait for a successful receipt. */
export async function send(
  h: Harness, key: Hex, request: { address: Address; abi: Abi; functionName: string; args: readonly unknown[] },
): Promise<TransactionReceipt> {
  const client = wallet(h, key);
  // Simulated first: a revert then throws with the contract's error name instead of a bare status.
  await h.publicClient.simulateContract({ ...request, account: client.account } as never);
  const hash = await client.writeContract(request as never);
  const receipt = await h.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  if (receipt.status !== 'success') throw new Error(`${request.functionName} reverted (${hash})`);
  return receipt;
}

/** Tick the keeper until the router reports the order settled or cancelled (it settles ≥ minDelay after commit). */
export async function tickUntilComplete(h: Harness, orderId: bigint, timeoutMs = 15_000): Promise<'settled' | 'cancelled'> {
  const router = h.deployment.contracts.OrderRouter!;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await h.keeper.tick();
    const [settled, cancelled] = await Promise.all([
      h.publicClient.getContractEvents({ address: router, abi: orderRouterAbi, eventName: 'OrderSettled', args: { orderId }, fromBlock: 0n }),
      h.publicClient.getContractEvents({ address: router, abi: orderRouterAbi, eventName: 'OrderCancelled', args: { orderId }, fromBlock: 0n }),
    ]);
    if (settled.length) return 'settled';
    if (cancelled.length) return 'cancelled';
    if (Date.now() > deadline) throw new Error(`order ${orderId} not complete within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Wait until the indexer has indexed the chain head (its /status checkpoint reaches the head block). */
export async function waitIndexedToHead(h: Harness, timeoutMs = 20_000): Promise<bigint> {
  const head = await h.publicClient.getBlockNumber({ cacheTime: 0 });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await (await fetch(`${h.indexer.url}/status`)).json()) as Record<string, { block: { number: number } }>;
    const indexed = Object.values(status)[0]?.block.number ?? -1;
    if (indexed >= Number(head)) return head;
    if (Date.now() > deadline) throw new Error(`indexer at block ${indexed}, chain head ${head}, after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The market of a stock token with this underlying (0 BTC, 1 ETH), kind and strike (whole USD). */
export async function findMarket(h: Harness, token: Address, underlying: number, isCall: boolean, strikeUsd: bigint): Promise<bigint> {
  const engine = h.deployment.contracts.LivestockEngine!;
  const count = await h.publicClient.readContract({ address: engine, abi: engineAbi, functionName: 'marketCount' });
  for (let id = 1n; id <= BigInt(count); id++) {
    const m = await h.publicClient.readContract({ address: engine, abi: engineAbi, functionName: 'market', args: [id] });
    if (m.token.toLowerCase() === token.toLowerCase() && m.underlying === underlying && m.isCall === isCall && m.strike === strikeUsd * WAD) return id;
  }
  throw new Error(`no market ${token} ${underlying} ${isCall ? 'call' : 'put'} ${strikeUsd}`);
}
