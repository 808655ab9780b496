import { describe, expect, it } from 'vitest'

import { historyOrigin, LOCAL_INDEXER_URL } from './origin'

describe('history source selection', () => {
  it('reads the local chain from the local indexer by default', () => {
    expect(historyOrigin(31337, undefined)).toEqual({ kind: 'indexer', url: LOCAL_INDEXER_URL })
    expect(historyOrigin(31337, '')).toEqual({ kind: 'indexer', url: LOCAL_INDEXER_URL })
  })

  it('falls back to getLogs on a chain without a configured indexer', () => {
    expect(historyOrigin(8453, undefined)).toEqual({ kind: 'rpc' })
    expect(historyOrigin(undefined, undefined)).toEqual({ kind: 'rpc' })
  })

  it('uses the configured indexer URL (without a trailing slash) on any chain', () => {
    expect(historyOrigin(8453, 'https://indexer.example.org/')).toEqual({ kind: 'indexer', url: 'https://indexer.example.org' })
    expect(historyOrigin(31337, ' http://127.0.0.1:42070 ')).toEqual({ kind: 'indexer', url: 'http://127.0.0.1:42070' })
  })

  it('takes "none" as a deployment without an indexer, even locally', () => {
    expect(historyOrigin(31337, 'none')).toEqual({ kind: 'rpc' })
  })
})
