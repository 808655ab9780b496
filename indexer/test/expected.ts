/**
 * What the indexer's event tables must hold, rebuilt independently from the chain's logs (eth_getLogs of every
 * indexed contract, decoded with the generated ABIs): the oracle the integration test compares the rows with.
 */
import { parseEventLogs, type Address, type Hex, type Log, type PublicClient } from 'viem';
import { iLivestockAbi, insuranceVaultAbi, mainVaultAbi, orderRouterAbi, pegOracleAbi, reportStoreAbi } from '../../lib/generated';
import type { Deployment } from '../../scripts/lib/deploy';

const ABI = [...iLivestockAbi, ...orderRouterAbi, ...pegOracleAbi, ...reportStoreAbi, ...mainVaultAbi, ...insuranceVaultAbi];

type Row = Record<string, string | number | bigint | boolean | null>;
export type Expected = Record<
  'marginEvents' | 'positionEvents' | 'fundingPayments' | 'fundingAccruals' | 'feeDistributions' | 'liquidations' | 'vaultDeposits' | 'withdrawalEvents' | 'pegObservations' | 'reports',
  Row[]
> & { orders: Row[]; snapshotKeys: string[] };

const lower = (a: string) => a.toLowerCase() as Address;
const idOf = (log: Log) => `${log.transactionHash}-${log.logIndex}`;
const abs = (x: bigint) => (x < 0n ? -x : x);
const sideOf = (size: bigint) => (size > 0n ? 'long' : 'short');

/** A trader's open position in a market, as the logs so far say: its signed size, id (opening log) and side. */
interface Held {
  size: bigint;
  positionId: string;
  side: 'long' | 'short';
}

