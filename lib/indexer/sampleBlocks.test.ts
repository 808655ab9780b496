import { describe, expect, it } from 'vitest'

import { sampleBlocks } from './sampleBlocks'

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
