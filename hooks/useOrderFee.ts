'use client'

import { type Address, erc20Abi, zeroAddress } from 'viem'
import { useAccount, useReadContracts } from 'wagmi'

import { orderRouterAbi } from '../lib/generated'
import { resultOf } from './readResults'
import { useDeployment } from './useDeployment'

export type OrderFee = {
  /** The router's smallest execution fee for orders on this token's markets (token units). */
  fee: bigint | undefined
  /** How much of the token the router may pull from the wallet (the fee is taken by transferFrom). */
  allowance: bigint | undefined
  walletBalance: bigint | undefined
  router: Address | undefined
}

/**
 * The execution fee of an order settled in `symbol` and what paying it needs: `minExecutionFee(token)`, the
 * wallet's allowance to the router and its balance. One multicall, every block; idle without a router.
 */
export function useOrderFee(symbol: string | undefined): OrderFee {
  const { address: user } = useAccount()
  const { chainId, orderRouter, stockBySymbol } = useDeployment()
  const token = stockBySymbol(symbol)?.token
  const owner = user ?? zeroAddress
  const query = useReadContracts({
    contracts: [
      { chainId, address: orderRouter, abi: orderRouterAbi, functionName: 'minExecutionFee', args: [token ?? zeroAddress] },
      { chainId, address: token, abi: erc20Abi, functionName: 'allowance', args: [owner, orderRouter ?? zeroAddress] },
      { chainId, address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] },
    ],
    query: { enabled: orderRouter !== undefined && token !== undefined },
  })
  return {
    fee: resultOf<bigint>(query.data?.[0]),
    allowance: user ? resultOf<bigint>(query.data?.[1]) : undefined,
    walletBalance: user ? resultOf<bigint>(query.data?.[2]) : undefined,
    router: orderRouter,
  }
}
