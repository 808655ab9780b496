'use client'

import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState } from 'react'
import { type Address, type Chain, type Client, encodeEventTopics, type Hex, type Log, pad, parseEventLogs, toHex, type Transport } from 'viem'
import { getBlock, readContract } from 'viem/actions'
import { useAccount, useClient } from 'wagmi'

import { orderRouterAbi } from '../lib/generated'
import { chainNowFrom, type CommittedOrder, deriveOrders, type OrderLogs, type OrderRow, type OrderTiming } from '../lib/orders'
import { isLiveQuery } from './useBlockSync'
import { useDeployment } from './useDeployment'

/** Settled and cancelled orders are listed from this many recent blocks (pending ones always, from the router). */
const LOG_WINDOW_BLOCKS = 5_000n
/**
 * While an order is pending the orders are also read on this clock, not only on each new block: the settlement
 * comes a couple of seconds after the commit and the block watcher polls every second locally.
 */
const PENDING_POLL_MS = 400

type Snapshot = {
  logs: OrderLogs
  pendingIds: bigint[]
  timing: OrderTiming
  blockTimestamp: number
  seenAtMs: number
}

export type OrdersState = {
  rows: OrderRow[]
  /** The pending order of each stock token (by token address, lower case). */
  pendingByToken: ReadonlyMap<string, OrderRow>
  timing: OrderTiming | undefined
  isLoading: boolean
  error: Error | null
}

/**
 * The connected trader's orders on the OrderRouter, every block: `pendingOrderOf(trader, token)` for each stock
 * token (one multicall) and this trader's OrderCommitted / OrderSettled / OrderCancelled logs of the recent
 * blocks (one eth_getLogs beside it: the trader is the second indexed topic of all three), both at the same
 * block. The router stores only each order's hash: the order itself (what `cancel` passes back) comes from its
 * OrderCommitted log, read by id when a pending order is older than the window. Rows are derived in lib/orders.ts; a pending order's countdown ticks each
 * second in chain time.
 */
export function useOrders(): OrdersState {
  const { address: user } = useAccount()
  const { chainId, deployment, stocks, orderRouter } = useDeployment()
  // The bare client (see useTradePreview): viem's actions are imported one by one.
  const client = useClient({ chainId }) as Client<Transport, Chain> | undefined
  const enabled = client !== undefined && orderRouter !== undefined && user !== undefined && deployment !== undefined
  const tokens = stocks.map((s) => s.token)

  const query = useQuery({
    queryKey: ['livestock', 'orders', chainId, user, orderRouter, tokens.join()],
    enabled,
    placeholderData: (previous) => previous,
    refetchInterval: (q) => ((q.state.data?.pendingIds.length ?? 0) > 0 ? PENDING_POLL_MS : false),
    queryFn: async (): Promise<Snapshot> => {
      if (!client || !orderRouter || !user || !deployment) throw new Error('not connected')
      return readOrders(client, orderRouter, user, tokens, deployment.startBlock, deployment.streams)
    },
  })

  const snapshot = query.data
  const hasPending = (snapshot?.pendingIds.length ?? 0) > 0
  const nowMs = useTicker(hasPending)
  useRefreshOnCompletion(snapshot)

  return useMemo(() => {
    if (!snapshot || !user) return { rows: [], pendingByToken: new Map(), timing: snapshot?.timing, isLoading: query.isLoading, error: query.error }
    const now = chainNowFrom(snapshot.blockTimestamp, snapshot.seenAtMs, nowMs)
    const rows = deriveOrders({ trader: user, logs: snapshot.logs, pendingIds: snapshot.pendingIds, now, timing: snapshot.timing })
    const pendingByToken = new Map<string, OrderRow>()
    for (const row of rows) if (row.status === 'pending' && row.token) pendingByToken.set(row.token.toLowerCase(), row)
    return { rows, pendingByToken, timing: snapshot.timing, isLoading: query.isLoading, error: query.error }
  }, [snapshot, user, nowMs, query.isLoading, query.error])
}

/**
 * When an order fills or is cancelled, every chain read refreshes at once (positions, margin, balances) instead
 * of at the next block poll, so the position row appears with the filled order.
 */
