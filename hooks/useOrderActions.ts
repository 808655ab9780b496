'use client'

import { useAccount } from 'wagmi'

import { PROTOCOL_ABIS } from '../lib/abis'
import { formatToken } from '../lib/format'
import { orderRouterAbi, stockTokenAbi } from '../lib/generated'
import { orderExpiry, type OrderTiming, type StoredOrder } from '../lib/orders'
import { useBlockTime } from './useChainTime'
import { useContractWrite } from './useContractWrite'
import { useDeployment } from './useDeployment'
import { useTransaction } from './useTransaction'

/** An approval covers this many orders' fees, so a trader approves once, not before every order. */
const FEE_APPROVAL_ORDERS = 20n

export type CommitOrder = {
  symbol: string
  marketId: bigint
  /** true: buy (grow a long or reduce a short); false: sell (reduce a long, or open or grow a short). */
  isBuy: boolean
  size: bigint
  /** Highest price per unit for a buy, lowest for a sale (quote ± slippage). */
  acceptablePrice: bigint
  fee: bigint
  allowance: bigint | undefined
  timing: OrderTiming
  label: string
}

/**
 * Writes to the OrderRouter, each through useTransaction: `commit` (after approving the router for the fee
 * token when the allowance is short) and `cancel` of an expired order (fee back).
 */
export function useOrderActions() {
  const { chainId, orderRouter, stockBySymbol } = useDeployment()
  const { address: account } = useAccount()
  const { send, isSending } = useTransaction()
  const writeContractAsync = useContractWrite()
  const blockTime = useBlockTime()

  async function commit(order: CommitOrder) {
    const stock = stockBySymbol(order.symbol)
    if (!orderRouter || !account || !stock) return undefined
    if (order.fee > 0n && (order.allowance ?? 0n) < order.fee) {
      const amount = order.fee * FEE_APPROVAL_ORDERS
      const approved = await send({
        label: `Approve ${formatToken(amount, 18, 6)} ${stock.symbol} for order fees`,
        abis: PROTOCOL_ABIS,
        request: () => writeContractAsync({ chainId, address: stock.token, abi: stockTokenAbi, functionName: 'approve', args: [orderRouter, amount] }),
      })
      if (approved.status !== 'confirmed') return approved
    }
    return send({
      label: order.label,
      abis: PROTOCOL_ABIS,
      request: async () => {
        const expiresAt = orderExpiry(await blockTime(), order.timing)
        return writeContractAsync({
          chainId,
          address: orderRouter,
          abi: orderRouterAbi,
          functionName: 'commit',
          args: [order.marketId, order.isBuy, order.size, order.acceptablePrice, expiresAt, order.fee],
        })
      },
    })
  }

  /** Cancel an expired order; the router checks `order` against the hash it stored at commitment. */
  async function cancel(orderId: bigint, order: StoredOrder) {
    if (!orderRouter) return undefined
    return send({
      label: `Cancel order #${orderId} (fee back)`,
      abis: PROTOCOL_ABIS,
      request: () => writeContractAsync({ chainId, address: orderRouter, abi: orderRouterAbi, functionName: 'cancel', args: [orderId, order] }),
    })
  }

  return { commit, cancel, isSending, enabled: orderRouter !== undefined }
}
