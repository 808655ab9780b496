import type { Address, Hex } from 'viem'

/** Cached log ranges: pure bookkeeping of which blocks were read, tested without a chain. */

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
