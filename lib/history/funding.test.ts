import { describe, expect, it } from 'vitest'

import { accountFundingTotal, fundingRatesByMarket, fundingRateSeries } from './funding'
import type { FundingPayment } from './records'
import { WAD } from '../fixedPoint'


describe('funding', () => {
  it('derives the per-day rate from consecutive cumulative funding values', () => {
    const series = fundingRateSeries([
      { timestamp: 100, cumFunding: 0n },
      { timestamp: 160, cumFunding: 60n * WAD },
      { timestamp: 100 + 86_400, cumFunding: 86_400n * WAD },
    ])
    expect(series.map((p) => p.time)).toEqual([160, 86_500])
    expect(series[0].value).toBeCloseTo(86_400, 6)
    expect(series[1].value).toBeCloseTo(86_400, 6)
  })

  it('groups accruals by market, each with its own rate', () => {
    const at = { txHash: '0x01' as const }
    const series = fundingRatesByMarket([
      { marketId: 1n, timestamp: 0, cumFunding: 0n, ...at },
      { marketId: 2n, timestamp: 0, cumFunding: 0n, ...at },
      { marketId: 1n, timestamp: 86_400, cumFunding: 5n * WAD, ...at },
      { marketId: 2n, timestamp: 86_400, cumFunding: 9n * WAD, ...at },
    ])
    expect([...series.keys()]).toEqual([1n, 2n])
    expect(series.get(1n)).toEqual([{ time: 86_400, value: 5 }])
    expect(series.get(2n)).toEqual([{ time: 86_400, value: 9 }])
  })

  it('needs two accruals for a rate', () => {
    expect(fundingRateSeries([{ timestamp: 1, cumFunding: WAD }])).toEqual([])
  })

  it("sums one account's settled funding: its trader and token only, addresses in any case", () => {
    const alice = '0x00000000000000000000000000000000000000aa'
    const tsla = '0x00000000000000000000000000000000000000bb'
    const rows: Pick<FundingPayment, 'trader' | 'token' | 'fundingUsd'>[] = [
      { trader: '0x00000000000000000000000000000000000000AA', token: tsla, fundingUsd: 2n * WAD },
      { trader: alice, token: '0x00000000000000000000000000000000000000BB', fundingUsd: 3n },
      { trader: alice, token: '0x00000000000000000000000000000000000000cc', fundingUsd: 7n * WAD },
      { trader: '0x00000000000000000000000000000000000000dd', token: tsla, fundingUsd: 11n * WAD },
    ]
    expect(accountFundingTotal(rows, alice, tsla)).toBe(2n * WAD + 3n)
    expect(accountFundingTotal([], alice, tsla)).toBe(0n)
  })
})
