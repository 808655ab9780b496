import { describe, expect, it } from 'vitest'

import { fakeChain, hashOf } from './fakeChain'
import { fetchInChunks, type LogSource, logsBetween, syncRange } from './rangeSync'

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
