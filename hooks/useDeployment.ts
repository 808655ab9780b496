'use client'

import { useMemo } from 'react'
import type { Address } from 'viem'

import { isSupportedChainId, type SupportedChainId } from '../lib/chains'
import { type Deployment, getDeployment, listStocks, type StockDeployment } from '../lib/deployments'
import { useChainStatus } from './useChainStatus'

export type ProtocolAddresses = {
  engine: Address
  lens: Address
  hub: Address
  pegOracle: Address
}

export type DeploymentContext = {
  /** The chain reads go to: the wallet's when connected, else the app's default (local first).
   *  Undefined on a chain the app is not configured for (the wrong-chain banner says so). */
  chainId: SupportedChainId | undefined
  deployment: Deployment | undefined
  /** Stock tokens in protocol order. */
  stocks: StockDeployment[]
  /** Undefined when the chain has no (complete) deployment: every read hook then stays idle. */
  addresses: ProtocolAddresses | undefined
  stockBySymbol: (symbol: string | undefined) => StockDeployment | undefined
  /** The OrderRouter when trades are two-step orders (SPEC §9.1); undefined: the engine is called directly. */
  orderRouter: Address | undefined
}

/** Where Livestock lives on the current chain, from lib/deployments/<chainId>.json. */
export function useDeployment(): DeploymentContext {
  const { activeChainId } = useChainStatus()
  return useMemo(() => {
    const chainId = isSupportedChainId(activeChainId) ? activeChainId : undefined
    const deployment = getDeployment(chainId)
    const stocks = listStocks(deployment)
    const c = deployment?.contracts
    const addresses =
      c?.LivestockEngine && c.AccountLens && c.OracleHub && c.PegOracle
        ? { engine: c.LivestockEngine, lens: c.AccountLens, hub: c.OracleHub, pegOracle: c.PegOracle }
        : undefined
    return {
      chainId,
      deployment,
      stocks,
      addresses,
      orderRouter: addresses && deployment?.streams ? c?.OrderRouter : undefined,
      stockBySymbol: (symbol) => stocks.find((stock) => stock.symbol === symbol),
    }
  }, [activeChainId])
}
