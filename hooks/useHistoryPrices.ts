'use client'

import { useMemo } from 'react'
import type { Address } from 'viem'
import { useReadContracts } from 'wagmi'

import { pegOracleAbi } from '../lib/generated'
import type { HistoryState } from '../lib/history/availability'
import { deviationSeries, priceSeries, twapPrices } from '../lib/history/prices'
import { downsample, type Point } from '../lib/history/series'
import type { UnderlyingId } from '../lib/markets'
import { resultOf } from './readResults'
import { useDeployment } from './useDeployment'
import { useHistoryQuery } from './useHistoryQuery'

export type PegHistory = { dex: Point[]; reference: Point[]; deviation: Point[] }

/**
 * One stock token's peg over time: the DEX TWAP between PegOracle observations, the reference price (signed
 * reports or push-feed answers, as the OracleHub reads it), and the deviation between them.
 */
export function usePegHistory(symbol: string | undefined): HistoryState<PegHistory> {
  const { chainId, addresses, stockBySymbol } = useDeployment()
  const stock = stockBySymbol(symbol)
  const history = useHistoryQuery(
    ['peg', stock?.token ?? ''],
    stock ? (source) => Promise.all([source.pegObservations(stock), source.referencePrices(stock)]) : undefined,
  )
  // The pair's toWad turns the Uniswap cumulative (USDC raw per token wei) into USD per token.
  const pair = useReadContracts({
    contracts: [{ chainId, address: addresses?.pegOracle, abi: pegOracleAbi, functionName: 'pairOf', args: [stock?.token ?? '0x0000000000000000000000000000000000000000'] }],
    query: { enabled: stock !== undefined && addresses !== undefined, staleTime: 60_000 },
  })
  const toWad = resultOf<readonly [Address, boolean, number, number, bigint]>(pair.data?.[0])?.[4]

  const data = useMemo<PegHistory | undefined>(() => {
    if (!history.data || toWad === undefined) return undefined
    const [observations, references] = history.data
    const dex = priceSeries(twapPrices(observations, toWad))
    const reference = priceSeries(references)
    return { dex: downsample(dex), reference: downsample(reference), deviation: downsample(deviationSeries(dex, reference)) }
  }, [history.data, toWad])

  return { data, isLoading: history.isLoading || (history.data !== undefined && pair.isLoading), unavailable: history.unavailable }
}

/** BTC or ETH spot over time, as the OracleHub's feed received it. */
export function useUnderlyingHistory(underlying: UnderlyingId): HistoryState<Point[]> {
  const history = useHistoryQuery(['spot', String(underlying)], (source) => source.spotPrices(underlying))
  const data = useMemo(() => (history.data ? downsample(priceSeries(history.data)) : undefined), [history.data])
  return { ...history, data }
}
