import { describe, expect, it } from 'vitest'

import { withGasBuffer } from './useContractWrite'

describe('withGasBuffer', () => {
  it('adds 25% to the estimate, rounded up', () => {
    expect(withGasBuffer(100_000n)).toBe(125_000n)
    expect(withGasBuffer(326_934n)).toBe(408_668n)
    expect(withGasBuffer(1n)).toBe(2n)
  })
})
