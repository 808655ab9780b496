'use client'

import { useAccount } from 'wagmi'

import { PROTOCOL_ABIS } from '../lib/abis'
import { absSize } from '../lib/account'
import { livestockEngineAbi } from '../lib/generated'
import { useContractWrite } from './useContractWrite'
import { useDeployment } from './useDeployment'
import { useOrderActions } from './useOrderActions'
import { useOrderFee } from './useOrderFee'
import { useTransaction } from './useTransaction'

export type TradeMode = 'orders' | 'direct'

/**
 * Buying and closing positions settled in `symbol`. With an OrderRouter in the deployment (SPEC §9.1) each is a
 * two-step order: commit now (fee approved first when short), filled by a keeper at the first signed prices a
 * few seconds later (see useOrders). Without one, the engine is called directly: `trade(trader, marketId, size,
 * limitPrice)` with a signed size (> 0 buys, < 0 sells). Every write goes through useTransaction; price bounds
 * come from the caller (quote ± slippage).
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

  /** A buy (`isBuy`) or sell of `size` units (unsigned); `limitPrice` is the highest price of a buy, the lowest of a sale. */
  async function trade(args: { marketId: bigint; isBuy: boolean; size: bigint; limitPrice: bigint; label: string }) {
    if (mode === 'orders') {
      if (!symbol || !timing || orderFee.fee === undefined) return undefined
      return orders.commit({
        symbol,
        marketId: args.marketId,
        isBuy: args.isBuy,
        size: args.size,
        acceptablePrice: args.limitPrice,
        fee: orderFee.fee,
        allowance: orderFee.allowance,
        timing,
        label: `Order: ${args.label}`,
      })
    }
    if (!engine || !account) return undefined
    return send({
      label: args.label,
      abis: PROTOCOL_ABIS,
      request: async () =>
        writeContractAsync({
          chainId,
          address: engine,
          abi: livestockEngineAbi,
          functionName: 'trade',
          args: [account, args.marketId, args.isBuy ? args.size : -args.size, args.limitPrice],
        }),
    })
  }

  /** Buy `size` units at no more than `maxPrice` each. */
  function open(args: { marketId: bigint; size: bigint; maxPrice: bigint; label: string }) {
    return trade({ marketId: args.marketId, isBuy: true, size: args.size, limitPrice: args.maxPrice, label: args.label })
  }

  /**
   * Close a whole position of signed `positionSize`: a long is sold (at no less than `limitPrice`), a short bought
   * back (at no more than it).
   */
  function close(args: { marketId: bigint; positionSize: bigint; limitPrice: bigint; label: string }) {
    return trade({ marketId: args.marketId, isBuy: args.positionSize < 0n, size: absSize(args.positionSize), limitPrice: args.limitPrice, label: args.label })
  }

  return { trade, open, close, isSending: isSendingDirect || orders.isSending, mode, orderFee }
}
