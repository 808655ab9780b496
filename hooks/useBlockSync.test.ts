import { describe, expect, it } from 'vitest'

import { isLiveQuery } from './useBlockSync'

describe('isLiveQuery', () => {
  it('refreshes chain reads and the app’s composite reads on every block', () => {
    expect(isLiveQuery({ queryKey: ['readContracts', { chainId: 31337 }] })).toBe(true)
    expect(isLiveQuery({ queryKey: ['readContract', {}] })).toBe(true)
    expect(isLiveQuery({ queryKey: ['balance', {}] })).toBe(true)
    expect(isLiveQuery({ queryKey: ['livestock', 'tradePreview'] })).toBe(true)
  })

  it('leaves history (its own clock) and the block number itself alone', () => {
    expect(isLiveQuery({ queryKey: ['history', 31337, 'peg'] })).toBe(false)
    expect(isLiveQuery({ queryKey: ['blockNumber', {}] })).toBe(false)
    expect(isLiveQuery({ queryKey: [42] })).toBe(false)
  })
})
