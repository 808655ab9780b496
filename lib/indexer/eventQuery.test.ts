import { encodeAbiParameters, encodeEventTopics, type Hex, parseAbiItem } from 'viem'
import { describe, expect, it } from 'vitest'

import { decodeAll, queryKey } from './eventQuery'
import { ADDRESS, log } from './fakeChain'
import type { StoredLog } from './rangeSync'

describe('queries and decoding', () => {
  const event = parseAbiItem('event FeesDistributed(address indexed token, uint256 toMain, uint256 toInsurance, uint256 toTreasury)')

  it('keys a query by chain, addresses (any order or case), event and filter', () => {
    const a = queryKey({ chainId: 1, address: [ADDRESS, '0x0000000000000000000000000000000000000001'], event, fromBlock: 0n })
    const b = queryKey({ chainId: 1, address: ['0x0000000000000000000000000000000000000001', ADDRESS.toLowerCase() as Hex], event, fromBlock: 99n })
    expect(a).toBe(b)
    expect(queryKey({ chainId: 2, address: ADDRESS, event, fromBlock: 0n })).not.toBe(queryKey({ chainId: 1, address: ADDRESS, event, fromBlock: 0n }))
    expect(queryKey({ chainId: 1, address: ADDRESS, event, args: { token: ADDRESS }, fromBlock: 0n })).not.toBe(
      queryKey({ chainId: 1, address: ADDRESS, event, fromBlock: 0n }),
    )
  })

  it('keys a filter on indexed uints (bigints, as /premiums asks for FundingAccrued of its markets)', () => {
    const accrued = parseAbiItem('event FundingAccrued(uint256 indexed marketId, uint256 cumFunding, uint256 spot)')
    const key = (marketId: bigint[]) => queryKey({ chainId: 1, address: ADDRESS, event: accrued, args: { marketId }, fromBlock: 0n })
    expect(key([1n, 2n])).toBe(key([1n, 2n]))
    expect(key([1n, 2n])).not.toBe(key([1n, 3n]))
  })

  it('decodes stored logs into typed args, oldest first, skipping logs of other events', () => {
    const topics = encodeEventTopics({ abi: [event], eventName: 'FeesDistributed', args: { token: ADDRESS } }) as Hex[]
    const data = encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }], [7n, 2n, 1n])
    const logs: StoredLog[] = [
      { ...log(20n), topics, data },
      { ...log(10n), topics, data },
      { ...log(15n), topics: ['0xdeadbeef00000000000000000000000000000000000000000000000000000000'], data },
    ]
    const decoded = decodeAll(event, logs)
    expect(decoded.map((e) => e.blockNumber)).toEqual([10n, 20n])
    expect(decoded[0].args).toEqual({ token: ADDRESS, toMain: 7n, toInsurance: 2n, toTreasury: 1n })
    expect(decoded[0].timestamp).toBe(20)
  })
})
