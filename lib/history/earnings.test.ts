import { describe, expect, it } from 'vitest'

import { cumulativeEarnings, earningsByToken, premiumApr, SEVEN_DAYS, sumSince } from './earnings'
import { WAD } from '../fixedPoint'


describe('vault earnings', () => {
  const splits = [
    { timestamp: 20, toMain: 7n * WAD, toInsurance: 2n * WAD },
    { timestamp: 10, toMain: 70n * WAD, toInsurance: 20n * WAD },
  ]

  it('accumulates what each vault received over time', () => {
    expect(cumulativeEarnings(splits)).toEqual({
      main: [
        { time: 10, value: 70 },
        { time: 20, value: 77 },
      ],
      insurance: [
        { time: 10, value: 20 },
        { time: 20, value: 22 },
      ],
    })
  })

  it('splits earnings by token, whatever the case of the address', () => {
    const tsla = '0x0DCd1Bf9A1b36cE34237eEaFef220932846BCD82'
    const rows = [
      { token: tsla.toLowerCase() as `0x${string}`, timestamp: 10, toMain: 7n * WAD, toInsurance: 2n * WAD, txHash: '0x01' as const },
      { token: '0x4c5859f0F772848b2D91F1D83E2Fe57935348029' as const, timestamp: 11, toMain: WAD, toInsurance: WAD, txHash: '0x02' as const },
    ]
    const byToken = earningsByToken(rows, [
      { symbol: 'TSLA.M', token: tsla },
      { symbol: 'AAPLx', token: '0xfbC22278A96299D91d41C453234d97b4F5Eb9B2d' },
    ])
    expect(byToken.get('TSLA.M')?.main).toEqual([{ time: 10, value: 7 }])
    expect(byToken.get('AAPLx')).toEqual({ splits: [], main: [], insurance: [] })
  })

  it('sums a window', () => {
    expect(sumSince(splits, 15, (s) => s.toMain)).toBe(7n * WAD)
    expect(sumSince(splits, 0, (s) => s.toInsurance)).toBe(22n * WAD)
  })

  it('annualises premiums over the window', () => {
    // 1% in 7 days → 365/7 %.
    expect(premiumApr(WAD, 100n * WAD, SEVEN_DAYS)).toBeCloseTo(0.01 * (365 / 7), 10)
    expect(premiumApr(WAD, 0n, SEVEN_DAYS)).toBeUndefined()
    expect(premiumApr(WAD, WAD, 0)).toBeUndefined()
  })
})
