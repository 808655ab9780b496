'use client'


import { PROTOCOL_ABIS } from '../lib/abis'
import { livestockEngineAbi } from '../lib/generated'
import { useAccount } from 'wagmi'
import { useContractWrite } from './useContractWrite'
import { useDeployment } from './useDeployment'
import { useTransaction } from './useTransaction'

/**
 * Opening and closing positions directly on the engine (`openPosition(trader, marketId, size, maxPrice)`,
 * `closePosition(…)`), through useTransaction: the mode of a deployment without an order router.
 * Price bounds come from the caller (quote ± slippage).
 */
export function useTradeActions() {
  const { chainId, addresses } = useDeployment()
  const { send, isSending } = useTransaction()
  const writeContractAsync = useContractWrite()
  const { address: account } = useAccount()
  const engine = addresses?.engine

  async function open(args: { marketId: bigint; size: bigint; maxPrice: bigint; label: string }) {
    if (!engine || !account) return undefined
    return send({
      label: args.label,
      abis: PROTOCOL_ABIS,
      request: async () =>
        writeContractAsync({
          chainId,
          address: engine,
          abi: livestockEngineAbi,
          functionName: 'openPosition',
          args: [account, args.marketId, args.size, args.maxPrice],
        }),
    })
  }

  async function close(args: { marketId: bigint; size: bigint; minPrice: bigint; label: string }) {
    if (!engine || !account) return undefined
    return send({
      label: args.label,
      abis: PROTOCOL_ABIS,
      request: async () =>
        writeContractAsync({
          chainId,
          address: engine,
          abi: livestockEngineAbi,
          functionName: 'closePosition',
          args: [account, args.marketId, args.size, args.minPrice],
        }),
    })
  }

  return { open, close, isSending }
}
