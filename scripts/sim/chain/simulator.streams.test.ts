/**
 * The simulator on a streams deployment (STREAMS=true: signed reports, two-step orders) with the local DON in
 * this process: each step's prices reach the chain as reports the keeper duties submit, and the background
 * traders' orders, committed in one step, are settled in the next with the reports observed at commit + minDelay.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startAnvil, type AnvilHandle } from '../../lib/anvil';
import { deploy, type Deployment } from '../../lib/deploy';
import { startLocalDon, type LocalDonHandle } from '../../../services/don/local';
import { anvilAccount, SIM_ACCOUNT_INDEX } from './accounts';
import { orderRouterAbi, reportStoreAbi } from './abis';
import { createSimulator } from './simulator';

describe('simulator on a streams deployment', () => {
  let anvil: AnvilHandle;
  let don: LocalDonHandle;
  let deployment: Deployment;
  let file: string;

  beforeAll(async () => {
    anvil = await startAnvil();
    const dir = path.join(ROOT, 'contracts', 'deploy', '.generated');
    mkdirSync(dir, { recursive: true });
    file = path.join(dir, `sim-streams-test-${anvil.port}.json`);
    const previous = process.env.STREAMS;
    process.env.STREAMS = 'true';
    try {
      ({ deployment } = await deploy({ rpcUrl: anvil.rpcUrl, out: file }));
    } finally {
      if (previous === undefined) delete process.env.STREAMS;
      else process.env.STREAMS = previous;
    }
    don = await startLocalDon({ rpcUrl: anvil.rpcUrl, deploymentFile: file });
  }, 240_000);

  afterAll(async () => {
    await don?.close();
    await anvil?.stop();
  });

  it('posts prices to the DON, submits the reports, and settles the traders\' orders of the previous step', async () => {
    const sim = await createSimulator({
      rpcUrl: anvil.rpcUrl,
      seed: 7,
      scenario: 'normal',
      startTime: 0,
      deploymentFile: file,
      stressJump: false,
      streamsUrl: don.url,
    });
    expect(sim.world.streams?.router).toBe(deployment.contracts.OrderRouter);
    const client = sim.connection.client;
    const btcFeed = deployment.streams!.feeds['BTC/USD']!;
    const problems: string[] = [];
    let lastTime = 0;
    for (let i = 0; i < 4; i++) {
      const report = await sim.tick();
      problems.push(...report.problems);
      lastTime = report.simTime;
      const stored = await client.readContract({ address: deployment.contracts.ReportStore!, abi: reportStoreAbi, functionName: 'latest', args: [btcFeed] });
      // The step's price, observed at the step's block time.
      expect(stored.observedAt).toBeGreaterThanOrEqual(report.simTime);
      expect(Number(stored.price) / 1e18).toBeCloseTo(report.underlyings.find((u) => u.label === 'BTC')!.price, 2);
    }
    expect(problems).toEqual([]);
    const settled = await client.getContractEvents({ address: deployment.contracts.OrderRouter!, abi: orderRouterAbi, eventName: 'OrderSettled', fromBlock: 0n });
    const committed = await client.getContractEvents({ address: deployment.contracts.OrderRouter!, abi: orderRouterAbi, eventName: 'OrderCommitted', fromBlock: 0n });
    // The leveraged trader buys on the first step; every order but those of the last step is settled.
    expect(settled.length).toBeGreaterThan(0);
    expect(sim.keeperStats.ordersSettled).toBe(settled.length);
    for (const s of settled) expect(s.args.settler).toBe(anvilAccount(SIM_ACCOUNT_INDEX.operator).address);
    const lastStepStart = lastTime;
    const unsettled = committed.filter((c) => !settled.some((s) => s.args.orderId === c.args.orderId));
    for (const c of unsettled) expect(c.args.order!.committedAt).toBeGreaterThanOrEqual(lastStepStart);
  }, 120_000);
});
