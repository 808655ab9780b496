'use client'

import { useAccount } from 'wagmi'

import { PROTOCOL_ABIS } from '../lib/abis'
import { livestockEngineAbi } from '../lib/generated'
import { useContractWrite } from './useContractWrite'
import { useDeployment } from './useDeployment'
import { useOrderActions } from './useOrderActions'
import { useOrderFee } from './useOrderFee'
import { useTransaction } from './useTransaction'

export type TradeMode = 'orders' | 'direct'

/**
 * Opening and closing positions settled in `symbol`. With an OrderRouter in the deployment (SPEC §9.1) each is a
 * two-step order: commit now (fee approved first when short), filled by a keeper at the first signed prices a
 * few seconds later (see useOrders). Without one, the engine is called directly
 * (`openPosition(trader, marketId, size, maxPrice)`, `closePosition(…)`). Every write goes through
 * useTransaction; price bounds come from the caller (quote ± slippage).
 */
export function useTradeActions(symbol: string | undefined) {
  const { chainId, addresses, deployment, orderRouter } = useDeployment()
  const { send, isSending: isSendingDirect } = useTransaction()
  const writeContractAsync = useContractWrite()
  const { address: account } = useAccount()
  const orderFee = useOrderFee(symbol)
  const orders = useOrderActions()
  const engine = addresses?.engine
  const timing = deployment?.streams
  const mode: TradeMode = orderRouter ? 'orders' : 'direct'

  function commit(args: { marketId: bigint; size: bigint; price: bigint; label: string; isOpen: boolean }) {
    if (!symbol || !timing || orderFee.fee === undefined) return Promise.resolve(undefined)
    return orders.commit({
      symbol,
      marketId: args.marketId,
      isOpen: args.isOpen,
      size: args.size,
      acceptablePrice: args.price,
      fee: orderFee.fee,
      allowance: orderFee.allowance,
      timing,
      label: args.label,
    })
  }

  async function open(args: { marketId: bigint; size: bigint; maxPrice: bigint; label: string }) {
    if (mode === 'orders') return commit({ ...args, price: args.maxPrice, isOpen: true, label: `Order: ${args.label}` })
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
    if (mode === 'orders') return commit({ ...args, price: args.minPrice, isOpen: false, label: `Order: ${args.label}` })
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

  return { open, close, isSending: isSendingDirect || orders.isSending, mode, orderFee }
}
