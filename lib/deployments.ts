import { type Address, type Hex, isAddress, isHex } from 'viem'

import { deploymentFiles } from './deployments/index'

/**
 * Contract addresses per chain, read from lib/deployments/<chainId>.json (SPEC §8: nothing is
 * hard-wired to one chain). The JSON is written by the deploy script (scripts/lib/deploy.ts), so it
 * is checked here once instead of trusted: a malformed file reads as "not deployed" rather than
 * crashing every page.
 */

export type StockDeployment = {
  /** The token's symbol, also its key in the deployment file: "TSLA.M". */
  symbol: string
  /** Position of the token in the protocol's stock list. */
  index: number
  name: string
  /** Reference feed name: "TSLA" for TSLA.M. */
  feedName: string
  token: Address
  feed: Address
  /** Uniswap V2 pair of the token against USDC. */
  pair: Address
  /** ERC4626 vault that sells the options settled in this token (earns 70% of fees and funding). */
  mainVault: Address
  /** First-loss ERC4626 vault (earns 20%). */
  insuranceVault: Address
  /** Margin weights as deployed (the engine's `tokenConfig` is authoritative); undefined in older files. */
  initialWeightBps?: number
  maintenanceWeightBps?: number
}

/**
 * Signed Data Streams prices and two-step orders (deployed with `STREAMS=true` or the config's `streams.enabled`):
 * the verifier, each feed's id by name ("BTC/USD", "BTC/USD-IV", "TSLA", …) and the OrderRouter's timing in seconds.
 */
export type StreamsDeployment = {
  verifierProxy: Address
  verifier: Address
  feeds: Readonly<Record<string, Hex>>
  /** An order settles at reports observed from commit + minDelay … + settleWindow. */
  minDelay: number
  settleWindow: number
  /** An order expires at most this long after its commitment. */
  maxLifetime: number
  /** Spot reports a liquidation relies on are at most this old. */
  liquidationMaxAge: number
}

export type Deployment = {
  chainId: number
  /** `local`: feeds and keeper deployed here; `external`: wired to existing Chainlink-style feeds. */
  mode: 'local' | 'external'
  /** First block with Livestock events: where event history (charts) starts reading. */
  startBlock: bigint
  /** Contract name → address, e.g. { OracleHub: '0x…' }. */
  contracts: Readonly<Record<string, Address>>
  /** Stock token symbol → its addresses, e.g. { 'TSLA.M': { token, feed, pair, … } }. */
  stocks: Readonly<Record<string, StockDeployment>>
  /** Present when the deployment trades through the OrderRouter (contracts.OrderRouter and ReportStore exist). */
  streams?: StreamsDeployment
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isAddressText(value: unknown): value is Address {
  return typeof value === 'string' && isAddress(value, { strict: false })
}

function parseStock(symbol: string, value: unknown): StockDeployment | undefined {
  if (!isRecord(value)) return undefined
  const { index, name, feedName, token, feed, pair, mainVault, insuranceVault, initialWeightBps, maintenanceWeightBps } = value
  if (typeof index !== 'number' || typeof name !== 'string' || typeof feedName !== 'string') return undefined
  if (!isAddressText(token) || !isAddressText(feed) || !isAddressText(pair)) return undefined
  // Without its vaults a token can be neither traded nor pooled: the file is from before the vaults.
  if (!isAddressText(mainVault) || !isAddressText(insuranceVault)) return undefined
  return {
    symbol,
    index,
    name,
    feedName,
    token,
    feed,
    pair,
    mainVault,
    insuranceVault,
    initialWeightBps: typeof initialWeightBps === 'number' ? initialWeightBps : undefined,
    maintenanceWeightBps: typeof maintenanceWeightBps === 'number' ? maintenanceWeightBps : undefined,
  }
}

function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}

/** The `streams` section; a malformed one reads as "no router" (the direct flow), never as a broken file. */
export function parseStreams(value: unknown): StreamsDeployment | undefined {
  if (!isRecord(value)) return undefined
  const { verifierProxy, verifier, feeds, minDelay, settleWindow, maxLifetime, liquidationMaxAge } = value
  if (!isAddressText(verifierProxy) || !isAddressText(verifier) || !isRecord(feeds)) return undefined
  if (!isSeconds(minDelay) || !isSeconds(settleWindow) || !isSeconds(maxLifetime) || !isSeconds(liquidationMaxAge)) return undefined
  const ids: Record<string, Hex> = {}
  for (const [name, id] of Object.entries(feeds)) {
    if (typeof id !== 'string' || !isHex(id) || id.length !== 66) return undefined
    ids[name] = id
  }
  return { verifierProxy, verifier, feeds: ids, minDelay, settleWindow, maxLifetime, liquidationMaxAge }
}

export function parseDeployment(value: unknown): Deployment | undefined {
  if (!isRecord(value)) return undefined
  const { chainId, mode, startBlock, contracts, stocks, streams } = value
  if (typeof chainId !== 'number' || !isRecord(contracts)) return undefined

  const addresses: Record<string, Address> = {}
  for (const [name, address] of Object.entries(contracts)) {
    if (!isAddressText(address)) return undefined
    addresses[name] = address
  }

  const parsedStocks: Record<string, StockDeployment> = {}
  for (const [symbol, entry] of Object.entries(isRecord(stocks) ? stocks : {})) {
    const stock = parseStock(symbol, entry)
    if (!stock) return undefined
    parsedStocks[symbol] = stock
  }

  return {
    chainId,
    mode: mode === 'external' ? 'external' : 'local',
    // Without a start block, history reads from genesis: slower, never wrong.
    startBlock: typeof startBlock === 'number' && startBlock >= 0 ? BigInt(startBlock) : 0n,
    contracts: addresses,
    stocks: parsedStocks,
    ...(addresses.OrderRouter && addresses.ReportStore && parseStreams(streams) ? { streams: parseStreams(streams) } : {}),
  }
}

const parsed = new Map<number, Deployment>()
for (const [key, file] of Object.entries(deploymentFiles)) {
  const deployment = parseDeployment(file)
  if (deployment && deployment.chainId === Number(key)) parsed.set(deployment.chainId, deployment)
  else console.warn(`lib/deployments: ignoring malformed deployment file for chain ${key}`)
}

export function getDeployment(chainId: number | undefined): Deployment | undefined {
  return chainId === undefined ? undefined : parsed.get(chainId)
}

export function hasDeployment(chainId: number): boolean {
  return parsed.has(chainId)
}

/** The deployment's stock tokens in protocol order (TSLA.M, NVDA.M, AAPLx, AMZNx locally). */
export function listStocks(deployment: Deployment | undefined): StockDeployment[] {
  if (!deployment) return []
  return Object.values(deployment.stocks).sort((a, b) => a.index - b.index)
}

/** A stock by token address (events carry addresses, screens show symbols). */
export function stockByToken(deployment: Deployment | undefined, token: string): StockDeployment | undefined {
  const wanted = token.toLowerCase()
  return listStocks(deployment).find((stock) => stock.token.toLowerCase() === wanted)
}
