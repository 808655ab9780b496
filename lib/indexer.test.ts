import { describe, expect, it } from 'vitest'
import { encodeEventTopics, encodeAbiParameters, type Hex, parseAbiItem } from 'viem'

import {
  type CachedRange,
  clearStoredRanges,
  createRangeStore,
  decodeAll,
  deserializeRange,
  fetchInChunks,
  type KeyValueStorage,
  type LogSource,
  logsBetween,
  queryKey,
  sampleBlocks,
  serializeRange,
  STORAGE_PREFIX,
  type StoredLog,
  syncRange,
  trimRange,
} from './indexer'

const ADDRESS = '0x59b670e9fA9D0A427751Af201D676719a970857b'
const hashOf = (block: bigint, fork = 'a') => `0x${fork}${block.toString(16).padStart(63, '0')}` as Hex

function log(block: bigint, logIndex = 0): StoredLog {
  return { address: ADDRESS, topics: ['0x01'], data: '0x', block: block.toString(), logIndex, tx: '0x02', timestamp: Number(block) * 2 }
}

/** A fake chain with one log in every block divisible by 10; counts what is read. */
function fakeChain(head: bigint, fork = 'a') {
  const reads: Array<[bigint, bigint]> = []
  const source: LogSource = {
    async fetchLogs(from, to) {
      reads.push([from, to])
      const logs: StoredLog[] = []
      for (let b = from; b <= to; b++) if (b % 10n === 0n) logs.push(log(b))
      return logs
    },
    async blockHash(number) {
      return number <= head ? hashOf(number, fork) : undefined
    },
  }
  return { source, reads }
}

describe('syncRange', () => {
  it('reads the whole range the first time', async () => {
    const chain = fakeChain(100n)
    const { range, fetched } = await syncRange(undefined, 0n, 100n, chain.source)
    expect(fetched).toEqual([[0n, 100n]])
    expect(range.logs).toHaveLength(11)
    expect(range).toMatchObject({ from: 0n, to: 100n, toHash: hashOf(100n) })
  })

  it('asks for the cached tip, the new blocks and the new tip at once (one round trip, not three)', async () => {
    const chain = fakeChain(150n)
    const { range } = await syncRange(undefined, 0n, 100n, chain.source)
    const asked: string[] = []
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const slow: LogSource = {
      async fetchLogs(from, to) {
        asked.push(`logs ${from}-${to}`)
        await gate
        return chain.source.fetchLogs(from, to)
      },
      async blockHash(number) {
        asked.push(`hash ${number}`)
        await gate
        return chain.source.blockHash(number)
      },
    }
    const pending = syncRange(range, 0n, 150n, slow)
    await Promise.resolve()
    expect(asked.sort()).toEqual(['hash 100', 'hash 150', 'logs 101-150'])
    release()
    const { range: synced, fetched } = await pending
    expect(fetched).toEqual([[101n, 150n]])
    expect(synced).toMatchObject({ from: 0n, to: 150n, toHash: hashOf(150n) })
    expect(synced.logs).toHaveLength(16)
  })

  it('then reads only the new blocks at the tail', async () => {
    const chain = fakeChain(150n)
    const first = await syncRange(undefined, 0n, 100n, chain.source)
    const second = await syncRange(first.range, 0n, 150n, chain.source)
    expect(second.fetched).toEqual([[101n, 150n]])
    expect(second.range.logs.map((l) => l.block)).toEqual(['0', '10', '20', '30', '40', '50', '60', '70', '80', '90', '100', '110', '120', '130', '140', '150'])
    expect(second.range.toHash).toBe(hashOf(150n))
  })

  it('reads nothing when the cache already covers the request', async () => {
    const chain = fakeChain(150n)
    const { range } = await syncRange(undefined, 0n, 150n, chain.source)
    const again = await syncRange(range, 20n, 120n, chain.source)
    expect(again.fetched).toEqual([])
    expect(logsBetween(again.range, 20n, 120n).map((l) => l.block)).toEqual(['20', '30', '40', '50', '60', '70', '80', '90', '100', '110', '120'])
  })

  it('reads the missing head when older history is asked for (after a trim)', async () => {
    const chain = fakeChain(200n)
    const { range } = await syncRange(undefined, 100n, 200n, chain.source)
    const older = await syncRange(range, 50n, 200n, chain.source)
    expect(older.fetched).toEqual([[50n, 99n]])
    expect(older.range.from).toBe(50n)
    expect(older.range.logs[0].block).toBe('50')
  })

  it('throws the cache away when the chain no longer has the block it ended at (anvil restarted)', async () => {
    const before = await syncRange(undefined, 0n, 100n, fakeChain(100n).source)
    const restarted = fakeChain(60n, 'b')
    const after = await syncRange(before.range, 0n, 60n, restarted.source)
    expect(after.fetched).toEqual([[0n, 60n]])
    expect(after.range.toHash).toBe(hashOf(60n, 'b'))
  })

  it('throws the cache away on a reorg at its last block', async () => {
    const before = await syncRange(undefined, 0n, 100n, fakeChain(100n).source)
    const reorged = fakeChain(120n, 'c')
    const after = await syncRange(before.range, 0n, 120n, reorged.source)
    expect(after.fetched).toEqual([[0n, 120n]])
  })

  it('fails on a failed read of the cached tip instead of taking it for a reorg (the cache is kept for the retry)', async () => {
    const chain = fakeChain(150n)
    const { range } = await syncRange(undefined, 0n, 100n, chain.source)
    const refetched: Array<[bigint, bigint]> = []
    const flaky: LogSource = {
      async fetchLogs(from, to) {
        refetched.push([from, to])
        return chain.source.fetchLogs(from, to)
      },
      async blockHash(number) {
        if (number === 100n) throw new Error('HTTP request failed')
        return chain.source.blockHash(number)
      },
    }
    await expect(syncRange(range, 0n, 150n, flaky)).rejects.toThrow('HTTP request failed')
    expect(refetched).toEqual([[101n, 150n]]) // only the new blocks were asked for, never the whole history
  })

  it('refuses an empty range', async () => {
    await expect(syncRange(undefined, 10n, 9n, fakeChain(10n).source)).rejects.toThrow(RangeError)
  })
})

