import {
  type AbiEvent,
  type Address,
  type Chain,
  type Client,
  type DecodeEventLogReturnType,
  decodeEventLog,
  type Hex,
  toEventSelector,
  type Transport,
} from 'viem'
import { getBlock, getLogs } from 'viem/actions'

/**
 * History for the charts, from contract events (SPEC §8: "through one module, so a hosted indexer
 * can take over when getLogs over a long chain gets slow").
 *
 * The app depends only on `EventIndexer`. This file implements it over JSON-RPC `eth_getLogs`:
 * block ranges are read in chunks (halved when a provider refuses a range), logs are kept per query
 * in memory and in localStorage, and a later call only reads the blocks it has not seen yet — so a
 * page load does not replay the chain from the deployment block every time. A cached range is
 * trusted only while the chain still has the block it ended at (same hash): a restarted anvil or a
 * reorg drops it. A hosted indexer (Ponder, Envio, The Graph…) replaces this by implementing
 * `getEvents` over HTTP and being returned from `getEventIndexer`.
 */

// ---------------------------------------------------------------------------------------------
// The interface the app uses

export type EventQuery<event extends AbiEvent = AbiEvent> = {
  chainId: number
  address: Address | readonly Address[]
  event: event
  /** Filter on indexed arguments, as viem's getLogs takes it (e.g. `{ trader: '0x…' }`). */
  args?: Readonly<Record<string, unknown>>
  /** Usually the deployment's start block. */
  fromBlock: bigint
}

export type IndexedEvent<event extends AbiEvent = AbiEvent> = {
  address: Address
  blockNumber: bigint
  logIndex: number
  transactionHash: Hex
  /** Block timestamp, unix seconds (chain time: simulated on the local chain). */
  timestamp: number
  args: DecodeEventLogReturnType<[event]>['args']
}

export interface EventIndexer {
  /** Every `event` log matching `query` in [fromBlock, toBlock], oldest first, with block timestamps. */
  getEvents<event extends AbiEvent>(query: EventQuery<event>, toBlock: bigint): Promise<IndexedEvent<event>[]>
}

// ---------------------------------------------------------------------------------------------
// Cached log ranges (pure bookkeeping, tested without a chain)

/** A log as stored: strings and numbers only, ABI-agnostic (decoded on the way out). */
export type StoredLog = {
  address: Address
  topics: readonly Hex[]
  data: Hex
  /** Decimal string: JSON has no bigint. */
  block: string
  logIndex: number
  tx: Hex
  timestamp: number
}

/** Logs of one query covering every block in [from, to]; `toHash` proves the chain still has block `to`. */
export type CachedRange = {
  from: bigint
  to: bigint
  toHash: Hex
  logs: StoredLog[]
}

export interface LogSource {
  /** Logs in [from, to] inclusive, oldest first, timestamps filled in. */
  fetchLogs(from: bigint, to: bigint): Promise<StoredLog[]>
  /** Hash of block `number`, or undefined if the chain does not have it (anymore). */
  blockHash(number: bigint): Promise<Hex | undefined>
}

export type SyncResult = { range: CachedRange; fetched: Array<[bigint, bigint]> }

/**
 * Extends (or starts) a cached range so it covers [from, to], reading only the missing blocks
 * before and after it. A range whose last block changed hash is thrown away and read again.
 *
 * The checks and reads are issued together, not one after the other: the cached tip's hash, the missing
 * blocks on either side and the new tip's hash go out at once (one round trip when the transport batches
 * JSON-RPC requests), instead of three round trips in a row. If the cached tip turns out to be gone (a reorg,
 * a restarted chain), what was read beside it is dropped and the whole range is read again. `fetched` lists
 * the ranges whose logs were kept.
 */
