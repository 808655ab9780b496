'use client'

import { useState } from 'react'
import type { Address } from 'viem'
import { useAccount, useSignTypedData } from 'wagmi'

import { PROTOCOL_ABIS } from '../lib/abis'
import { planDeposit } from '../lib/account'
import { formatToken } from '../lib/format'
import { splitSignature } from '../lib/signature'
import { iLivestockAbi, stockTokenAbi } from '../lib/generated'
import { describeTxError } from '../lib/txError'
import type { PermitDomain } from './useAccountView'
import { useContractWrite } from './useContractWrite'
import { useDeployment } from './useDeployment'
import { useChainTime } from './useChainTime'
import { useTransaction } from './useTransaction'

/** Permits are signed for this long: enough for a slow wallet, short enough not to linger. */
const PERMIT_LIFETIME_SECONDS = 3_600n

/**
 * Margin writes for one stock token: deposit (with an EIP-2612 permit where the token has one,
 * else approve → deposit) and withdraw. Every write goes through useTransaction (toasts, decoded
 * errors, reads refreshed on confirmation).
 */
export function useMarginActions(params: {
  symbol: string | undefined
  allowance: bigint | undefined
  permit: { domain: PermitDomain; nonce: bigint } | undefined
}) {
  const { address: user } = useAccount()
  const { chainId, addresses, stockBySymbol } = useDeployment()
  const { send, isSending } = useTransaction()
  const writeContractAsync = useContractWrite()
  const { signTypedDataAsync } = useSignTypedData()
  const chainTime = useChainTime()
  // A wallet that cannot sign typed data gets the approve path from then on.
  const [permitBroken, setPermitBroken] = useState(false)

  const stock = stockBySymbol(params.symbol)
  const engine = addresses?.engine
  const permitAvailable = params.permit !== undefined && !permitBroken

  async function approve(amount: bigint) {
    if (!stock || !engine) return undefined
    return send({
      label: `Approve ${formatToken(amount, 18)} ${stock.symbol} for margin`,
      request: () => writeContractAsync({ chainId, address: stock.token, abi: stockTokenAbi, functionName: 'approve', args: [engine, amount] }),
      abis: PROTOCOL_ABIS,
    })
  }

  async function deposit(amount: bigint) {
    if (!stock || !engine || !user) return undefined
    const plan = planDeposit(amount, params.allowance, permitAvailable)
    const label = `Deposit ${formatToken(amount, 18)} ${stock.symbol} as margin`
    if (plan.kind === 'approve') return approve(amount)
    if (plan.kind === 'deposit') {
      return send({
        label,
        request: () => writeContractAsync({ chainId, address: engine, abi: iLivestockAbi, functionName: 'deposit', args: [stock.token, amount] }),
        abis: PROTOCOL_ABIS,
      })
    }
    const permit = params.permit
    if (!permit) return undefined
    return send({
      label,
      abis: PROTOCOL_ABIS,
      request: async () => {
        const deadline = (await chainTime()) + PERMIT_LIFETIME_SECONDS
        let signature
        try {
          signature = await signTypedDataAsync({
            domain: { ...permit.domain, chainId: Number(permit.domain.chainId) },
            types: {
              Permit: [
                { name: 'owner', type: 'address' },
                { name: 'spender', type: 'address' },
                { name: 'value', type: 'uint256' },
                { name: 'nonce', type: 'uint256' },
                { name: 'deadline', type: 'uint256' },
              ],
            },
            primaryType: 'Permit',
            message: { owner: user, spender: engine as Address, value: amount, nonce: permit.nonce, deadline },
          })
        } catch (error) {
          // Cancelling stays a calm cancellation; any other signing failure means: use approve.
          if (describeTxError(error).kind !== 'rejected') setPermitBroken(true)
          throw error
        }
        const { r, s, v: vByte } = splitSignature(signature)
        return writeContractAsync({
          chainId,
          address: engine,
          abi: iLivestockAbi,
          functionName: 'depositWithPermit',
          args: [stock.token, amount, deadline, vByte, r, s],
        })
      },
    })
  }

  async function withdraw(amount: bigint) {
    if (!stock || !engine) return undefined
    return send({
      label: `Withdraw ${formatToken(amount, 18)} ${stock.symbol} of margin`,
      request: () => writeContractAsync({ chainId, address: engine, abi: iLivestockAbi, functionName: 'withdraw', args: [stock.token, amount] }),
      abis: PROTOCOL_ABIS,
    })
  }

  return {
    deposit,
    withdraw,
    plan: (amount: bigint) => planDeposit(amount, params.allowance, permitAvailable),
    isSending,
  }
}
