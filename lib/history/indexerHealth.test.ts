import { describe, expect, it } from 'vitest'

import { indexerHealthFromReady, indexerHealthMessage } from './indexerHealth'

const URL = 'http://127.0.0.1:42069'

describe('indexer health (Ponder GET /ready)', () => {
  it('is ready on 200, catching up on 503, down on anything else or no answer', () => {
    expect(indexerHealthFromReady({ status: 200 })).toEqual({ status: 'ready' })
    expect(indexerHealthFromReady({ status: 503 })).toEqual({ status: 'syncing' })
    expect(indexerHealthFromReady({ status: 500 })).toEqual({ status: 'down', detail: 'HTTP 500' })
    expect(indexerHealthFromReady({ error: new TypeError('Failed to fetch') })).toEqual({ status: 'down', detail: 'Failed to fetch' })
  })

  it('says nothing while ready, and what is affected otherwise', () => {
    expect(indexerHealthMessage({ status: 'ready' }, URL)).toBeUndefined()
    expect(indexerHealthMessage({ status: 'syncing' }, URL)).toBe(
      `The indexer at ${URL} is still catching up with the chain: charts and past activity may lag. Trading is not affected.`,
    )
    expect(indexerHealthMessage({ status: 'down', detail: 'x' }, URL)).toBe(
      `History unavailable: the indexer at ${URL} is not answering. Charts and past activity are paused; trading is not affected.`,
    )
  })
})
