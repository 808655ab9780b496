/**
 * The keeper settles a committed order end to end on anvil: a STREAMS=true deploy (Chainlink's Verifier with the
 * local signers, ReportStore, OrderRouter), the local DON in this process, a trader who deposits margin and commits
 * an order, and the keeper's rounds, which fetch the reports observed at commit + minDelay and settle it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createPublicClient, createWalletClient, http, type PublicClient } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderRouterAbi, stockTokenAbi } from '../../lib/generated';
import { ANVIL_KEYS, ROOT, startAnvil, type AnvilHandle } from '../../scripts/lib/anvil';
import { deploy, type Deployment } from '../../scripts/lib/deploy';
import { commitOrder } from '../../scripts/lib/orders';
import { startLocalDon, type LocalDonHandle } from '../don/local';
import { engineAbi } from './abis';
import { createStreamsKeeper } from './create';
import type { StreamsKeeper } from './keeper';
import { WAD } from '../../lib/fixedPoint';


describe('keeper on a streams deployment (anvil)', () => {
  let anvil: AnvilHandle;
  let don: LocalDonHandle;
  let deployment: Deployment;
  let keeper: StreamsKeeper;
  let publicClient: PublicClient;
  let snapshot: `0x${string}`;
  const lines: string[] = [];

  beforeAll(async () => {
    anvil = await startAnvil();
    const dir = path.join(ROOT, 'contracts', 'deploy', '.generated');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `keeper-it-${anvil.port}.json`);
    const previous = process.env.STREAMS;
    process.env.STREAMS = 'true';
    try {
      ({ deployment } = await deploy({ rpcUrl: anvil.rpcUrl, out: file }));
    } finally {
      if (previous === undefined) delete process.env.STREAMS;
      else process.env.STREAMS = previous;
    }
    don = await startLocalDon({ rpcUrl: anvil.rpcUrl, deploymentFile: file });
    keeper = await createStreamsKeeper({
      rpcUrl: anvil.rpcUrl,
      deployment,
      streamsUrl: don.url,
      privateKey: ANVIL_KEYS[0],
      log: (line) => lines.push(line),
    });
    publicClient = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
  }, 240_000);

  afterAll(async () => {
    await don?.close();
    await anvil?.stop();
  });

  it('settles an order with the reports observed at commit + minDelay and opens the position', async () => {
    expect(deployment.contracts.OrderRouter).toBeDefined();
    // The chain's first prices: the keeper submits the DON's latest reports.
    await keeper.tick();
    expect(keeper.ctx.stats.priceUpdates).toBe(1);

    const trader = privateKeyToAccount(ANVIL_KEYS[1]);
    const walletClient = createWalletClient({ chain: foundry, transport: http(anvil.rpcUrl), account: trader });
    const token = deployment.stocks['TSLA.M']!.token;
    const count = await publicClient.readContract({ address: deployment.contracts.LivestockEngine!, abi: engineAbi, functionName: 'marketCount' });
    const markets = await Promise.all(
      Array.from({ length: Number(count) }, (_, i) =>
        publicClient.readContract({ address: deployment.contracts.LivestockEngine!, abi: engineAbi, functionName: 'market', args: [BigInt(i + 1)] }),
      ),
    );
    // A BTC call on TSLA.M near the money (BTC at $95,000).
    const marketId = BigInt(
      markets.findIndex((m) => m.token.toLowerCase() === token.toLowerCase() && m.underlying === 0 && m.isCall && m.strike === 95_000n * WAD) + 1,
    );
    expect(marketId).toBeGreaterThan(0n);
    const size = WAD / 10n;
    const committed = await commitOrder({ publicClient, walletClient, deployment, marketId, size, isBuy: true, deposit: 200n * WAD });
    const started = Date.now();
    snapshot = await publicClient.request({ method: 'evm_snapshot' as never }) as `0x${string}`;
    const ctxNow = async () => Number((await publicClient.getBlock({ blockTag: 'latest' })).timestamp);

    // A round before the reports exist settles nothing; rounds go on until the order is settled.
    await keeper.tick();
    expect(keeper.health().pendingOrders).toBe(1);
    while (keeper.ctx.stats.settled === 0 && Date.now() - started < 15_000) {
      await new Promise((r) => setTimeout(r, 250));
      await keeper.tick();
    }
    const elapsed = Date.now() - started;
    expect(keeper.ctx.stats.settled, lines.join('\n')).toBe(1);
    console.log(`[keeper.integration] order #${committed.orderId} settled ${elapsed} ms after its commit (chain ${(await ctxNow()) - committed.committedAt} s)`);
    expect(elapsed).toBeLessThan(5_000);

    const logs = await publicClient.getContractEvents({
      address: deployment.contracts.OrderRouter!, abi: orderRouterAbi, eventName: 'OrderSettled', fromBlock: committed.blockNumber,
    });
    expect(logs).toHaveLength(1);
    expect(logs[0]!.args.orderId).toBe(committed.orderId);
    expect(logs[0]!.args.observedAt).toBe(BigInt(committed.committedAt + keeper.ctx.targets.timing.minDelay));
    expect(logs[0]!.args.settler).toBe(privateKeyToAccount(ANVIL_KEYS[0]).address);
    const position = await publicClient.readContract({
      address: deployment.contracts.LivestockEngine!, abi: engineAbi, functionName: 'position', args: [trader.address, marketId],
    });
    expect(position.size).toBe(size);
    expect(keeper.health()).toMatchObject({ ok: true, pendingOrders: 0, settled: 1, cancelled: 0 });

    // Another keeper (or a restart) derives the same state from the chain: nothing pending, nothing to do.
    const second = await createStreamsKeeper({ rpcUrl: anvil.rpcUrl, deployment, streamsUrl: don.url, privateKey: ANVIL_KEYS[2] });
    await second.tick();
    expect(second.health()).toMatchObject({ pendingOrders: 0, settled: 0, failures: 0 });
  }, 60_000);

  it('after a snapshot revert (as e2e tests do) it reads the pending order again and settles it again, nonce from the node', async () => {
    expect(await publicClient.request({ method: 'evm_revert' as never, params: [snapshot] as never })).toBe(true);
    const before = keeper.ctx.stats.settled;
    await keeper.tick();
    expect(lines.some((l) => l.includes('rewound')), lines.join('\n')).toBe(true);
    const started = Date.now();
    while (keeper.ctx.stats.settled === before && Date.now() - started < 15_000) {
      await new Promise((r) => setTimeout(r, 250));
      await keeper.tick();
    }
    expect(keeper.ctx.stats.settled, lines.join('\n')).toBe(before + 1);
    expect(keeper.health()).toMatchObject({ pendingOrders: 0, failures: 0 });
  }, 30_000);

  it('settles orders committed in the same block in one settle transaction', async () => {
    const engine = deployment.contracts.LivestockEngine!;
    const router = deployment.contracts.OrderRouter!;
    const token = deployment.stocks['NVDA.M']!.token;
    const count = await publicClient.readContract({ address: engine, abi: engineAbi, functionName: 'marketCount' });
    let marketId = 0n;
    for (let id = 1n; id <= BigInt(count) && marketId === 0n; id++) {
      const m = await publicClient.readContract({ address: engine, abi: engineAbi, functionName: 'market', args: [id] });
      if (m.token.toLowerCase() === token.toLowerCase() && m.underlying === 1 && !m.isCall) marketId = id;
    }
    const size = WAD / 10n;
    const quote = await publicClient.readContract({ address: engine, abi: engineAbi, functionName: 'quote', args: [marketId, size, true] });
    const fee = await publicClient.readContract({ address: router, abi: orderRouterAbi, functionName: 'minExecutionFee', args: [token] });
    const traders = [ANVIL_KEYS[2], ANVIL_KEYS[3], ANVIL_KEYS[4]].map((key) =>
      createWalletClient({ chain: foundry, transport: http(anvil.rpcUrl), account: privateKeyToAccount(key) }),
    );
    for (const w of traders) {
      for (const request of [
        { address: token, abi: stockTokenAbi, functionName: 'approve', args: [engine, 100n * WAD] },
        { address: engine, abi: engineAbi, functionName: 'deposit', args: [token, 100n * WAD] },
        { address: token, abi: stockTokenAbi, functionName: 'approve', args: [router, fee] },
      ] as const) {
        await publicClient.waitForTransactionReceipt({ hash: await w.writeContract(request as never) });
      }
    }
    const now = Number((await publicClient.getBlock({ blockTag: 'latest' })).timestamp);
    await publicClient.request({ method: 'evm_setAutomine' as never, params: [false] as never });
    const hashes: `0x${string}`[] = [];
    for (const w of traders) {
      hashes.push(
        await w.writeContract({
          address: router,
          abi: orderRouterAbi,
          functionName: 'commit',
          args: [marketId, true, size, (quote.price * 11n) / 10n, BigInt(now + 60), fee],
          gas: 500_000n,
        }),
      );
    }
    await publicClient.request({ method: 'evm_mine' as never });
    await publicClient.request({ method: 'evm_setAutomine' as never, params: [true] as never });
    for (const hash of hashes) expect((await publicClient.waitForTransactionReceipt({ hash })).status).toBe('success');

    const before = { ...keeper.ctx.stats };
    const started = Date.now();
    while (keeper.ctx.stats.settled < before.settled + 3 && Date.now() - started < 15_000) {
      await new Promise((r) => setTimeout(r, 250));
      await keeper.tick();
    }
    expect(keeper.ctx.stats.settled - before.settled, lines.join('\n')).toBe(3);
    expect(keeper.ctx.stats.settleTxs - before.settleTxs).toBe(1);
  }, 60_000);
});
