'use client'

import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { AbiEvent, Address, Chain, Client, Transport } from 'viem'
import { getBlock, getBlockNumber, multicall } from 'viem/actions'
import { useClient, useReadContracts } from 'wagmi'

import { EVENTS } from '../lib/abis'
import { mainVaultAbi, pegOracleAbi, stockPriceFeedAbi } from '../lib/generated'
import {
  cumulativeEarnings,
  deviationSeries,
  dexPriceSeries,
  downsample,
  type FeeSplit,
  fundingRateSeries,
  type Point,
  referencePriceSeries,
  toSeries,
} from '../lib/history'
import { type EventQuery, getEventIndexer, type IndexedEvent, sampleBlocks } from '../lib/indexer'
import { SHARE_UNIT, sharePrice } from '../lib/vaults'
import { resultOf } from './readResults'
import { useDeployment } from './useDeployment'

/** History is for trends: it refreshes on its own clock, not every block (reads do that). */
const HISTORY_REFRESH_MS = 10_000
/** Points drawn per series; older ones are thinned, never the newest. */
const MAX_POINTS = 1_500

type EventRequest<event extends AbiEvent> = Omit<EventQuery<event>, 'chainId' | 'fromBlock'>

/**
 * Every log of one event since the deployment's start block, through the indexer (lib/indexer.ts):
 * cached per query, so only new blocks are read after the first load.
 */
// The bare client, not getPublicClient/usePublicClient: their publicActions decorator bundles every viem action
// (ENS, signature verification and its elliptic curves included); the actions used here are imported one by one.
/** viem's actions cannot infer over wagmi's union of one client per chain: widen once here. */
function usePlainClient(chainId: number | undefined): Client<Transport, Chain> | undefined {
  const client = useClient({ chainId: chainId as never })
  return chainId === undefined ? undefined : (client as Client<Transport, Chain> | undefined)
}

export function useEvents<event extends AbiEvent>(id: string, request: EventRequest<event> | undefined) {
  const { chainId, deployment } = useDeployment()
  const client = usePlainClient(chainId)
  const enabled = client !== undefined && chainId !== undefined && deployment !== undefined && request !== undefined
  return useQuery({
    queryKey: ['history', chainId, id],
    enabled,
    refetchInterval: HISTORY_REFRESH_MS,
    staleTime: HISTORY_REFRESH_MS / 2,
    placeholderData: (previous) => previous,
    queryFn: async (): Promise<IndexedEvent<event>[]> => {
      if (!client || chainId === undefined || !deployment || !request) return []
      const head = await getBlockNumber(client, { cacheTime: 0 })
      return getEventIndexer(client).getEvents({ ...request, chainId, fromBlock: deployment.startBlock }, head)
    },
  })
}

export type PegHistory = { dex: Point[]; reference: Point[]; deviation: Point[] }

/**
 * One stock token's peg over time: the DEX TWAP between PegOracle observations, the reference
 * price from its feed's AnswerUpdated events (× the split multiplier), and the deviation between them.
 */