export async function syncRange(cached: CachedRange | undefined, from: bigint, to: bigint, source: LogSource): Promise<SyncResult> {
  if (to < from) throw new RangeError(`empty block range ${from}…${to}`)
  if (cached) {
    const headRange: [bigint, bigint] | undefined = from < cached.from ? [from, cached.from - 1n] : undefined
    const tailRange: [bigint, bigint] | undefined = to > cached.to ? [cached.to + 1n, to] : undefined
    const [cachedHash, head, tail, endHash] = await Promise.allSettled([
      source.blockHash(cached.to),
      headRange ? source.fetchLogs(...headRange) : Promise.resolve([]),
      tailRange ? source.fetchLogs(...tailRange) : Promise.resolve([]),
      tailRange ? requireHash(source, to) : Promise.resolve(cached.toHash),
    ])
    // Only a hash that came back different is a reorg; a failed read is a failure (retried with the cache kept).
    if (cachedHash.status === 'rejected') throw cachedHash.reason
    const stillThere = cachedHash.value === cached.toHash
    if (stillThere) {
      // The cached range holds: whatever failed beside it is a real failure.
      for (const result of [head, tail, endHash]) if (result.status === 'rejected') throw result.reason
      const value = <T,>(result: PromiseSettledResult<T>) => (result as PromiseFulfilledResult<T>).value
      const fetched: Array<[bigint, bigint]> = []
      if (headRange) fetched.push(headRange)
      if (tailRange) fetched.push(tailRange)
      return {
        range: {
          from: headRange ? from : cached.from,
          to: tailRange ? to : cached.to,
          toHash: value(endHash),
          logs: [...value(head), ...cached.logs, ...value(tail)],
        },
        fetched,
      }
    }
  }
  const [logs, toHash] = await Promise.all([source.fetchLogs(from, to), requireHash(source, to)])
  return { range: { from, to, toHash, logs }, fetched: [[from, to]] }
}

async function requireHash(source: LogSource, block: bigint): Promise<Hex> {
  const hash = await source.blockHash(block)
  if (!hash) throw new Error(`block ${block} is not on the chain`)
  return hash
}

/** The cached logs inside [from, to]. */
export function logsBetween(range: CachedRange, from: bigint, to: bigint): StoredLog[] {
  return range.logs.filter((log) => {
    const block = BigInt(log.block)
    return block >= from && block <= to
  })
}

/**
 * Keeps at most about `maxLogs` of the newest logs, cutting at a block boundary so the range stays
 * exact: the range then starts at the first kept block, and older history is read again if asked for.
 */
export function trimRange(range: CachedRange, maxLogs: number): CachedRange {
  if (range.logs.length <= maxLogs) return range
  const cutBlock = BigInt(range.logs[range.logs.length - maxLogs].block)
  return { ...range, from: cutBlock, logs: range.logs.filter((log) => BigInt(log.block) >= cutBlock) }
}

/**
 * Reads [from, to] in chunks of at most `chunkSize` blocks; when the provider refuses a chunk (too
 * many results, range limit) the chunk is halved and retried, down to a single block.
 */
export async function fetchInChunks<log>(
  from: bigint,
  to: bigint,
  chunkSize: bigint,
  read: (from: bigint, to: bigint) => Promise<log[]>,
): Promise<log[]> {
  const out: log[] = []
  let size = chunkSize > 0n ? chunkSize : 1n
  let cursor = from
  while (cursor <= to) {
    const end = cursor + size - 1n < to ? cursor + size - 1n : to
    try {
      out.push(...(await read(cursor, end)))
      cursor = end + 1n
    } catch (error) {
      if (size === 1n) throw error
      size = size / 2n
    }
  }
  return out
}

// ---------------------------------------------------------------------------------------------
// Storage: memory, with localStorage behind it when there is one

export interface RangeStore {
  load(key: string): CachedRange | undefined
  save(key: string, range: CachedRange): void
}

type SerializedRange = { from: string; to: string; toHash: Hex; logs: StoredLog[] }

export function serializeRange(range: CachedRange): string {
  const value: SerializedRange = { from: range.from.toString(), to: range.to.toString(), toHash: range.toHash, logs: range.logs }
  return JSON.stringify(value)
}

