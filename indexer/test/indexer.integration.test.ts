/**
 * The indexer against a scripted history on anvil: margin deposit, a two-step open, an increase, funding over ten
 * minutes, a partial close (which settles the funding), the close, a second trader liquidated after BTC −21 %, an
 * LP deposit, a withdrawal request and its execution, and a writer who sells a call (a short that receives funding),
 * buys back more than it sold (a flip to a long) and sells that long. Every event table must equal what the chain's logs say (rows
 * rebuilt from eth_getLogs), and the position's numbers must be the engine's to the wei. Then a reorg: blocks the
 * indexer has indexed are replaced (evm_snapshot / evm_revert, new blocks at the same heights) and no row of the
 * dropped blocks may remain. PGlite by default; DATABASE_URL runs it against Postgres.
 */
import { asc, eq } from '@ponder/client';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineAbi, findMarket, send, startHarness, tickUntilComplete, waitIndexedToHead, WAD, wallet, type Harness } from './harness';
import { byId, expectedRows, pick, type Expected } from './expected';
import { mainVaultAbi, stockTokenAbi } from '../../lib/generated';
import { ANVIL_KEYS } from '../../scripts/lib/anvil';
import { commitOrder } from '../../scripts/lib/orders';
import * as schema from '../ponder.schema';

const TRADER = ANVIL_KEYS[1];
const VICTIM = ANVIL_KEYS[2];
const LP = ANVIL_KEYS[3];
const REORG_ACTOR = ANVIL_KEYS[4];
/** Anvil's account 5: has ETH, not seeded with stock by the deploy (the LP hands it some). */
const WRITER = '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba' as const;
const lower = (a: string) => a.toLowerCase() as `0x${string}`;