export function usePegHistory(symbol: string | undefined) {
  const { chainId, addresses, stockBySymbol } = useDeployment()
  const stock = stockBySymbol(symbol)
  const observed = useEvents(
    `peg:${stock?.token}`,
    stock && addresses ? { address: addresses.pegOracle, event: EVENTS.observed, args: { stock: stock.token } } : undefined,
  )
  const answers = useEvents(`feed:${stock?.feed}`, stock ? { address: stock.feed, event: EVENTS.answerUpdated } : undefined)
  const reads = useReadContracts({
    contracts: [
      { chainId, address: addresses?.pegOracle, abi: pegOracleAbi, functionName: 'pairOf', args: [stock?.token ?? '0x0000000000000000000000000000000000000000'] },
      { chainId, address: stock?.feed, abi: stockPriceFeedAbi, functionName: 'decimals' },
      { chainId, address: stock?.feed, abi: stockPriceFeedAbi, functionName: 'multiplier' },
    ],
    query: { enabled: stock !== undefined && addresses !== undefined, staleTime: 60_000 },
  })
  const pair = resultOf<readonly [Address, boolean, number, number, bigint]>(reads.data?.[0])
  const decimals = resultOf<number>(reads.data?.[1])
  const multiplier = resultOf<bigint>(reads.data?.[2])

  const data = useMemo<PegHistory | undefined>(() => {
    if (!observed.data || !answers.data || !pair || decimals === undefined) return undefined
    const dex = dexPriceSeries(
      observed.data.map((e) => ({ timestamp: Number(e.args.timestamp), priceCumulative: e.args.priceCumulative })),
      pair[4],
    )
    const reference = referencePriceSeries(
      answers.data.map((e) => ({ updatedAt: Number(e.args.updatedAt), answer: e.args.current })),
      decimals,
      multiplier,
    )
    return { dex: downsample(dex, MAX_POINTS), reference: downsample(reference, MAX_POINTS), deviation: downsample(deviationSeries(dex, reference), MAX_POINTS) }
  }, [observed.data, answers.data, pair, decimals, multiplier])

  return { data, isLoading: observed.isLoading || answers.isLoading, error: observed.error ?? answers.error }
}

/** BTC or ETH spot over time, from the price feed's AnswerUpdated events (8-decimal answers). */
export function useUnderlyingHistory(underlying: 0 | 1) {
  const { deployment } = useDeployment()
  const feed = underlying === 0 ? deployment?.contracts.BtcUsdFeed : deployment?.contracts.EthUsdFeed
  const answers = useEvents(`feed:${feed}`, feed ? { address: feed, event: EVENTS.answerUpdated } : undefined)
  const data = useMemo(
    () => (answers.data ? downsample(referencePriceSeries(answers.data.map((e) => ({ updatedAt: Number(e.args.updatedAt), answer: e.args.current })), 8), MAX_POINTS) : undefined),
    [answers.data],
  )
  return { data, hasFeed: feed !== undefined, isLoading: answers.isLoading, error: answers.error }
}

/** Funding rate (USD per unit per day) per market id, from FundingAccrued events. */
export function useFundingHistory() {
  const { addresses } = useDeployment()
  const events = useEvents('fundingAccrued', addresses ? { address: addresses.engine, event: EVENTS.fundingAccrued } : undefined)
  const data = useMemo(() => {
    if (!events.data) return undefined
    const byMarket = new Map<bigint, { timestamp: number; cumFunding: bigint }[]>()
    for (const e of events.data) {
      const list = byMarket.get(e.args.marketId) ?? []
      list.push({ timestamp: e.timestamp, cumFunding: e.args.cumFunding })
      byMarket.set(e.args.marketId, list)
    }
    const series = new Map<bigint, Point[]>()
    for (const [id, accruals] of byMarket) series.set(id, downsample(fundingRateSeries(accruals), MAX_POINTS))
    return series
  }, [events.data])
  return { data, isLoading: events.isLoading, error: events.error }
}

export type TokenEarnings = { splits: FeeSplit[]; main: Point[]; insurance: Point[] }

/** What each token's vaults received (fees and funding, 70% main / 20% insurance), from FeesDistributed. */
export function useVaultEarnings() {
  const { addresses, deployment, stocks } = useDeployment()
  const events = useEvents('feesDistributed', addresses ? { address: addresses.engine, event: EVENTS.feesDistributed } : undefined)
  const data = useMemo(() => {
    if (!events.data || !deployment) return undefined
    const out = new Map<string, TokenEarnings>()
    for (const stock of stocks) {
      const token = stock.token.toLowerCase()
      const splits = events.data
        .filter((e) => e.args.token.toLowerCase() === token)
        .map((e) => ({ timestamp: e.timestamp, toMain: e.args.toMain, toInsurance: e.args.toInsurance }))
      const { main, insurance } = cumulativeEarnings(splits)
      out.set(stock.symbol, { splits, main: downsample(main, MAX_POINTS), insurance: downsample(insurance, MAX_POINTS) })
    }
    return out
  }, [events.data, deployment, stocks])
  return { data, isLoading: events.isLoading, error: events.error }
}

