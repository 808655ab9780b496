'use client'


import { PROTOCOL_ABIS } from '../lib/abis'
import { livestockEngineAbi } from '../lib/generated'
import { deadlineFrom } from '../lib/ticket'
import { useChainTime } from './useChainTime'
import { useContractWrite } from './useContractWrite'
import { useDeployment } from './useDeployment'
import { useTransaction } from './useTransaction'

/**
 * Opening and closing positions: `openPosition(marketId, size, maxPrice, deadline)` and
 * `closePosition(marketId, size, minPrice, deadline)` on the engine, deadline five minutes ahead,
 * through useTransaction. Price bounds come from the caller (quote ± slippage).
 */
export function useTradeActions() {
  const { chainId, addresses } = useDeployment()
  const { send, isSending } = useTransaction()
  const writeContractAsync = useContractWrite()
  const chainTime = useChainTime()
  const engine = addresses?.engine

  async function open(args: { marketId: bigint; size: bigint; maxPrice: bigint; label: string }) {
    if (!engine) return undefined
    return send({
      label: args.label,
      abis: PROTOCOL_ABIS,
      request: async () =>
        writeContractAsync({
          chainId,
          address: engine,
          abi: livestockEngineAbi,
          functionName: 'openPosition',
          args: [args.marketId, args.size, args.maxPrice, deadlineFrom(await chainTime())],
        }),
    })
  }

  async function close(args: { marketId: bigint; size: bigint; minPrice: bigint; label: string }) {
    if (!engine) return undefined
    return send({
      label: args.label,
      abis: PROTOCOL_ABIS,
      request: async () =>
        writeContractAsync({
          chainId,
          address: engine,
          abi: livestockEngineAbi,
          functionName: 'closePosition',
          args: [args.marketId, args.size, args.minPrice, deadlineFrom(await chainTime())],
        }),
    })
  }

  return { open, close, isSending }
}
