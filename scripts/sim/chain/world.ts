/**
 * The deployed protocol as the simulator sees it: addresses from lib/deployments/<chainId>.json plus
 * the static facts read once from the chain (pair token order, listed markets, TWAP window).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { formatUnits, type Address } from 'viem';
import { ROOT } from '../../lib/anvil';
import { readDeployment, type Deployment } from '../../lib/deploy';
import { engineAbi, orderRouterAbi, pegOracleAbi, uniswapV2PairAbi } from './abis';
import type { ChainConnection } from './connection';
import { withRetry } from './retry';

export type UnderlyingId = 0 | 1;

export interface UnderlyingInfo {
  id: UnderlyingId;
  label: 'BTC' | 'ETH';
  priceFeed: Address;
  volFeed: Address;
}

export interface StockInfo {
  /** Token symbol, e.g. "TSLA.M". */
  symbol: string;
  /** Reference feed name, e.g. "TSLA". */
  feedName: string;
  token: Address;
  feed: Address;
  pair: Address;
  mainVault: Address;
  insuranceVault: Address;
  /** Uniswap orders a pair's tokens by address; the swap arguments depend on it. */
  tokenIsToken0: boolean;
  initialWeightBps: number;
}

export interface MarketInfo {
  id: bigint;
  token: Address;
  underlying: UnderlyingId;
  isCall: boolean;
  /** USD. */
  strike: number;
}

/** A streams deployment: prices are signed reports (local DON), trades are two-step orders through the router. */
export interface StreamsWorld {
  router: Address;
  reportStore: Address;
  /** Feed id by name ("BTC/USD", "BTC/USD-IV", "TSLA", …). */
  feeds: Record<string, `0x${string}`>;
  /** Seconds: an order may settle from commit + minDelay; it expires at most maxLifetime after its commit. */
  minDelay: number;
  maxLifetime: number;
}

export interface SimWorld {
  deployment: Deployment;
  /** Set for a streams deployment (it has an OrderRouter); push feeds otherwise. */
  streams?: StreamsWorld;
  engine: Address;
  oracleHub: Address;
  pegOracle: Address;
  usdc: Address;
  underlyings: UnderlyingInfo[];
  stocks: StockInfo[];
  markets: MarketInfo[];
  /** PegOracle: seconds of the TWAP window and between stored observations. */
  twapWindow: number;
  pegMinSpacing: number;
}

export function defaultDeploymentFile(chainId: number): string {
  return path.join(ROOT, 'lib', 'deployments', `${chainId}.json`);
}

export function loadDeploymentFile(file: string): Deployment {
  if (!existsSync(file)) {
    throw new Error(`no deployment file at ${file}: deploy first (npm run chain, or npm run dev which does everything)`);
  }
  return readDeployment(file);
}

function requireAddress(record: Record<string, Address>, name: string, where: string): Address {
  const address = record[name];
  if (!address) throw new Error(`${where} has no ${name}: redeploy with the current contracts`);
  return address;
}

export async function loadWorld(connection: ChainConnection, deployment: Deployment): Promise<SimWorld> {
  const { client } = connection;
  const c = deployment.contracts;
  const where = 'deployment file';
  const engine = requireAddress(c, 'LivestockEngine', where);
  const code = await withRetry(() => client.getCode({ address: engine }));
  if (!code || code === '0x') {
    throw new Error(`no engine at ${engine} on this chain: the deployment file belongs to another chain; redeploy`);
  }
  const pegOracle = requireAddress(c, 'PegOracle', where);
  const stockEntries = Object.entries(deployment.stocks).sort(([, a], [, b]) => a.index - b.index);
  const [token0s, marketCount, twapWindow, pegMinSpacing] = await withRetry(() =>
    Promise.all([
      Promise.all(stockEntries.map(([, s]) => client.readContract({ address: s.pair, abi: uniswapV2PairAbi, functionName: 'token0' }))),
      client.readContract({ address: engine, abi: engineAbi, functionName: 'marketCount' }),
      client.readContract({ address: pegOracle, abi: pegOracleAbi, functionName: 'window' }),
      client.readContract({ address: pegOracle, abi: pegOracleAbi, functionName: 'minSpacing' }),
    ]),
  );
  const stocks: StockInfo[] = stockEntries.map(([symbol, s], i) => ({
    symbol,
    feedName: s.feedName,
    token: s.token,
    feed: s.feed,
    pair: s.pair,
    mainVault: s.mainVault,
    insuranceVault: s.insuranceVault,
    tokenIsToken0: token0s[i]?.toLowerCase() === s.token.toLowerCase(),
    initialWeightBps: s.initialWeightBps,
  }));
  const router = c.OrderRouter;
  let streams: StreamsWorld | undefined;
  if (router) {
    const params = await withRetry(() => client.readContract({ address: router, abi: orderRouterAbi, functionName: 'params' }));
    streams = {
      router,
      reportStore: requireAddress(c, 'ReportStore', where),
      feeds: deployment.streams?.feeds ?? {},
      minDelay: params[0],
      maxLifetime: params[2],
    };
  }
  return {
    deployment,
    streams,
    engine,
    oracleHub: requireAddress(c, 'OracleHub', where),
    pegOracle,
    usdc: requireAddress(c, 'USDC', where),
    underlyings: [
      { id: 0, label: 'BTC', priceFeed: requireAddress(c, 'BtcUsdFeed', where), volFeed: requireAddress(c, 'BtcVolFeed', where) },
      { id: 1, label: 'ETH', priceFeed: requireAddress(c, 'EthUsdFeed', where), volFeed: requireAddress(c, 'EthVolFeed', where) },
    ],
    stocks,
    markets: await loadMarkets(connection, engine, Number(marketCount)),
    twapWindow: Number(twapWindow),
    pegMinSpacing: Number(pegMinSpacing),
  };
}

async function loadMarkets(connection: ChainConnection, engine: Address, count: number): Promise<MarketInfo[]> {
  const ids = Array.from({ length: count }, (_, i) => BigInt(i + 1));
  const markets = await withRetry(() =>
    Promise.all(ids.map((id) => connection.client.readContract({ address: engine, abi: engineAbi, functionName: 'market', args: [id] }))),
  );
  return markets.map((m, i) => ({
    id: ids[i] as bigint,
    token: m.token,
    underlying: m.underlying === 0 ? 0 : 1,
    isCall: m.isCall,
    strike: Number(formatUnits(m.strike, 18)),
  }));
}

export function stockBySymbol(world: SimWorld, symbol: string): StockInfo | undefined {
  return world.stocks.find((s) => s.symbol === symbol);
}
