'use client'

import { useMemo } from 'react'
import { useReadContracts } from 'wagmi'

import { iLivestockAbi, oracleHubAbi } from '../lib/generated'
import { UNDERLYINGS, type UnderlyingId } from '../lib/markets'
import type { UnderlyingFeedState } from '../lib/protocol'
import { resultOf } from './readResults'
import { useDeployment } from './useDeployment'

/** The engine's trading and risk parameters (SPEC §3–5), as bigints for the ticket math. */
export type RiskParams = {
  fundingPeriod: bigint
  imSpotBps: bigint
  mmSpotBps: bigint
  mmMarkBps: bigint
  oiCapBps: bigint
  closedOiCapBps: bigint
  closedWeightCutBps: bigint
  closeOnlyRangeBps: bigint
  maxUtilizationBps: bigint
  takerFeeSpotBps: bigint
  takerFeeMarkCapBps: bigint
  /** A short receives this share of the funding a long of its size pays. */
  mainShareBps: bigint
  maxPositions: number
}

type RawRiskParams = {
  fundingPeriod: number
  imSpotBps: number
  mmSpotBps: number
  mmMarkBps: number
  oiCapBps: number
  closedOiCapBps: number
  closedWeightCutBps: number
  closeOnlyRangeBps: number
  maxUtilizationBps: number
  takerFeeSpotBps: number
  takerFeeMarkCapBps: number
  mainShareBps: number
  maxPositions: number
}

function toRiskParams(raw: RawRiskParams): RiskParams {
  return {
    fundingPeriod: BigInt(raw.fundingPeriod),
    imSpotBps: BigInt(raw.imSpotBps),
    mmSpotBps: BigInt(raw.mmSpotBps),
    mmMarkBps: BigInt(raw.mmMarkBps),
    oiCapBps: BigInt(raw.oiCapBps),
    closedOiCapBps: BigInt(raw.closedOiCapBps),
    closedWeightCutBps: BigInt(raw.closedWeightCutBps),
    closeOnlyRangeBps: BigInt(raw.closeOnlyRangeBps),
    maxUtilizationBps: BigInt(raw.maxUtilizationBps),
    takerFeeSpotBps: BigInt(raw.takerFeeSpotBps),
    takerFeeMarkCapBps: BigInt(raw.takerFeeMarkCapBps),
    mainShareBps: BigInt(raw.mainShareBps),
    maxPositions: raw.maxPositions,
  }
}

/**
 * BTC and ETH spot and volatility with their freshness (the non-reverting `try…` getters of the
 * OracleHub), whether the engine is paused, and its risk parameters. One multicall, every block.
 */
export function useProtocolParams() {
  const { chainId, addresses } = useDeployment()
  const hub = addresses?.hub
  const engine = addresses?.engine
  const query = useReadContracts({
    contracts: [
      { chainId, address: hub, abi: oracleHubAbi, functionName: 'tryUnderlyingPrice', args: [0] },
      { chainId, address: hub, abi: oracleHubAbi, functionName: 'tryUnderlyingPrice', args: [1] },
      { chainId, address: hub, abi: oracleHubAbi, functionName: 'tryVolatility', args: [0] },
      { chainId, address: hub, abi: oracleHubAbi, functionName: 'tryVolatility', args: [1] },
      { chainId, address: engine, abi: iLivestockAbi, functionName: 'paused' },
      { chainId, address: engine, abi: iLivestockAbi, functionName: 'getRiskParams' },
    ],
    query: { enabled: addresses !== undefined },
  })

  return useMemo(() => {
    const data = query.data
    const underlyings = UNDERLYINGS.map(({ id, symbol }): UnderlyingFeedState | undefined => {
      const price = resultOf<readonly [bigint, boolean]>(data?.[id])
      const vol = resultOf<readonly [bigint, boolean]>(data?.[2 + id])
      if (!price || !vol) return undefined
      return { symbol, spot: price[0], spotFresh: price[1], volatility: vol[0], volatilityFresh: vol[1] }
    })
    const rawRisk = resultOf<RawRiskParams>(data?.[5])
    return {
      underlying: (id: UnderlyingId) => underlyings[id],
      enginePaused: resultOf<boolean>(data?.[4]) ?? false,
      risk: rawRisk ? toRiskParams(rawRisk) : undefined,
      isLoading: query.isLoading,
      error: query.error,
    }
  }, [query.data, query.isLoading, query.error])
}