function useRefreshOnCompletion(snapshot: Snapshot | undefined): void {
  const queryClient = useQueryClient()
  const completed = snapshot ? snapshot.logs.settled.length + snapshot.logs.cancelled.length : undefined
  const seen = useRef<number | undefined>(undefined)
  useEffect(() => {
    if (completed === undefined) return
    const first = seen.current === undefined
    const changed = seen.current !== completed
    seen.current = completed
    if (first || !changed) return
    void queryClient.invalidateQueries({ predicate: (query) => isLiveQuery(query) && query.queryKey[1] !== 'orders' }, { cancelRefetch: false })
  }, [completed, queryClient])
}

/** Wall time, re-rendering each second while `active` (a pending order's countdown). */
function useTicker(active: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    // Until the first tick the snapshot's own block time stands (chainNowFrom never goes below it).
    if (!active) return
    const timer = setInterval(() => setNow(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [active])
  return now
}

async function readOrders(
  client: Client<Transport, Chain>,
  router: Address,
  trader: Address,
  tokens: readonly Address[],
  startBlock: bigint,
  fallback: OrderTiming | undefined,
): Promise<Snapshot> {
  const head = await getBlock(client, { blockTag: 'latest' })
  const seenAtMs = Date.now()
  const blockNumber = head.number
  const fromBlock = blockNumber > startBlock + LOG_WINDOW_BLOCKS ? blockNumber - LOG_WINDOW_BLOCKS : startBlock
  const getLogs = (fromBlock: bigint, topics: (Hex | Hex[] | null)[]) =>
    client.request({
      method: 'eth_getLogs',
      params: [{ address: router, fromBlock: toHex(fromBlock), toBlock: toHex(blockNumber), topics }],
    }) as Promise<Log[]>

  // The calls of one tick travel as one multicall (wagmi's batch config), the logs as one eth_getLogs beside it.
  const [ids, params, rawLogs] = await Promise.all([
    Promise.all(tokens.map((token) => readContract(client, { address: router, abi: orderRouterAbi, functionName: 'pendingOrderOf', args: [trader, token], blockNumber }))),
    readContract(client, { address: router, abi: orderRouterAbi, functionName: 'params', blockNumber }).catch(() => undefined),
    getLogs(fromBlock, [ORDER_EVENT_TOPICS, null, pad(trader)]),
  ])
  const pendingIds = [...new Set(ids.filter((id) => id !== 0n))]
  const logs = toOrderLogs(rawLogs)
  // A pending order committed before the window: its commitment by id (the first indexed topic).
  const missing = pendingIds.filter((id) => !logs.committed.some((c) => c.id === id))
  if (missing.length > 0) {
    const older = toOrderLogs(await getLogs(startBlock, [ORDER_EVENT_TOPICS[0], missing.map((id) => pad(toHex(id)))]))
    logs.committed.push(...older.committed)
  }

  const timing = params ? { minDelay: params[0], settleWindow: params[1], maxLifetime: params[2] } : fallback
  if (!timing) throw new Error('The order router’s timing is unknown')
  return { logs, pendingIds, timing, blockTimestamp: Number(head.timestamp), seenAtMs }
}

const ORDER_EVENT_TOPICS: Hex[] = (['OrderCommitted', 'OrderSettled', 'OrderCancelled'] as const).map(
  (eventName) => encodeEventTopics({ abi: orderRouterAbi, eventName })[0] as Hex,
)

type MutableOrderLogs = { committed: CommittedOrder[]; settled: OrderLogs['settled'][number][]; cancelled: OrderLogs['cancelled'][number][] }

function toOrderLogs(rawLogs: Log[]): MutableOrderLogs {
  const logs: MutableOrderLogs = { committed: [], settled: [], cancelled: [] }
  // eth_getLogs answers with hex quantities; only the block number is read from the log itself.
  const parsed = parseEventLogs({ abi: orderRouterAbi, logs: rawLogs.map((log) => ({ ...log, blockNumber: log.blockNumber === null ? null : BigInt(log.blockNumber) })) })
  for (const log of parsed) {
    const blockNumber = log.blockNumber ?? 0n
    if (log.eventName === 'OrderCommitted') logs.committed.push({ id: log.args.orderId, order: log.args.order, blockNumber })
    else if (log.eventName === 'OrderSettled') logs.settled.push({ id: log.args.orderId, price: log.args.price, observedAt: log.args.observedAt, blockNumber })
    else if (log.eventName === 'OrderCancelled') logs.cancelled.push({ id: log.args.orderId, by: log.args.by, reason: log.args.reason, blockNumber })
  }
  return logs
}
