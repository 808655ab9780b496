/**
 * The simulator against a real anvil with Livestock deployed: one deploy, then each test starts
 * from a snapshot of the freshly deployed chain. The start (Monday 5 Jan 2026, 09:20 New York) is
 * ten steps before the open, so the calendar is exercised within a few steps.
 */
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClient, http, parseUnits, type Hex } from 'viem';
import { ROOT, startAnvil, type AnvilHandle } from '../../lib/anvil';
import { deploy } from '../../lib/deploy';
import { anvilAccount, SIM_ACCOUNT_INDEX } from './accounts';
import { engineAbi, mainVaultAbi, oracleHubAbi, pegOracleAbi, pushPriceFeedAbi, stockPriceFeedAbi, stockTokenAbi } from './abis';
import { latestBlockTimestamp } from './connection';
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator';
import { emptyReport } from './tickReport';
import { closePosition, marketsOf, positionSize } from './traderSupport';

const START = Date.UTC(2026, 0, 5, 14, 20) / 1000; // 09:20 EST, ten minutes before the open
const OPEN = Date.UTC(2026, 0, 5, 14, 30) / 1000;
const STEP = 60;
const DEPLOYMENT_FILE = path.join(ROOT, 'contracts', 'deploy', '.generated', 'sim-chain-test.json');

let anvil: AnvilHandle;
let snapshot: Hex;

function testClient() {
  return createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl) });
}

/** Back to the freshly deployed chain (a revert consumes the snapshot, so take it again). */
async function freshChain(): Promise<void> {
  const client = testClient();
  await client.revert({ id: snapshot });
  snapshot = await client.snapshot();
}

function simulator(overrides: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  return createSimulator({
    rpcUrl: anvil.rpcUrl,
    seed: 7,
    scenario: 'normal',
    startTime: START,
    deploymentFile: DEPLOYMENT_FILE,
    stressJump: false,
    ...overrides,
  });
}

async function ticks(sim: Simulator, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await sim.tick();
}

/**
 * On a fresh chain with fresh feeds, anvil account 3 (seeded by the deploy) posts `margin` TSLA.M and buys
 * `size` of the TSLA.M-settled BTC call at `strike`.
 */
async function traderWithBtcCall(strike: number, margin: string, size: string) {
  await freshChain();
  const sim = await simulator({ backgroundTraders: false });
  await sim.tick(); // fresh feeds
  const { sender } = sim.connection;
  const { world } = sim;
  const tsla = world.stocks.find((s) => s.symbol === 'TSLA.M');
  const call = tsla && marketsOf(world, tsla.token, 0, true).find((m) => m.strike === strike);
  if (!tsla || !call) throw new Error(`TSLA.M or its ${strike} BTC call missing`);
  const trader = anvilAccount(3);
  sender.beginStep(emptyReport(0, 0));
  const amount = parseUnits(margin, 18);
  await sender.send('approve', trader, { address: tsla.token, abi: stockTokenAbi, functionName: 'approve', args: [world.engine, amount] });
  await sender.send('deposit', trader, { address: world.engine, abi: engineAbi, functionName: 'deposit', args: [tsla.token, amount] });
  const opened = await sender.send('open', trader, {
    address: world.engine,
    abi: engineAbi,
    functionName: 'trade',
    args: [trader.address, call.id, parseUnits(size, 18), parseUnits('20000', 18)],
  });
  expect(opened.kind).toBe('mined');
  return { sim, tsla, call, trader };
}

beforeAll(async () => {
  mkdirSync(path.dirname(DEPLOYMENT_FILE), { recursive: true });
  anvil = await startAnvil({ args: ['--timestamp', String(START - 3_600)] });
  // Push mode: the simulator's push-feed path (simulator.streams.test.ts covers the signed-report path).
  await deploy({ rpcUrl: anvil.rpcUrl, out: DEPLOYMENT_FILE, streams: false });
  snapshot = await testClient().snapshot();
}, 240_000);

afterAll(async () => {
  await anvil?.stop();
});

