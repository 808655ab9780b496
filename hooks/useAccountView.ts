'use client'

import { useMemo } from 'react'
import { type Address, erc20Abi, zeroAddress } from 'viem'
import { useAccount, useReadContracts } from 'wagmi'

import { type AccountView, type RawAccountView, toAccountView } from '../lib/account'
import { accountLensAbi, iLivestockAbi, stockTokenAbi } from '../lib/generated'
import { resultOf } from './readResults'
import { useDeployment } from './useDeployment'

export type PermitDomain = {
  name: string
  version: string
  chainId: bigint
  verifyingContract: Address
}

export type MarginAccount = {
  view: AccountView | undefined
  /** The stock token in the wallet, and how much of it the engine may pull. */
  walletBalance: bigint | undefined
  allowance: bigint | undefined
  /** The token's EIP-712 domain and the owner's permit nonce; undefined when it has no EIP-2612. */
  permit: { domain: PermitDomain; nonce: bigint } | undefined
  /** Margin weights from the engine's `tokenConfig` (bps). */
  initialWeightBps: bigint | undefined
  maintenanceWeightBps: bigint | undefined
}

type RawDomain = readonly [`0x${string}`, string, string, bigint, Address, `0x${string}`, readonly bigint[]]
type RawTokenConfig = readonly [boolean, number, number, number, Address, Address]

/**
 * The connected trader's margin account in one stock token: AccountLens.accountView (collateral,
 * equity, IM, MM, margin ratio, positions with PnL, unpaid funding and liquidation price), plus the
 * wallet balance, the engine's allowance and what a permit needs. One multicall, every block.
 */
export function useAccountView(symbol: string | undefined) {
  const { address: user } = useAccount()
  const { chainId, addresses, stockBySymbol } = useDeployment()
  const stock = stockBySymbol(symbol)
  const token = stock?.token
  const engine = addresses?.engine
  const owner = user ?? zeroAddress
  const enabled = addresses !== undefined && token !== undefined && user !== undefined

  const query = useReadContracts({
    contracts: [
      { chainId, address: addresses?.lens, abi: accountLensAbi, functionName: 'accountView', args: [engine ?? zeroAddress, owner, token ?? zeroAddress] },
      { chainId, address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] },
      { chainId, address: token, abi: erc20Abi, functionName: 'allowance', args: [owner, engine ?? zeroAddress] },
      { chainId, address: token, abi: stockTokenAbi, functionName: 'eip712Domain' },
      { chainId, address: token, abi: stockTokenAbi, functionName: 'nonces', args: [owner] },
      { chainId, address: engine, abi: iLivestockAbi, functionName: 'tokenConfig', args: [token ?? zeroAddress] },
    ],
    query: { enabled },
  })

  const account = useMemo<MarginAccount>(() => {
    const data = query.data
    const raw = resultOf<RawAccountView>(data?.[0])
    const domain = resultOf<RawDomain>(data?.[3])
    const nonce = resultOf<bigint>(data?.[4])
    const config = resultOf<RawTokenConfig>(data?.[5])
    return {
      view: raw ? toAccountView(raw) : undefined,
      walletBalance: resultOf<bigint>(data?.[1]),
      allowance: resultOf<bigint>(data?.[2]),
      permit:
        domain && nonce !== undefined
          ? { domain: { name: domain[1], version: domain[2], chainId: domain[3], verifyingContract: domain[4] }, nonce }
          : undefined,
      initialWeightBps: config ? BigInt(config[1]) : undefined,
      maintenanceWeightBps: config ? BigInt(config[2]) : undefined,
    }
  }, [query.data])

  return {
    ...account,
    stock,
    isConnected: user !== undefined,
    user,
    isLoading: query.isLoading,
    error: query.error,
  }
}
