'use client'

import { useQuery } from '@tanstack/react-query'
import { type Address, type Chain, type Client, decodeEventLog, maxUint256, type Transport } from 'viem'
import { simulateCalls } from 'viem/actions'
import { useAccount, useClient } from 'wagmi'

import { type AccountView, toAccountView } from '../lib/account'
import { PROTOCOL_ABIS } from '../lib/abis'
import { accountLensAbi, iLivestockAbi, livestockEngineAbi } from '../lib/generated'
import { describeTxError } from '../lib/txError'
import { useDeployment } from './useDeployment'

export type TradePreview =
  /** The engine accepted the simulated trade: its exact price and fee, and the account after it. */
  | { status: 'ok'; price: bigint; fee: bigint; after: AccountView }
  /** The engine refused it: the decoded custom error, in words. */
  | { status: 'refused'; reason: string }
  /** The RPC cannot simulate (no eth_simulateV1): the ticket falls back to its own estimates. */
  | { status: 'unavailable' }

/**
 * Simulates `trade(marketId, size)` (signed: > 0 buys, < 0 sells) from the connected account and then reads
 * AccountLens.accountView in the same simulated block (eth_simulateV1), so the ticket shows the
 * initial margin and liquidation price *after* the trade from the contracts' own views, and the
 * engine's refusal (InsufficientMargin, OpenInterestCapExceeded, …) before anything is signed.
 * No slippage bound is applied here: the preview is the price itself. With an order router the simulated call
 * comes from the router (the engine accepts trades only from it): the order will execute exactly that way, at
 * the prices of its settlement.
 */
export function useTradePreview(params: { symbol: string | undefined; marketId: bigint | undefined; size: bigint | undefined }) {
  const { address: user } = useAccount()
  const { chainId, addresses, stockBySymbol, orderRouter } = useDeployment()
  // The bare client, not getPublicClient/usePublicClient: their publicActions decorator bundles every viem action
  // (ENS, signature verification and its elliptic curves included); the actions used here are imported one by one.
  // Widened: viem's actions cannot infer over wagmi's union of one client per chain.
  const client = useClient({ chainId }) as Client<Transport, Chain> | undefined
  const token = stockBySymbol(params.symbol)?.token
  const { marketId, size } = params
  const enabled = client !== undefined && addresses !== undefined && user !== undefined && token !== undefined && marketId !== undefined && size !== undefined && size !== 0n

  return useQuery({
    queryKey: ['livestock', 'tradePreview', chainId, user, token, marketId?.toString(), size?.toString()],
    enabled,
    // Keep showing the last preview while the next block's one loads: the ticket does not flicker.
    placeholderData: (previous) => previous,
    retry: false,
    queryFn: async (): Promise<TradePreview> => {
      if (!client || !addresses || !user || !token || marketId === undefined || size === undefined) return { status: 'unavailable' }
      return simulateTrade({ client, engine: addresses.engine, lens: addresses.lens, user, token, marketId, size, caller: orderRouter ?? user })
    },
  })
}

async function simulateTrade(args: {
  client: Client<Transport, Chain>
  engine: Address
  lens: Address
  user: Address
  token: Address
  marketId: bigint
  /** Signed: > 0 buys, < 0 sells. */
  size: bigint
  /** Who calls the engine: the trader, or the order router when the engine trades only through it. */
  caller: Address
}): Promise<TradePreview> {
  const { client, engine, lens, user, token, marketId, size, caller } = args
  let results
  try {
    ;({ results } = await simulateCalls(client, {
      account: caller,
      calls: [
        // No price bound: the highest acceptable price of a buy, the lowest (0) of a sale.
        { to: engine, abi: livestockEngineAbi, functionName: 'trade', args: [user, marketId, size, size > 0n ? maxUint256 : 0n] },
        { to: lens, abi: accountLensAbi, functionName: 'accountView', args: [engine, user, token] },
      ],
    }))
  } catch {
    return { status: 'unavailable' }
  }
  const [traded, view] = results
  if (traded.status !== 'success') {
    return { status: 'refused', reason: describeTxError(traded.error, PROTOCOL_ABIS).message }
  }
  if (view.status !== 'success') return { status: 'unavailable' }
  let price = 0n
  let fee = 0n
  for (const log of traded.logs ?? []) {
    try {
      const event = decodeEventLog({ abi: iLivestockAbi, data: log.data, topics: log.topics })
      if (event.eventName === 'PositionTraded') {
        price = event.args.price
        fee = event.args.feeUsd
      }
    } catch {
      // Another contract's log (token transfer, …).
    }
  }
  return { status: 'ok', price, fee, after: toAccountView(view.result) }
}