export async function expectedRows(client: PublicClient, deployment: Deployment): Promise<Expected> {
  const stocks = Object.values(deployment.stocks);
  const vaults = new Map(stocks.flatMap((s) => [[lower(s.mainVault), lower(s.token)], [lower(s.insuranceVault), lower(s.token)]] as const));
  const c = deployment.contracts;
  const addresses = [c.LivestockEngine!, c.OrderRouter!, c.ReportStore!, c.PegOracle!, ...vaults.keys()];
  const raw = await client.getLogs({ address: addresses, fromBlock: BigInt(deployment.startBlock), toBlock: 'latest' });
  const logs = parseEventLogs({ abi: ABI, logs: raw, strict: true });
  const e: Expected = {
    marginEvents: [], positionEvents: [], fundingPayments: [], fundingAccruals: [], feeDistributions: [], liquidations: [],
    vaultDeposits: [], withdrawalEvents: [], pegObservations: [], reports: [], orders: [], snapshotKeys: [],
  };
  const marketToken = new Map<bigint, Address>();
  const held = new Map<string, Held>(); // `${trader}-${marketId}` → open position
  const snapshots = new Set<string>();
  const snap = (vault: Address, block: bigint) => snapshots.add(`${vault}-${block}`);
  const orders = new Map<bigint, Row>();
  for (const log of logs) {
    const id = idOf(log);
    const fromEngine = lower(log.address) === lower(c.LivestockEngine!);
    const fromRouter = lower(log.address) === lower(c.OrderRouter!);
    const vaultToken = vaults.get(lower(log.address));
    switch (log.eventName) {
      case 'MarketListed':
        if (fromEngine) marketToken.set(log.args.marketId, lower(log.args.token));
        break;
      case 'Deposited':
      case 'Withdrawn':
        e.marginEvents.push({ id, kind: log.eventName === 'Deposited' ? 'deposit' : 'withdraw', trader: lower(log.args.trader), token: lower(log.args.token), amount: log.args.amount });
        break;
      case 'PositionTraded': {
        // Classified from the signed sizes alone: same side grows, the other side reduces, closes or flips.
        const key = `${lower(log.args.trader)}-${log.args.marketId}`;
        const { size, newSize } = log.args;
        const before = held.get(key);
        const kind = !before ? 'open'
          : before.size > 0n === size > 0n ? 'increase'
          : abs(size) < abs(before.size) ? 'decrease'
          : newSize === 0n ? 'close' : 'flip';
        if (newSize === 0n) held.delete(key);
        else if (kind === 'open' || kind === 'flip') held.set(key, { size: newSize, positionId: id, side: sideOf(newSize) });
        else held.set(key, { ...before!, size: newSize });
        e.positionEvents.push({
          id, positionId: before?.positionId ?? id, side: before?.side ?? sideOf(newSize), kind, size, sizeAfter: newSize,
          price: log.args.price, feeUsd: log.args.feeUsd, pnlUsd: log.args.pnlUsd,
        });
        break;
      }
      case 'Liquidated': {
        const trader = lower(log.args.trader);
        let closed = 0;
        for (const key of [...held.keys()]) {
          const [t, m] = key.split('-');
          if (t === trader && marketToken.get(BigInt(m!)) === lower(log.args.token)) {
            held.delete(key);
            closed++;
          }
        }
        e.liquidations.push({ id, trader, token: lower(log.args.token), liquidator: lower(log.args.liquidator), pnlUsd: log.args.pnlUsd, rewardX: log.args.rewardX, positionsClosed: closed });
        break;
      }
      case 'FundingSettled':
      case 'FundingReceived':
        e.fundingPayments.push({
          id, kind: log.eventName === 'FundingSettled' ? 'paid' : 'received', trader: lower(log.args.trader), token: lower(log.args.token),
          fundingUsd: log.args.fundingUsd, amountX: log.args.amountX,
        });
        break;
      case 'FundingAccrued':
        e.fundingAccruals.push({ id, marketId: log.args.marketId, cumFunding: log.args.cumFunding, spot: log.args.spot });
        break;
      case 'FeesDistributed':
      case 'Swept': {
        const token = lower(log.args.token);
        e.feeDistributions.push({ id, kind: log.eventName === 'Swept' ? 'swept' : 'distributed', token, toMain: log.args.toMain, toInsurance: log.args.toInsurance, toTreasury: log.args.toTreasury });
        for (const [vault, t] of vaults) if (t === token) snap(vault, log.blockNumber);
        break;
      }
      case 'Deposit':
        if (vaultToken) {
          e.vaultDeposits.push({ id, vault: lower(log.address), owner: lower(log.args.owner), assets: log.args.assets, shares: log.args.shares });
          snap(lower(log.address), log.blockNumber);
        }
        break;
      case 'WithdrawalRequested':
        e.withdrawalEvents.push({ id, kind: 'request', owner: lower(log.args.owner), shares: log.args.shares, assets: null, fee: null });
        snap(lower(log.address), log.blockNumber);
        break;
      case 'WithdrawalCancelled':
        e.withdrawalEvents.push({ id, kind: 'cancel', owner: lower(log.args.owner), shares: log.args.shares, assets: null, fee: null });
        snap(lower(log.address), log.blockNumber);
        break;
      case 'CancelFeeCharged':
        e.withdrawalEvents.push({ id, kind: 'cancelFee', owner: lower(log.args.owner), shares: log.args.shares, assets: null, fee: null });
        break;
      case 'WithdrawalExecuted':
        e.withdrawalEvents.push({ id, kind: 'execute', owner: lower(log.args.owner), shares: log.args.shares, assets: log.args.assets, fee: log.args.fee });
        snap(lower(log.address), log.blockNumber);
        break;
      case 'Observed':
        e.pegObservations.push({ id, stock: lower(log.args.stock), observedAt: Number(log.args.timestamp), priceCumulative: log.args.priceCumulative });
        break;
      case 'ReportStored':
        e.reports.push({ id, feedId: log.args.feedId as Hex, price: log.args.price, observedAt: Number(log.args.observedAt), marketStatus: log.args.marketStatus });
        break;
      case 'OrderCommitted':
        if (fromRouter) orders.set(log.args.orderId, { orderId: log.args.orderId, trader: lower(log.args.trader), isBuy: log.args.order.isBuy, status: 'committed', fillPrice: null });
        break;
      case 'OrderSettled':
        if (fromRouter) orders.set(log.args.orderId, { ...orders.get(log.args.orderId)!, status: 'settled', fillPrice: log.args.price });
        break;
      case 'OrderCancelled':
        if (fromRouter) orders.set(log.args.orderId, { ...orders.get(log.args.orderId)!, status: 'cancelled' });
        break;
      default:
        break;
    }
  }
  e.orders = [...orders.values()];
  e.snapshotKeys = [...snapshots].sort();
  return e;
}

/** The indexer's rows reduced to the columns `expectedRows` gives, in the same (id) order. */
export function pick(rows: readonly Record<string, unknown>[], like: readonly Row[], key = 'id'): Row[] {
  const columns = like[0] ? Object.keys(like[0]) : [key];
  return rows
    .map((r) => Object.fromEntries(columns.map((col) => [col, (r[col] ?? null) as Row[string]])))
    .sort((a, b) => String(a[key]).localeCompare(String(b[key])));
}

export function byId(rows: Row[], key = 'id'): Row[] {
  return [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));
}