describe('indexer on a scripted history (anvil, streams deployment)', () => {
  let h: Harness;
  let token: `0x${string}`;
  let marketId: bigint;

  beforeAll(async () => {
    h = await startHarness();
    token = h.deployment.stocks['TSLA.M']!.token;
    marketId = await findMarket(h, token, 0, true, 95_000n);
    await h.keeper.tick(); // the chain's first signed prices
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
  });

  async function trade(key: `0x${string}`, market: bigint, size: bigint, isBuy: boolean, deposit?: bigint) {
    const walletClient = wallet(h, key);
    const order = await commitOrder({ publicClient: h.publicClient, walletClient, deployment: h.deployment, marketId: market, size, isBuy, deposit });
    expect(await tickUntilComplete(h, order.orderId)).toBe('settled');
    return order.orderId;
  }

  async function tableRows() {
    const db = h.sql.db;
    return {
      marginEvents: await db.select().from(schema.marginEvents),
      positionEvents: await db.select().from(schema.positionEvents),
      fundingPayments: await db.select().from(schema.fundingPayments),
      fundingAccruals: await db.select().from(schema.fundingAccruals),
      feeDistributions: await db.select().from(schema.feeDistributions),
      liquidations: await db.select().from(schema.liquidations),
      vaultDeposits: await db.select().from(schema.vaultDeposits),
      withdrawalEvents: await db.select().from(schema.withdrawalEvents),
      pegObservations: await db.select().from(schema.pegObservations),
      reports: await db.select().from(schema.reports),
      orders: await db.select().from(schema.orders),
      vaultSnapshots: await db.select().from(schema.vaultSnapshots),
    };
  }

  function expectTablesEqual(rows: Awaited<ReturnType<typeof tableRows>>, expected: Expected) {
    for (const table of ['marginEvents', 'positionEvents', 'fundingPayments', 'fundingAccruals', 'feeDistributions', 'liquidations', 'vaultDeposits', 'withdrawalEvents', 'pegObservations', 'reports'] as const) {
      expect(pick(rows[table], expected[table]), table).toEqual(byId(expected[table]));
    }
    expect(pick(rows.orders, expected.orders, 'orderId'), 'orders').toEqual(byId(expected.orders, 'orderId'));
    expect(rows.vaultSnapshots.map((s) => s.id).sort(), 'vault snapshots').toEqual(expected.snapshotKeys);
  }

  it('indexes trades, funding, a liquidation and vault flows to the rows the chain logs say, PnL to the wei', async () => {
    const started = Date.now();
    const engine = h.deployment.contracts.LivestockEngine!;
    const trader = lower(privateKeyToAccount(TRADER).address);
    const size = WAD / 10n;

    // Open (with a margin deposit), increase; a second trader opens a leveraged call to be liquidated later.
    await trade(TRADER, marketId, size, true, 200n * WAD);
    await trade(TRADER, marketId, size, true);
    const afterIncrease = await h.publicClient.readContract({ address: engine, abi: engineAbi, functionName: 'position', args: [privateKeyToAccount(TRADER).address, marketId] });
    const deepCall = await findMarket(h, token, 0, true, 80_000n);
    await trade(VICTIM, deepCall, (14n * WAD) / 10n, true, 100n * WAD);
    // The writer sells (writes) the trader's call with TSLA.M margin the LP hands it.
    const writer = lower(privateKeyToAccount(WRITER).address);
    await send(h, LP, { address: token, abi: stockTokenAbi, functionName: 'transfer', args: [writer, 300n * WAD] });
    await trade(WRITER, marketId, size, false, 200n * WAD);
    const afterWrite = await h.publicClient.readContract({ address: engine, abi: engineAbi, functionName: 'position', args: [writer, marketId] });
    expect(afterWrite.size).toBe(-size);

    // An LP deposits into the TSLA.M main vault and asks to withdraw half (cooldown 60 s).
    const vault = h.deployment.stocks['TSLA.M']!.mainVault;
    await send(h, LP, { address: token, abi: stockTokenAbi, functionName: 'approve', args: [vault, 500n * WAD] });
    // Vault entry values the book on reports at most navMaxAge (10 s) old: submit fresh ones right before, since a
    // tick submits only when the stored ones are 5 s old (a slow CI machine once mined the deposit past the limit).
    expect(await h.keeper.refreshPrices()).toBe(true);
    await send(h, LP, { address: vault, abi: mainVaultAbi, functionName: 'deposit', args: [500n * WAD, privateKeyToAccount(LP).address] });
    const shares = await h.publicClient.readContract({ address: vault, abi: mainVaultAbi, functionName: 'balanceOf', args: [privateKeyToAccount(LP).address] });
    await send(h, LP, { address: vault, abi: mainVaultAbi, functionName: 'requestWithdrawal', args: [shares / 2n] });

    // Ten minutes of funding; fresh signed prices after the jump (the keeper), then a partial close and the close.
    await h.publicClient.request({ method: 'evm_increaseTime' as never, params: [600] as never });
    await h.publicClient.request({ method: 'evm_mine' as never });
    await h.keeper.tick();
    await trade(TRADER, marketId, size / 2n, false);
    await trade(TRADER, marketId, size + size / 2n, false);
    // The writer buys back half again what it sold: the short closes (its funding received first) and a long opens.
    await trade(WRITER, marketId, size + size / 2n, true);
    const afterFlip = await h.publicClient.readContract({ address: engine, abi: engineAbi, functionName: 'position', args: [writer, marketId] });
    expect(afterFlip.size).toBe(size / 2n);
    await trade(WRITER, marketId, size / 2n, false);

    // The request is due: executed by the keeper's upkeep if it got there first, else here.
    const [pendingShares] = await h.publicClient.readContract({ address: vault, abi: mainVaultAbi, functionName: 'withdrawalRequest', args: [privateKeyToAccount(LP).address] });
    if (pendingShares > 0n) await send(h, LP, { address: vault, abi: mainVaultAbi, functionName: 'executeWithdrawal', args: [privateKeyToAccount(LP).address] });

    // BTC −21 %: the leveraged call falls below maintenance and the keeper liquidates it.
    h.don.don.observe({ 'BTC/USD': { value: (75_000n * WAD).toString() } }, h.don.clock.now() + 1);
    const deadline = Date.now() + 15_000;
    while ((await h.publicClient.readContract({ address: engine, abi: engineAbi, functionName: 'positionIds', args: [privateKeyToAccount(VICTIM).address, token] })).length > 0) {
      if (Date.now() > deadline) throw new Error('the keeper did not liquidate the account');
      await new Promise((r) => setTimeout(r, 250));
      await h.keeper.tick();
    }
    console.log(`[indexer.integration] scripted history in ${Date.now() - started} ms`);

    const indexedAt = Date.now();
    await waitIndexedToHead(h);
    console.log(`[indexer.integration] indexed to the head ${Date.now() - indexedAt} ms after the last transaction`);
    const rows = await tableRows();
    const expected = await expectedRows(h.publicClient, h.deployment);
    expectTablesEqual(rows, expected);

    // The story itself, beyond "rows equal logs": one position, four changes, funding paid, one liquidation.
    const trades = await h.publicClient.getContractEvents({ address: engine, abi: engineAbi, eventName: 'PositionTraded', args: { trader }, fromBlock: 0n });
    const funding = await h.publicClient.getContractEvents({ address: engine, abi: engineAbi, eventName: 'FundingSettled', args: { trader }, fromBlock: 0n });
    const mine = await h.sql.db.select().from(schema.positions).where(eq(schema.positions.trader, trader));
    expect(mine).toHaveLength(1);
    const position = mine[0]!;
    expect(position).toMatchObject({ status: 'closed', side: 'long', size: 0n, maxSize: 2n * size, marketId, token: lower(token), fundingReceivedUsd: 0n });
    expect(position.entryPrice).toBe(afterIncrease.entryPrice);
    expect(trades.map((l) => l.args.size)).toEqual([size, size, -size / 2n, -(size + size / 2n)]);
    expect(trades.slice(0, 2).map((l) => l.args.pnlUsd)).toEqual([0n, 0n]); // growing realizes nothing
    expect(position.realizedPnlUsd).toBe(trades.reduce((s, l) => s + l.args.pnlUsd!, 0n));
    expect(funding.length).toBeGreaterThan(0);
    expect(position.fundingPaidUsd).toBe(funding.reduce((s, l) => s + l.args.fundingUsd!, 0n));
    expect(position.fundingPaidUsd).toBeGreaterThan(0n);
    const events = await h.sql.db.select().from(schema.positionEvents).where(eq(schema.positionEvents.positionId, position.id)).orderBy(asc(schema.positionEvents.blockNumber));
    expect(events.map((e) => e.kind)).toEqual(['open', 'increase', 'decrease', 'close']);
    expect(events.map((e) => [e.size, e.sizeAfter, e.pnlUsd])).toEqual(trades.map((l) => [l.args.size, l.args.newSize, l.args.pnlUsd]));
    expect(events.every((e) => e.orderId !== null && e.side === 'long')).toBe(true);
    const fills = await h.sql.db.select().from(schema.fills).where(eq(schema.fills.trader, trader));
    expect(fills.map((f) => f.isBuy).sort()).toEqual([false, false, true, true]);
    const [account] = await h.sql.db.select().from(schema.accounts).where(eq(schema.accounts.trader, trader));
    expect(account).toMatchObject({
      deposited: 200n * WAD, withdrawn: 0n, realizedPnlUsd: position.realizedPnlUsd, fundingPaidUsd: position.fundingPaidUsd, fundingReceivedUsd: 0n, liquidations: 0,
    });

    // The writer: a short that received funding, flipped to a long by the buy-back, then closed.
    const writerTrades = await h.publicClient.getContractEvents({ address: engine, abi: engineAbi, eventName: 'PositionTraded', args: { trader: writer }, fromBlock: 0n });
    const received = await h.publicClient.getContractEvents({ address: engine, abi: engineAbi, eventName: 'FundingReceived', args: { trader: writer }, fromBlock: 0n });
    expect(writerTrades.map((l) => [l.args.size, l.args.newSize])).toEqual([[-size, -size], [size + size / 2n, size / 2n], [-size / 2n, 0n]]);
    expect(received).toHaveLength(1);
    expect(received[0]!.blockNumber).toBe(writerTrades[1]!.blockNumber); // settled by the buy-back, before it
    const [short, long] = await h.sql.db.select().from(schema.positions).where(eq(schema.positions.trader, writer)).orderBy(asc(schema.positions.openedBlockNumber));
    expect(short).toMatchObject({ status: 'closed', side: 'short', size: 0n, maxSize: -size, entryPrice: afterWrite.entryPrice, fundingPaidUsd: 0n });
    expect(short!.realizedPnlUsd).toBe(writerTrades[1]!.args.pnlUsd);
    expect(short!.fundingReceivedUsd).toBe(received[0]!.args.fundingUsd);
    expect(short!.fundingReceivedUsd).toBeGreaterThan(0n);
    expect(long).toMatchObject({ id: `${writerTrades[1]!.transactionHash}-${writerTrades[1]!.logIndex}`, status: 'closed', side: 'long', size: 0n, maxSize: size / 2n });
    expect(long!.entryPrice).toBe(afterFlip.entryPrice);
    expect(long!.realizedPnlUsd).toBe(writerTrades[2]!.args.pnlUsd);
    const writerEvents = await h.sql.db.select().from(schema.positionEvents).where(eq(schema.positionEvents.trader, writer)).orderBy(asc(schema.positionEvents.blockNumber));
    expect(writerEvents.map((e) => [e.kind, e.side, e.positionId])).toEqual([['open', 'short', short!.id], ['flip', 'short', short!.id], ['close', 'long', long!.id]]);
    const writerPayments = await h.sql.db.select().from(schema.fundingPayments).where(eq(schema.fundingPayments.trader, writer));
    expect(writerPayments.filter((p) => p.kind === 'received').map((p) => p.fundingUsd)).toEqual([received[0]!.args.fundingUsd]);
    const [writerAccount] = await h.sql.db.select().from(schema.accounts).where(eq(schema.accounts.trader, writer));
    expect(writerAccount).toMatchObject({
      deposited: 200n * WAD,
      fundingReceivedUsd: received[0]!.args.fundingUsd,
      fundingReceivedX: received[0]!.args.amountX,
      fundingPaidUsd: long!.fundingPaidUsd,
      realizedPnlUsd: writerTrades.reduce((s, l) => s + l.args.pnlUsd!, 0n),
    });

    const victim = lower(privateKeyToAccount(VICTIM).address);
    const [liquidated] = await h.sql.db.select().from(schema.positions).where(eq(schema.positions.trader, victim));
    expect(liquidated).toMatchObject({ status: 'liquidated', size: 0n });
    expect(expected.liquidations).toHaveLength(1);
    expect(liquidated!.liquidationId).toBe(expected.liquidations[0]!.id);
    expect(rows.withdrawalEvents.map((w) => w.kind).sort()).toEqual(['execute', 'request']);
    expect(rows.vaultDeposits.filter((d) => d.owner === lower(privateKeyToAccount(LP).address))).toHaveLength(1);
    // Every snapshot is the vault's own state at its block.
    for (const s of rows.vaultSnapshots) {
      expect(s.totalAssets).toBe(await h.publicClient.readContract({ address: s.vault, abi: mainVaultAbi, functionName: 'totalAssets', blockNumber: s.blockNumber }));
    }
    console.log(`[indexer.integration] rows: ${Object.entries(rows).map(([t, r]) => `${t} ${r.length}`).join(', ')}`);
  }, 120_000);

  it('drops the rows of blocks a reorg replaced (evm_snapshot / evm_revert)', async () => {
    await waitIndexedToHead(h);
    const before = await tableRows();
    const snapshot = (await h.publicClient.request({ method: 'evm_snapshot' as never })) as `0x${string}`;
    const actor = privateKeyToAccount(REORG_ACTOR).address;
    const engine = h.deployment.contracts.LivestockEngine!;
    const vault = h.deployment.stocks['TSLA.M']!.mainVault;
    await send(h, REORG_ACTOR, { address: token, abi: stockTokenAbi, functionName: 'approve', args: [engine, 10n * WAD] });
    await send(h, REORG_ACTOR, { address: engine, abi: engineAbi, functionName: 'deposit', args: [token, 10n * WAD] });
    await send(h, REORG_ACTOR, { address: token, abi: stockTokenAbi, functionName: 'approve', args: [vault, 10n * WAD] });
    await send(h, REORG_ACTOR, { address: vault, abi: mainVaultAbi, functionName: 'deposit', args: [10n * WAD, actor] });
    const orphanHead = await waitIndexedToHead(h);
    const seen = await tableRows();
    expect(seen.marginEvents).toHaveLength(before.marginEvents.length + 1);
    expect(seen.vaultDeposits).toHaveLength(before.vaultDeposits.length + 1);

    // The chain goes back and grows past the replaced blocks with other ones.
    expect(await h.publicClient.request({ method: 'evm_revert' as never, params: [snapshot] as never })).toBe(true);
    for (let i = 0; i < 6; i++) await h.publicClient.request({ method: 'evm_mine' as never });
    expect(await h.publicClient.getBlockNumber({ cacheTime: 0 })).toBeGreaterThan(orphanHead);
    await waitIndexedToHead(h);
    const after = await tableRows();
    expect(after.marginEvents).toHaveLength(before.marginEvents.length);
    expect(after.vaultDeposits).toHaveLength(before.vaultDeposits.length);
    expect(after.marginEvents.some((r) => r.trader === lower(actor))).toBe(false);
    const [account] = await h.sql.db.select().from(schema.accounts).where(eq(schema.accounts.trader, lower(actor)));
    expect(account).toBeUndefined();
    // Nothing else is left from the dropped blocks either: every table equals the surviving chain's logs.
    expectTablesEqual(after, await expectedRows(h.publicClient, h.deployment));
  }, 60_000);
});
