import type { Hex } from 'viem'

import { type CachedRange, type StoredLog, trimRange } from './rangeSync'

/** Storage of cached log ranges: memory, with localStorage behind it when there is one. */

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

