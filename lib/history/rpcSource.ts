import type { AbiEvent, Address, Chain, Client, Transport } from 'viem'
import { getBlock, getBlockNumber, multicall, readContract } from 'viem/actions'

import type { Deployment } from '../deployments'
import { mainVaultAbi, stockPriceFeedAbi } from '../generated'
import type { EventIndexer, EventQuery, IndexedEvent } from '../indexer/eventQuery'
import { sampleBlocks } from '../indexer/sampleBlocks'
import { SHARE_UNIT } from '../vaults'
import { answerToWad, type PriceUpdate } from './prices'
import { type PriceFeedSource, spotPriceFeed, stockPriceFeed } from './priceFeeds'
import type { SharePriceSample } from './records'
import { HISTORY_EVENTS } from './rpcEvents'
import type { HistorySource } from './source'

type AnyClient = Client<Transport, Chain | undefined>

const SHARE_PRICE_SAMPLES = 40
const RECENT_BLOCKS = 2_000n

/**
 * History from the chain's RPC, read by the browser (lib/indexer/: chunked eth_getLogs with a localStorage cache).
 * The fallback for a deployment without an indexer: it works everywhere, but its first load over a long chain
 * costs one request per 5,000 blocks per query.
 */
export function createRpcHistorySource({ client, deployment, events }: { client: AnyClient; deployment: Deployment; events: EventIndexer }): HistorySource {
  const engine = deployment.contracts.LivestockEngine
  const read = async <event extends AbiEvent>(request: Omit<EventQuery<event>, 'chainId' | 'fromBlock'>): Promise<IndexedEvent<event>[]> => {
    const head = await getBlockNumber(client, { cacheTime: 0 })
    return events.getEvents({ ...request, chainId: deployment.chainId, fromBlock: deployment.startBlock }, head)
  }
  const at = (e: IndexedEvent) => ({ timestamp: e.timestamp, txHash: e.transactionHash })

  async function prices(source: PriceFeedSource): Promise<PriceUpdate[]> {
    if (source.kind === 'report') {
      const store = deployment.contracts.ReportStore
      if (!store) return []
      const stored = await read({ address: store, event: HISTORY_EVENTS.reportStored, args: { feedId: source.feedId } })
      // Data Streams prices have 18 decimals; the observation second is the price's time.
      return stored.map((e) => ({ timestamp: Number(e.args.observedAt), price: e.args.price }))
    }
    const [answers, decimals, multiplier] = await Promise.all([
      read({ address: source.feed, event: HISTORY_EVENTS.answerUpdated }),
      readContract(client, { address: source.feed, abi: stockPriceFeedAbi, functionName: 'decimals' }),
      // BTC/ETH push feeds have no split multiplier.
      readContract(client, { address: source.feed, abi: stockPriceFeedAbi, functionName: 'multiplier' }).catch(() => undefined),
    ])
    return answers.map((e) => ({ timestamp: Number(e.args.updatedAt), price: answerToWad(e.args.current, decimals, multiplier) }))
  }

  const sharePriceCache = new Map<string, SharePriceSample>()
  const unavailableBlocks = new Set<bigint>()

  /**
   * Vaults emit no event when their NAV moves with the option book, so without an indexer this history is read from
   * past state: `convertToAssets(10^24)` at blocks on a fixed grid (40 over the deployment's life, 40 over the last
   * 2,000 blocks) plus the head. Past blocks never change, so their reads are cached; blocks the node cannot serve
   * (no archive state) are skipped and not asked for again.
   */
  async function sharePrices(vaults: readonly Address[]): Promise<SharePriceSample[]> {
    if (vaults.length === 0) return []
    const head = await getBlockNumber(client, { cacheTime: 0 })
    const recentFrom = head > RECENT_BLOCKS ? head - RECENT_BLOCKS : 0n
    const blocks = [
      ...new Set([
        ...sampleBlocks(deployment.startBlock, head, SHARE_PRICE_SAMPLES),
        ...sampleBlocks(recentFrom > deployment.startBlock ? recentFrom : deployment.startBlock, head, SHARE_PRICE_SAMPLES),
      ]),
    ].filter((block) => !unavailableBlocks.has(block))
    const out: SharePriceSample[] = []
    await Promise.all(
      blocks.map(async (blockNumber) => {
        const missing = vaults.filter((v) => !sharePriceCache.has(`${v}:${blockNumber}`))
        if (missing.length > 0) {
          try {
            const [block, results] = await Promise.all([
              getBlock(client, { blockNumber }),
              multicall(client, {
                blockNumber,
                allowFailure: true,
                // A fresh anvil chain has no multicall3 contract: the bytecode travels with the call.
                deployless: !client.chain?.contracts?.multicall3,
                contracts: missing.map((address) => ({ address, abi: mainVaultAbi, functionName: 'convertToAssets', args: [SHARE_UNIT] }) as const),
              }),
            ])
            missing.forEach((vault, i) => {
              const result = results[i]
              if (result.status === 'success') sharePriceCache.set(`${vault}:${blockNumber}`, { vault, timestamp: Number(block.timestamp), assetsPerShare: result.result })
            })
          } catch {
            unavailableBlocks.add(blockNumber)
          }
        }
        for (const vault of vaults) {
          const sample = sharePriceCache.get(`${vault}:${blockNumber}`)
          if (sample) out.push(sample)
        }
      }),
    )
    return out.sort((a, b) => a.timestamp - b.timestamp)
  }

  return {
    origin: { kind: 'rpc' },
    referencePrices: (stock) => prices(stockPriceFeed(deployment, stock)),
    async spotPrices(underlying) {
      const source = spotPriceFeed(deployment, underlying)
      return source ? prices(source) : []
    },
    async pegObservations(stock) {
      const oracle = deployment.contracts.PegOracle
      if (!oracle) return []
      const observed = await read({ address: oracle, event: HISTORY_EVENTS.observed, args: { stock: stock.token } })
      return observed.map((e) => ({ timestamp: Number(e.args.timestamp), priceCumulative: e.args.priceCumulative }))
    },
    async fundingAccruals(marketIds) {
      if (marketIds?.length === 0) return []
      // An indexed topic filter takes a list (OR); no list reads every market.
      const accrued = await read({ address: engine, event: HISTORY_EVENTS.fundingAccrued, args: marketIds ? { marketId: [...marketIds] } : undefined })
      return accrued.map((e) => ({ marketId: e.args.marketId, cumFunding: e.args.cumFunding, ...at(e) }))
    },
    async feeSplits() {
      const distributed = await read({ address: engine, event: HISTORY_EVENTS.feesDistributed })
      return distributed.map((e) => ({ token: e.args.token, toMain: e.args.toMain, toInsurance: e.args.toInsurance, ...at(e) }))
    },
    async fundingPayments(filter) {
      const event = filter?.direction === 'received' ? HISTORY_EVENTS.fundingReceived : HISTORY_EVENTS.fundingSettled
      const settled = await read({ address: engine, event, args: filter?.trader ? { trader: filter.trader } : undefined })
      return settled.map((e) => ({ ...e.args, ...at(e) }))
    },
    sharePrices,
    async trades(trader) {
      const traded = await read({ address: engine, event: HISTORY_EVENTS.positionTraded, args: { trader } })
      return traded.map((e) => ({ ...e.args, ...at(e) }))
    },
    async liquidations(trader) {
      const liquidated = await read({ address: engine, event: HISTORY_EVENTS.liquidated, args: { trader } })
      return liquidated.map((e) => ({ ...e.args, ...at(e) }))
    },
  }
}