export function deserializeRange(text: string): CachedRange | undefined {
  try {
    const value = JSON.parse(text) as Partial<SerializedRange>
    if (typeof value.from !== 'string' || typeof value.to !== 'string' || typeof value.toHash !== 'string' || !Array.isArray(value.logs)) {
      return undefined
    }
    return { from: BigInt(value.from), to: BigInt(value.to), toHash: value.toHash, logs: value.logs }
  } catch {
    return undefined
  }
}

/** What localStorage offers (so tests can pass a fake). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>

export const STORAGE_PREFIX = 'livestock:events:v1:'
/** Logs kept per query in localStorage; memory keeps everything for the session. */
export const MAX_STORED_LOGS = 1_500

export function createRangeStore(storage: KeyValueStorage | undefined, maxStoredLogs = MAX_STORED_LOGS): RangeStore {
  const memory = new Map<string, CachedRange>()
  return {
    load(key) {
      const inMemory = memory.get(key)
      if (inMemory) return inMemory
      const text = safely(() => storage?.getItem(STORAGE_PREFIX + key))
      const stored = text ? deserializeRange(text) : undefined
      if (stored) memory.set(key, stored)
      return stored
    },
    save(key, range) {
      memory.set(key, range)
      if (!storage) return
      const text = serializeRange(trimRange(range, maxStoredLogs))
      if (safely(() => (storage.setItem(STORAGE_PREFIX + key, text), true))) return
      // Quota exceeded: drop every stored range (memory still has them) and try once more.
      clearStoredRanges(storage)
      safely(() => storage.setItem(STORAGE_PREFIX + key, text))
    },
  }
}

export function clearStoredRanges(storage: KeyValueStorage): void {
  const keys: string[] = []
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i)
    if (key?.startsWith(STORAGE_PREFIX)) keys.push(key)
  }
  for (const key of keys) safely(() => storage.removeItem(key))
}

function safely<value>(run: () => value): value | undefined {
  try {
    return run()
  } catch {
    return undefined
  }
}

/** Cache key of a query: chain, addresses, event signature, indexed filter. Not the block range. */
export function queryKey(query: EventQuery): string {
  const addresses = (Array.isArray(query.address) ? [...query.address] : [query.address as Address]).map((a) => a.toLowerCase()).sort()
  const args = query.args ? JSON.stringify(Object.entries(query.args).sort(([a], [b]) => a.localeCompare(b)), (_k, v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v)) : ''
  return `${query.chainId}:${addresses.join(',')}:${toEventSelector(query.event)}:${args}`
}

// ---------------------------------------------------------------------------------------------
// The JSON-RPC implementation

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
        try {
          return (await getBlock(client, { blockNumber: number })).hash ?? undefined
        } catch {
          return undefined
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

export function decodeAll<event extends AbiEvent>(event: event, logs: readonly StoredLog[]): IndexedEvent<event>[] {
  const out: IndexedEvent<event>[] = []
  for (const log of logs) {
    try {
      const decoded = decodeEventLog({ abi: [event] as AbiEvent[], data: log.data, topics: log.topics as [Hex, ...Hex[]] })
      out.push({
        address: log.address,
        blockNumber: BigInt(log.block),
        logIndex: log.logIndex,
        transactionHash: log.tx,
        timestamp: log.timestamp,
        args: decoded.args as IndexedEvent<event>['args'],
      })
    } catch {
      // A log that does not decode (another event with the same selector) is not ours.
    }
  }
  return out.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1))
}

// ---------------------------------------------------------------------------------------------
// One indexer per client

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

// ---------------------------------------------------------------------------------------------
// Sampling state at past blocks (share-price history)

/**
 * Up to `count` block numbers on a fixed grid between `from` and `to`, plus `to` itself. The grid is
 * aligned to multiples of its step, so successive calls reuse the same past blocks (and their
 * cached reads) while the chain grows.
 */
export function sampleBlocks(from: bigint, to: bigint, count: number): bigint[] {
  if (to < from || count < 2) return to >= from ? [to] : []
  const span = to - from
  let step = 1n
  while (span / step > BigInt(count - 1)) step *= 2n
  const blocks: bigint[] = []
  let block = ((from + step - 1n) / step) * step
  for (; block < to; block += step) blocks.push(block)
  blocks.push(to)
  return blocks
}