describe('simulator on a local chain', () => {
  it('moves prices on simulated time, follows the market calendar and keeps the TWAP fresh', async () => {
    await freshChain();
    const sim = await simulator();
    const { client } = sim.connection;
    const { world } = sim;
    const tsla = world.stocks.find((s) => s.symbol === 'TSLA.M');
    if (!tsla) throw new Error('TSLA.M missing');
    const statusOf = () => client.readContract({ address: tsla.feed, abi: stockPriceFeedAbi, functionName: 'marketStatus' });

    for (let k = 0; k < 10; k++) {
      const report = await sim.tick();
      expect(report.simTime).toBe(START + k * STEP);
      // The step's first block sits exactly at the simulated instant; the rest follow within seconds.
      const chainTime = await latestBlockTimestamp(sim.connection);
      expect(chainTime).toBeGreaterThanOrEqual(START + k * STEP);
      expect(chainTime).toBeLessThan(START + (k + 1) * STEP);
      expect(report.problems).toEqual([]);
    }
    expect(await statusOf()).toBe(1); // 09:29: closed
    const closePrice = (await client.readContract({ address: tsla.feed, abi: stockPriceFeedAbi, functionName: 'latestRoundData' }))[1];

    const atOpen = await sim.tick(); // 09:30
    expect(atOpen.simTime).toBe(OPEN);
    expect(atOpen.notes.join(' ')).toContain('US market OPEN');
    expect(await statusOf()).toBe(2);
    const [, openPrice, , updatedAt] = await client.readContract({ address: tsla.feed, abi: stockPriceFeedAbi, functionName: 'latestRoundData' });
    expect(openPrice).not.toBe(closePrice); // the overnight gap
    expect(Number(updatedAt)).toBeGreaterThanOrEqual(OPEN);
    await ticks(sim, 4);

    const btc = await client.readContract({ address: world.oracleHub, abi: oracleHubAbi, functionName: 'underlyingPrice', args: [0] });
    expect(btc).not.toBe(95_000n * 10n ** 18n); // moved, and fresh (the getter reverts on a stale price)
    for (const stock of world.stocks) {
      const [, newest] = await client.readContract({ address: world.pegOracle, abi: pegOracleAbi, functionName: 'observationState', args: [stock.token] });
      expect(newest).toBeGreaterThanOrEqual(START); // the keeper keeps recording observations
      const state = await client.readContract({ address: world.oracleHub, abi: oracleHubAbi, functionName: 'stockState', args: [stock.token] });
      expect(state.peg).toBe(0); // healthy: the warm-up gave the TWAP a full window
      expect(state.dexPrice).toBeGreaterThan(0n);
    }
    const trades = await client.getContractEvents({ address: world.engine, abi: engineAbi, eventName: 'PositionTraded', fromBlock: 0n });
    const buys = trades.filter((e) => (e.args.size ?? 0n) > 0n);
    expect(buys.length).toBeGreaterThan(0); // background traders give funding a history

    // Stop and restart against the same chain: the new simulator resumes from the chain's state.
    const lastTime = START + 14 * STEP;
    const resumed = await simulator({ startTime: START });
    expect(resumed.freshChain).toBe(false);
    expect(resumed.startTime).toBeGreaterThan(lastTime);
    const report = await resumed.tick();
    expect(report.underlyings[0]?.price).toBeCloseTo(Number(btc / 10n ** 10n) / 1e8, -3);
    expect(report.problems).toEqual([]);
  }, 120_000);

  it('replays the same prices for the same seed', async () => {
    const btcAfter = async (seed: number): Promise<bigint> => {
      await freshChain();
      const sim = await simulator({ seed, backgroundTraders: false });
      await ticks(sim, 5);
      const round = await sim.connection.client.readContract({
        address: sim.world.underlyings[0]?.priceFeed ?? '0x',
        abi: pushPriceFeedAbi,
        functionName: 'latestRoundData',
      });
      return round[1];
    };
    const first = await btcAfter(11);
    expect(await btcAfter(11)).toBe(first);
    expect(await btcAfter(12)).not.toBe(first);
  }, 120_000);

  it('liquidates an account that a BTC crash took below maintenance', async () => {
    // A deep in-the-money call near the account's margin limit.
    const { sim, tsla, call, trader } = await traderWithBtcCall(80_000, '50', '0.5');
    const { client, sender } = sim.connection;
    const { world } = sim;
    expect(await client.readContract({ address: world.engine, abi: engineAbi, functionName: 'positionIds', args: [trader.address, tsla.token] })).toEqual([call.id]);

    // BTC −30% through the feed; the simulator continues from the on-chain price and its keeper acts.
    const btcFeed = world.underlyings[0]?.priceFeed ?? '0x';
    await sender.send('crash', anvilAccount(0), { address: btcFeed, abi: pushPriceFeedAbi, functionName: 'updateAnswer', args: [66_500n * 10n ** 8n] });
    const report = await sim.tick();

    expect(report.notes.join(' ')).toContain('LIQUIDATED');
    expect(sim.keeperStats.liquidations).toBe(1);
    expect(await client.readContract({ address: world.engine, abi: engineAbi, functionName: 'positionIds', args: [trader.address, tsla.token] })).toEqual([]);
    const liquidated = await client.getContractEvents({ address: world.engine, abi: engineAbi, eventName: 'Liquidated', fromBlock: 0n });
    expect(liquidated.map((e) => e.args.trader)).toEqual([trader.address]);
  }, 120_000);

  it('accrues the funding of a traded market every step at the prices the feeds pushed in between', async () => {
    const { sim, call } = await traderWithBtcCall(100_000, '100', '0.01');
    const { client } = sim.connection;
    const { world } = sim;
    const marketNow = () => client.readContract({ address: world.engine, abi: engineAbi, functionName: 'market', args: [call.id] });
    const atOpen = await marketNow();
    expect(atOpen.sigmaMultiplierMicro).toBeGreaterThan(0);

    // Nobody trades the market again: the keeper's accrueFunding charges each step at the average prices since.
    const refreshesBefore = sim.keeperStats.fundingRefreshes;
    await sim.tick();
    await sim.tick();
    const after = await marketNow();
    expect(sim.keeperStats.fundingRefreshes).toBeGreaterThanOrEqual(refreshesBefore + 2);
    expect(after.lastFundingTime).toBeGreaterThan(atOpen.lastFundingTime);
    expect(after.cumFunding).toBeGreaterThan(atOpen.cumFunding);
    expect(after.spotCumAt).not.toBe(atOpen.spotCumAt); // the market's price checkpoint moved with it
    // Every push is followed by a checkpoint: the hub's integrals are as new as the last block.
    const [, , integralTime] = await client.readContract({ address: world.oracleHub, abi: oracleHubAbi, functionName: 'priceIntegral', args: [0] });
    const block = await client.getBlock();
    expect(BigInt(integralTime)).toBeGreaterThanOrEqual(block.timestamp - 120n);
  }, 120_000);

  it("closes a trader's long with sells (negative trades): half, then the rest", async () => {
    const { sim, call, trader } = await traderWithBtcCall(100_000, '100', '0.02');
    const context = { connection: sim.connection, world: sim.world, operator: anvilAccount(SIM_ACCOUNT_INDEX.operator) };
    const half = parseUnits('0.01', 18);
    expect(await closePosition(context, trader, call.id, half)).toBe(true);
    expect(await positionSize(context, trader.address, call.id)).toBe(half);
    expect(await closePosition(context, trader, call.id, half)).toBe(true);
    expect(await positionSize(context, trader.address, call.id)).toBe(0n);
    const trades = await sim.connection.client.getContractEvents({
      address: sim.world.engine, abi: engineAbi, eventName: 'PositionTraded', args: { trader: trader.address }, fromBlock: 0n,
    });
    expect(trades.map((e) => [e.args.size, e.args.newSize])).toEqual([[2n * half, 2n * half], [-half, half], [-half, 0n]]);
  }, 120_000);

  it('executes a vault withdrawal once its cooldown is over and the market is open', async () => {
    await freshChain();
    const sim = await simulator({ backgroundTraders: false });
    await ticks(sim, 11); // through the 09:30 open: vault exits are paused while the market is closed
    const { client, sender } = sim.connection;
    const vault = sim.world.stocks.find((s) => s.symbol === 'AAPLx')?.mainVault;
    if (!vault) throw new Error('AAPLx vault missing');
    const lp = anvilAccount(0); // the deploy seeded every vault from account 0
    const shares = await client.readContract({ address: vault, abi: mainVaultAbi, functionName: 'balanceOf', args: [lp.address] });
    sender.beginStep(emptyReport(0, 0));
    const request = await sender.send('request', lp, { address: vault, abi: mainVaultAbi, functionName: 'requestWithdrawal', args: [shares / 10n] });
    expect(request.kind).toBe('mined');

    await ticks(sim, 2); // the local cooldown is 60 s: due at the second step
    expect(sim.keeperStats.withdrawalsExecuted).toBe(1);
    const [pending] = await client.readContract({ address: vault, abi: mainVaultAbi, functionName: 'withdrawalRequest', args: [lp.address] });
    expect(pending).toBe(0n);
    const executed = await client.getContractEvents({ address: vault, abi: mainVaultAbi, eventName: 'WithdrawalExecuted', fromBlock: 0n });
    expect(executed.map((e) => e.args.owner)).toEqual([lp.address]);
  }, 120_000);

  it('names a refused or reverted transaction and carries on', async () => {
    await freshChain();
    const sim = await simulator({ backgroundTraders: false });
    await sim.tick(); // 09:20: the stock market is closed, so a reference price push must fail
    const feed = sim.world.stocks[0]?.feed ?? '0x';
    const push = { address: feed, abi: stockPriceFeedAbi, functionName: 'updateAnswer', args: [1n] } as const;
    const report = emptyReport(0, 0);
    sim.connection.sender.beginStep(report);
    const refused = await sim.connection.sender.send('push', anvilAccount(0), push);
    const reverted = await sim.connection.sender.send('push', anvilAccount(0), push, { routine: true });
    expect(refused).toEqual({ kind: 'refused', reason: 'MarketNotOpen' }); // simulated, never sent
    expect(reverted.kind === 'reverted' && reverted.reason).toBe('MarketNotOpen'); // sent, reason read afterwards
    expect(report.problems).toEqual(['push(MarketNotOpen)', 'push(MarketNotOpen)']);
    expect((await sim.tick()).problems).toEqual([]);
  }, 60_000);

  it('pins AMZNx 100× on a thin pool and the peg breaks while collateral stays at the reference', async () => {
    await freshChain();
    const sim = await simulator({ scenario: 'pin', backgroundTraders: false, pinTiming: { delaySeconds: 2 * STEP, holdSeconds: 3_600 } });
    const { client } = sim.connection;
    const amzn = sim.world.stocks.find((s) => s.symbol === 'AMZNx');
    if (!amzn) throw new Error('AMZNx missing');
    const state = () => client.readContract({ address: sim.world.oracleHub, abi: oracleHubAbi, functionName: 'stockState', args: [amzn.token] });

    await ticks(sim, 2);
    expect((await state()).peg).toBe(0);
    const pinStep = await sim.tick();
    expect(pinStep.notes.join(' ')).toContain('PIN AMZNx');
    expect(pinStep.dexDeviation.find((d) => d.label === 'AMZNx')?.deviation).toBeGreaterThan(50); // spot ≈ 100×

    let peg = (await state()).peg;
    for (let i = 0; i < 5 && peg !== 2; i++) {
      await sim.tick();
      peg = (await state()).peg;
    }
    const broken = await state();
    expect(broken.peg).toBe(2); // Broken: the 30-min TWAP moved more than 5%
    expect(broken.dexPrice).toBeGreaterThan((broken.refPrice * 105n) / 100n);
    expect(broken.collateralPrice).toBe(broken.refPrice); // min(P_ref, P_dex): the pump adds no margin value
  }, 120_000);
});
