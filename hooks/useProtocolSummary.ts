'use client'

import { useMemo } from 'react'

import { sumSince } from '../lib/history/earnings'
import { grossOpenInterest, notionalUsd } from '../lib/markets'
import { tokenValueUsd } from '../lib/vaults'
import { useLatestBlockTime } from './useChainTime'
import { useFundingPayments } from './useHistoryFunding'
import { useMarkets } from './useMarkets'
import { useProtocolParams } from './useProtocolParams'
import { useStockStates } from './useStockStates'
import { useVaults } from './useVaults'

/**
 * The home page's live numbers: TVL (every vault's NAV at its token's collateral price), open
 * interest (Σ size × spot over all markets), funding paid in the last 24 h of chain time
 * (FundingSettled events) and each token's peg.
 */
export function useProtocolSummary() {
  const { vaults, isLoading: vaultsLoading, error: vaultsError } = useVaults()
  const states = useStockStates()
  const { markets, isLoading: marketsLoading } = useMarkets()
  const params = useProtocolParams()
  const payments = useFundingPayments()
  const now = useLatestBlockTime()

  return useMemo(() => {
    let tvl: bigint | undefined = 0n
    for (const vault of vaults) {
      const price = states.bySymbol(vault.stock.symbol)?.state?.collateralPrice
      if (vault.totalAssets === undefined || price === undefined) {
        tvl = undefined
        break
      }
      tvl += tokenValueUsd(vault.totalAssets, price)
    }
    if (vaults.length === 0) tvl = undefined

    let openInterest: bigint | undefined = 0n
    for (const market of markets) {
      const spot = params.underlying(market.underlying)?.spot
      if (spot === undefined) {
        openInterest = undefined
        break
      }
      openInterest += notionalUsd(grossOpenInterest(market), spot)
    }
    if (markets.length === 0) openInterest = undefined

    const funding24h = payments.data && now !== undefined ? sumSince(payments.data, now - 86_400, (p) => p.fundingUsd) : undefined
    const openPositions = markets.filter((m) => grossOpenInterest(m) > 0n).length

    return {
      tvlUsd: tvl,
      openInterestUsd: openInterest,
      activeMarkets: openPositions,
      funding24hUsd: funding24h,
      stocks: states.stocks,
      isLoading: vaultsLoading || marketsLoading || states.isLoading,
      error: vaultsError ?? states.error ?? params.error,
    }
  }, [vaults, states, markets, params, payments.data, now, vaultsLoading, marketsLoading, vaultsError])
}
