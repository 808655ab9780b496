import { type AbiEvent, type Address, BlockNotFoundError, type Chain, type Client, type Hex, type Transport } from 'viem'
import { getBlock, getLogs } from 'viem/actions'

import { decodeAll, type EventIndexer, type EventQuery, type IndexedEvent, queryKey } from './eventQuery'
import { createRangeStore, type RangeStore } from './rangeStore'
import { fetchInChunks, type LogSource, logsBetween, type StoredLog, syncRange } from './rangeSync'

/**
 * `EventIndexer` over JSON-RPC `eth_getLogs`: block ranges are read in chunks (halved when a provider refuses a
 * range), logs are kept per query in memory and in localStorage, and a later call only reads the blocks it has not
 * seen yet — so a page load does not replay the chain from the deployment block every time. A cached range is
 * trusted only while the chain still has the block it ended at (same hash): a restarted anvil or a reorg drops it.
 * Since issue 14 this is the fallback for a deployment without a Ponder indexer (lib/history/rpcSource.ts).
 */

type AnyClient = Client<Transport, Chain | undefined>

export type RpcIndexerOptions = {
  client: AnyClient
  store: RangeStore
  /** Blocks per eth_getLogs request (halved on refusal). Public Base RPCs accept about 10,000. */
  chunkSize?: bigint
}

export function createRpcIndexer({ client, store, chunkSize = 5_000n }: RpcIndexerOptions): EventIndexer {
  const timestamps = new Map<bigint, number>()
  // One sync per query at a time, so two charts asking for the same events share one read.
  const inFlight = new Map<string, Promise<unknown>>()

  async function blockTimestamp(number: bigint): Promise<number> {
    const known = timestamps.get(number)
    if (known !== undefined) return known
    const block = await getBlock(client, { blockNumber: number })
    const seconds = Number(block.timestamp)
    timestamps.set(number, seconds)
    return seconds
  }

  function sourceFor<event extends AbiEvent>(query: EventQuery<event>): LogSource {
    return {
      async blockHash(number) {
        for (let attempt = 1; ; attempt++) {
          try {
            return (await getBlock(client, { blockNumber: number })).hash ?? undefined
          } catch (error) {
            // A block the node does not have is not on the chain. Anything else is tried again: on a dense chain this
            // read shares a JSON-RPC batch with a large eth_getLogs, and the batch's answer outgrew viem's 10 MB limit
            // (ResponseBodyTooLargeError, 12.6 MB at 100,000 events in 3,400 blocks) while the logs were refetched in
            // halves.
            if (error instanceof BlockNotFoundError || attempt >= 3) return undefined
          }
        }
      },
      async fetchLogs(from, to) {
        const logs = await fetchInChunks(from, to, chunkSize, (start, end) =>
          getLogs(client, {
            address: query.address as Address | Address[],
            event: query.event as AbiEvent,
            args: query.args as never,
            fromBlock: start,
            toBlock: end,
            strict: false,
          }),
        )
        const stored: StoredLog[] = []
        for (const log of logs) {
          if (log.blockNumber === null || log.logIndex === null || log.transactionHash === null) continue
          // Anvil and newer nodes put the block time on the log; otherwise read the block (cached).
          const fromLog = (log as { blockTimestamp?: bigint | null }).blockTimestamp
          const timestamp = typeof fromLog === 'bigint' ? Number(fromLog) : await blockTimestamp(log.blockNumber)
          stored.push({
            address: log.address,
            topics: log.topics as Hex[],
            data: log.data,
            block: log.blockNumber.toString(),
            logIndex: log.logIndex,
            tx: log.transactionHash,
            timestamp,
          })
        }
        return stored
      },
    }
  }

  return {
    async getEvents<event extends AbiEvent>(query: EventQuery<event>, toBlock: bigint): Promise<IndexedEvent<event>[]> {
      const key = queryKey(query as EventQuery)
      const previous = inFlight.get(key) ?? Promise.resolve()
      const run = previous
        .catch(() => undefined)
        .then(async () => {
          if (toBlock < query.fromBlock) return []
          const { range } = await syncRange(store.load(key), query.fromBlock, toBlock, sourceFor(query))
          store.save(key, range)
          return decodeAll(query.event, logsBetween(range, query.fromBlock, toBlock))
        })
      inFlight.set(key, run)
      try {
        return await run
      } finally {
        if (inFlight.get(key) === run) inFlight.delete(key)
      }
    },
  }
}

const indexers = new WeakMap<object, EventIndexer>()
let sharedStore: RangeStore | undefined

/**
 * The app's indexer for a chain's client. Replace the body with a hosted indexer's client to move
 * history off the RPC; nothing else changes.
 */
export function getEventIndexer(client: AnyClient): EventIndexer {
  const existing = indexers.get(client)
  if (existing) return existing
  sharedStore ??= createRangeStore(typeof window === 'undefined' ? undefined : safely(() => window.localStorage))
  const indexer = createRpcIndexer({ client, store: sharedStore })
  indexers.set(client, indexer)
  return indexer
}

function safely<value>(run: () => value): value | undefined {
  try {
    return run()
  } catch {
    return undefined
  }
}