export type FundingPayment = { timestamp: number; trader: Address; token: Address; fundingUsd: bigint; amountX: bigint }

/** Funding traders actually paid (settled on each touch of an account), from FundingSettled. */
export function useFundingPayments() {
  const { addresses } = useDeployment()
  const events = useEvents('fundingSettled', addresses ? { address: addresses.engine, event: EVENTS.fundingSettled } : undefined)
  const data = useMemo<FundingPayment[] | undefined>(
    () =>
      events.data?.map((e) => ({
        timestamp: e.timestamp,
        trader: e.args.trader,
        token: e.args.token,
        fundingUsd: e.args.fundingUsd,
        amountX: e.args.amountX,
      })),
    [events.data],
  )
  return { data, isLoading: events.isLoading, error: events.error }
}

const SHARE_PRICE_SAMPLES = 40
const RECENT_BLOCKS = 2_000n
/** Past blocks never change: their reads are cached for the session, keyed by chain, vault and block. */
const pastSharePrices = new Map<string, { time: number; value: number }>()
const unavailable = new Set<string>()

/**
 * Share price (tokens per share) of each vault over time: `convertToAssets(10^24)` read at past
 * blocks on a fixed grid (40 over the deployment's life, 40 over the last 2,000 blocks) plus the
 * latest one. Vaults emit no event when their NAV moves with the option book, so this history is
 * read from past state, not indexed; blocks the node cannot serve are skipped.
 */
export function useSharePriceHistory(vaults: readonly Address[]) {
  const { chainId, deployment } = useDeployment()
  const client = usePlainClient(chainId)
  const enabled = client !== undefined && deployment !== undefined && vaults.length > 0
  return useQuery({
    queryKey: ['history', chainId, 'sharePrice', vaults.join(',')],
    enabled,
    refetchInterval: HISTORY_REFRESH_MS * 3,
    placeholderData: (previous) => previous,
    queryFn: async (): Promise<Map<Address, Point[]>> => {
      const out = new Map<Address, Point[]>(vaults.map((v) => [v, []]))
      if (!client || !deployment) return out
      const head = await getBlockNumber(client, { cacheTime: 0 })
      // The whole life of the deployment, plus a denser recent window: nodes without archive state
      // (anvil keeps only recent states in memory) still draw the recent past.
      const recentFrom = head > RECENT_BLOCKS ? head - RECENT_BLOCKS : 0n
      const blocks = [
        ...new Set([
          ...sampleBlocks(deployment.startBlock, head, SHARE_PRICE_SAMPLES),
          ...sampleBlocks(recentFrom > deployment.startBlock ? recentFrom : deployment.startBlock, head, SHARE_PRICE_SAMPLES),
        ]),
      ].filter((block) => !unavailable.has(`${chainId}:${block}`))
      await Promise.all(
        blocks.map(async (blockNumber) => {
          const missing = vaults.filter((v) => !pastSharePrices.has(`${chainId}:${v}:${blockNumber}`))
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
              missing.forEach((address, i) => {
                const result = results[i]
                if (result.status === 'success') {
                  pastSharePrices.set(`${chainId}:${address}:${blockNumber}`, { time: Number(block.timestamp), value: sharePrice(result.result) })
                }
              })
            } catch {
              // A node without archive state for that block: the chart has a gap there, and the
              // block is not asked for again.
              unavailable.add(`${chainId}:${blockNumber}`)
            }
          }
          for (const address of vaults) {
            const point = pastSharePrices.get(`${chainId}:${address}:${blockNumber}`)
            if (point) out.get(address)?.push(point)
          }
        }),
      )
      for (const [address, points] of out) out.set(address, toSeries(points))
      return out
    },
  })
}