describe('fetchInChunks', () => {
  it('splits a range into chunks', async () => {
    const calls: Array<[bigint, bigint]> = []
    await fetchInChunks(0n, 25n, 10n, async (from, to) => (calls.push([from, to]), []))
    expect(calls).toEqual([[0n, 9n], [10n, 19n], [20n, 25n]])
  })

  it('halves a chunk the provider refuses and carries on', async () => {
    const calls: Array<[bigint, bigint]> = []
    const out = await fetchInChunks(0n, 19n, 20n, async (from, to) => {
      calls.push([from, to])
      if (to - from + 1n > 5n) throw new Error('query returned more than 10000 results')
      return [from]
    })
    expect(out).toEqual([0n, 5n, 10n, 15n])
    expect(calls.slice(0, 3)).toEqual([[0n, 19n], [0n, 9n], [0n, 4n]])
  })

  it('gives up when even one block fails', async () => {
    await expect(fetchInChunks(0n, 3n, 2n, async () => Promise.reject(new Error('down')))).rejects.toThrow('down')
  })
})

describe('storage', () => {
  function fakeStorage(limit = Number.POSITIVE_INFINITY): KeyValueStorage & { data: Map<string, string> } {
    const data = new Map<string, string>()
    return {
      data,
      get length() {
        return data.size
      },
      key: (i: number) => [...data.keys()][i] ?? null,
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => {
        const used = [...data.entries()].filter(([key]) => key !== k).reduce((n, [, value]) => n + value.length, 0)
        if (used + v.length > limit) throw new DOMException('quota', 'QuotaExceededError')
        data.set(k, v)
      },
      removeItem: (k: string) => void data.delete(k),
    }
  }

  const range: CachedRange = { from: 5n, to: 42n, toHash: hashOf(42n), logs: [log(10n), log(20n, 3)] }

  it('round-trips a range through JSON (bigints as strings)', () => {
    expect(deserializeRange(serializeRange(range))).toEqual(range)
    expect(deserializeRange('not json')).toBeUndefined()
    expect(deserializeRange('{"from":1}')).toBeUndefined()
  })

  it('survives a page load: a new store reads what the last one saved', () => {
    const storage = fakeStorage()
    createRangeStore(storage).save('k', range)
    expect(storage.data.has(`${STORAGE_PREFIX}k`)).toBe(true)
    expect(createRangeStore(storage).load('k')).toEqual(range)
    expect(createRangeStore(storage).load('other')).toBeUndefined()
  })

  it('stores only the newest logs, cut at a block boundary, while memory keeps them all', () => {
    const storage = fakeStorage()
    const big: CachedRange = { from: 0n, to: 100n, toHash: hashOf(100n), logs: [log(10n), log(20n), log(20n, 1), log(30n), log(40n)] }
    const store = createRangeStore(storage, 3)
    store.save('k', big)
    expect(store.load('k')).toBe(big)
    const persisted = createRangeStore(storage).load('k')
    expect(persisted?.from).toBe(20n)
    expect(persisted?.logs.map((l) => `${l.block}/${l.logIndex}`)).toEqual(['20/0', '20/1', '30/0', '40/0'])
  })

  it('clears its own keys and retries when the quota is exceeded, leaving other keys alone', () => {
    const storage = fakeStorage(serializeRange(range).length + 10)
    storage.data.set('theirs', 'x')
    const store = createRangeStore(storage)
    store.save('a', range)
    store.save('b', range)
    expect(storage.data.has(`${STORAGE_PREFIX}a`)).toBe(false)
    expect(storage.data.has(`${STORAGE_PREFIX}b`)).toBe(true)
    clearStoredRanges(storage)
    expect([...storage.data.keys()]).toEqual(['theirs'])
  })

  it('works without any storage (server render)', () => {
    const store = createRangeStore(undefined)
    store.save('k', range)
    expect(store.load('k')).toBe(range)
  })

  it('trims nothing under the limit', () => {
    expect(trimRange(range, 5)).toBe(range)
  })
})

