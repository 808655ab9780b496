import { describe, expect, it } from 'vitest'

import { chartEmptyText, historyState, historyUnavailableMessage } from './availability'

const indexer = { kind: 'indexer', url: 'http://127.0.0.1:42069' } as const

describe('history unavailable', () => {
  it('says the indexer is not answering when nothing answered (browser and node wording)', () => {
    const expected = 'History unavailable: the indexer at http://127.0.0.1:42069 is not answering. Trading is not affected.'
    expect(historyUnavailableMessage(indexer, new TypeError('Failed to fetch'))).toBe(expected)
    expect(historyUnavailableMessage(indexer, new Error('fetch failed'))).toBe(expected)
    expect(historyUnavailableMessage(indexer, new DOMException('The operation timed out.', 'TimeoutError'))).toBe(expected)
  })

  it('quotes the first line of an error the indexer answered with', () => {
    expect(historyUnavailableMessage(indexer, new Error('relation "reports" does not exist\n    at query'))).toBe(
      'History unavailable: the indexer at http://127.0.0.1:42069 answered with an error (relation "reports" does not exist). Trading is not affected.',
    )
  })

  it('names the RPC when history comes from getLogs', () => {
    expect(historyUnavailableMessage({ kind: 'rpc' }, new TypeError('Failed to fetch'))).toBe("History unavailable: the chain's RPC is not answering. Trading is not affected.")
    expect(historyUnavailableMessage({ kind: 'rpc' }, Object.assign(new Error('long'), { shortMessage: 'query returned more than 10000 results' }))).toBe(
      "History unavailable: the chain's RPC refused the event query (query returned more than 10000 results). Trading is not affected.",
    )
  })

  it('turns a failed query into an unavailable state and keeps the last data', () => {
    const state = historyState(indexer, { data: [1, 2], error: new TypeError('Failed to fetch'), isLoading: false })
    expect(state.data).toEqual([1, 2])
    expect(state.unavailable).toMatch(/^History unavailable: the indexer at http:\/\/127\.0\.0\.1:42069 is not answering/)
    expect(historyState(indexer, { data: [1], error: null, isLoading: false }).unavailable).toBeUndefined()
  })

  it('gives an empty chart the reason it is empty', () => {
    expect(chartEmptyText({ isLoading: false, unavailable: 'History unavailable: …' }, 'Nothing yet')).toBe('History unavailable')
    expect(chartEmptyText({ isLoading: true, unavailable: undefined }, 'Nothing yet')).toBe('Reading history…')
    expect(chartEmptyText({ isLoading: false, unavailable: undefined }, 'Nothing yet')).toBe('Nothing yet')
  })
})
