import { keccak256, stringToBytes } from 'viem'
import { describe, expect, it } from 'vitest'

import { feedId, localFeeds, schemaOf } from './feeds'

describe('feed ids', () => {
  it('put the schema version in the first 2 bytes and the name hash in the other 30', () => {
    const id = feedId(3, 'BTC/USD')
    expect(id).toMatch(/^0x0003[0-9a-f]{60}$/)
    expect(id.slice(6)).toBe(keccak256(stringToBytes('BTC/USD')).slice(6))
    expect(schemaOf(id)).toBe(3)
    expect(schemaOf(feedId(8, 'TSLA'))).toBe(8)
  })

  it('are distinct per name and schema, and stable', () => {
    expect(feedId(3, 'BTC/USD')).not.toBe(feedId(3, 'BTC/USD-IV'))
    expect(feedId(3, 'TSLA')).not.toBe(feedId(8, 'TSLA'))
    expect(feedId(8, 'TSLA')).toBe(feedId(8, 'TSLA'))
  })

  it('list the local feeds: four crypto v3 feeds and one v8 feed per stock', () => {
    const feeds = localFeeds(['TSLA', 'NVDA'])
    expect(feeds.map((f) => `${f.name}:${f.schema}`)).toEqual([
      'BTC/USD:3', 'ETH/USD:3', 'BTC/USD-IV:3', 'ETH/USD-IV:3', 'TSLA:8', 'NVDA:8',
    ])
    expect(new Set(feeds.map((f) => f.id)).size).toBe(6)
  })

  it('reject malformed input', () => {
    expect(() => schemaOf('0x1234')).toThrow()
    expect(() => feedId(0x10000, 'X')).toThrow()
  })
})