describe('queries and decoding', () => {
  const event = parseAbiItem('event FeesDistributed(address indexed token, uint256 toMain, uint256 toInsurance, uint256 toTreasury)')

  it('keys a query by chain, addresses (any order or case), event and filter', () => {
    const a = queryKey({ chainId: 1, address: [ADDRESS, '0x0000000000000000000000000000000000000001'], event, fromBlock: 0n })
    const b = queryKey({ chainId: 1, address: ['0x0000000000000000000000000000000000000001', ADDRESS.toLowerCase() as Hex], event, fromBlock: 99n })
    expect(a).toBe(b)
    expect(queryKey({ chainId: 2, address: ADDRESS, event, fromBlock: 0n })).not.toBe(queryKey({ chainId: 1, address: ADDRESS, event, fromBlock: 0n }))
    expect(queryKey({ chainId: 1, address: ADDRESS, event, args: { token: ADDRESS }, fromBlock: 0n })).not.toBe(
      queryKey({ chainId: 1, address: ADDRESS, event, fromBlock: 0n }),
    )
  })

  it('decodes stored logs into typed args, oldest first, skipping logs of other events', () => {
    const topics = encodeEventTopics({ abi: [event], eventName: 'FeesDistributed', args: { token: ADDRESS } }) as Hex[]
    const data = encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }], [7n, 2n, 1n])
    const logs: StoredLog[] = [
      { ...log(20n), topics, data },
      { ...log(10n), topics, data },
      { ...log(15n), topics: ['0xdeadbeef00000000000000000000000000000000000000000000000000000000'], data },
    ]
    const decoded = decodeAll(event, logs)
    expect(decoded.map((e) => e.blockNumber)).toEqual([10n, 20n])
    expect(decoded[0].args).toEqual({ token: ADDRESS, toMain: 7n, toInsurance: 2n, toTreasury: 1n })
    expect(decoded[0].timestamp).toBe(20)
  })
})

describe('sampleBlocks', () => {
  it('samples a fixed, aligned grid plus the head, so past samples stay the same as the chain grows', () => {
    const first = sampleBlocks(0n, 1_000n, 10)
    expect(first.length).toBeLessThanOrEqual(11)
    expect(first.at(-1)).toBe(1_000n)
    const later = sampleBlocks(0n, 1_010n, 10)
    expect(later.slice(0, -1)).toEqual(first.slice(0, -1))
  })

  it('handles short and empty ranges', () => {
    expect(sampleBlocks(5n, 5n, 10)).toEqual([5n])
    expect(sampleBlocks(5n, 8n, 10)).toEqual([5n, 6n, 7n, 8n])
    expect(sampleBlocks(9n, 8n, 10)).toEqual([])
  })
})
