import { describe, expect, it } from 'vitest'

import { hashOf, log } from './fakeChain'
import { clearStoredRanges, createRangeStore, deserializeRange, type KeyValueStorage, serializeRange, STORAGE_PREFIX } from './rangeStore'
import { type CachedRange, trimRange } from './rangeSync'

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
