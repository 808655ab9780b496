'use client'

import { useMemo } from 'react'
import { erc20Abi } from 'viem'
import { useReadContracts } from 'wagmi'

import { iLivestockAbi } from '../lib/generated'
import { buildOptionChain, type ChainRow, type MarketQuote, selectMarkets, type UnderlyingId, vaultCapital } from '../lib/markets'
import { resultOf } from './readResults'
import { useDeployment } from './useDeployment'
import { useMarkets } from './useMarkets'
import { useProtocolParams } from './useProtocolParams'
import { useStockState } from './useStockStates'
import { WAD } from '../lib/fixedPoint'

/**
 * The option chain of one settlement token and underlying: strike rows with call and put sides
 * (mark with skew at the current open interest, funding per day and APR, delta, open interest,
 * close-only flag), the spot, and the main vault's capital that caps open interest. Quotes come
 * from the engine's `quote(id, 0, true)`: the price of the next sliver, exactly as it would trade.
 */
export function useOptionChain(symbol: string | undefined, underlying: UnderlyingId) {
  const { chainId, addresses, stockBySymbol } = useDeployment()
  const stock = stockBySymbol(symbol)
  const { markets, isLoading: marketsLoading, error: marketsError } = useMarkets()
  const params = useProtocolParams()
  const { stock: stockState } = useStockState(symbol)
  const engine = addresses?.engine

  const selected = useMemo(() => (stock ? selectMarkets(markets, stock.token, underlying) : []), [markets, stock, underlying])

  const quotes = useReadContracts({
    contracts: [
      ...selected.map((market) => ({
        chainId,
        address: engine,
        abi: iLivestockAbi,
        functionName: 'quote' as const,
        args: [market.id, 0n, true] as const,
      })),
    ],
    query: { enabled: engine !== undefined && selected.length > 0 },
  })
  // The vault size L the engine prices, caps and measures utilisation with: the main vault's X plus what the
  // engine owes it, less what pending withdrawals claim (tokenConfig's withdrawalReserve).
  const capital = useReadContracts({
    contracts: [
      { chainId, address: stock?.token, abi: erc20Abi, functionName: 'balanceOf', args: [stock?.mainVault ?? '0x0000000000000000000000000000000000000000'] },
      { chainId, address: engine, abi: iLivestockAbi, functionName: 'pendingMain', args: [stock?.token ?? '0x0000000000000000000000000000000000000000'] },
      { chainId, address: engine, abi: iLivestockAbi, functionName: 'tokenConfig', args: [stock?.token ?? '0x0000000000000000000000000000000000000000'] },
    ],
    query: { enabled: engine !== undefined && stock !== undefined },
  })

  const quoteMap = useMemo(() => {
    const map = new Map<bigint, MarketQuote>()
    selected.forEach((market, i) => {
      const quote = resultOf<MarketQuote>(quotes.data?.[i])
      if (quote) map.set(market.id, quote)
    })
    return map
  }, [selected, quotes.data])

  const feed = params.underlying(underlying)
  const risk = params.risk
  const rows = useMemo<ChainRow[]>(() => {
    if (!stock || !feed || !risk) return []
    return buildOptionChain(selected, quoteMap, {
      token: stock.token,
      underlying,
      spot: feed.spot,
      fundingPeriodSeconds: risk.fundingPeriod,
      closeOnlyRangeBps: risk.closeOnlyRangeBps,
    })
  }, [selected, quoteMap, stock, feed, risk, underlying])

  const vaultBalance = resultOf<bigint>(capital.data?.[0])
  const pendingMain = resultOf<bigint>(capital.data?.[1])
  const reserve = capital.data?.[2]?.result?.[6]
  const collateralPrice = stockState?.state?.collateralPrice
  const capitalUsd =
    vaultBalance !== undefined && pendingMain !== undefined && reserve !== undefined && collateralPrice !== undefined
      ? (vaultCapital(vaultBalance, pendingMain, reserve) * collateralPrice) / WAD
      : undefined

  return {
    stock,
    /** OracleHub.stockState of the settlement token (peg, market status, prices). */
    stockState: stockState?.state,
    rows,
    spot: feed,
    risk,
    enginePaused: params.enginePaused,
    capitalUsd,
    quoteFor: (marketId: bigint | undefined) => (marketId === undefined ? undefined : quoteMap.get(marketId)),
    isLoading: marketsLoading || params.isLoading || quotes.isLoading,
    error: marketsError ?? params.error ?? quotes.error,
  }
}
