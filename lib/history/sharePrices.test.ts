import { describe, expect, it } from 'vitest'

import { sharePriceSeries } from './sharePrices'

describe('share-price series', () => {
  it('gives each vault its own sorted series, keyed as asked, whatever the case of the rows', () => {
    const main = '0x59b670e9fA9D0A427751Af201D676719a970857b'
    const insurance = '0x4ed7c70F96B99c776995fB64377f0d4aB3B0e1C1'
    const series = sharePriceSeries(
      [
        { vault: main.toLowerCase() as `0x${string}`, timestamp: 20, assetsPerShare: 1_020_000n * 10n ** 12n },
        { vault: main.toLowerCase() as `0x${string}`, timestamp: 10, assetsPerShare: 10n ** 18n },
      ],
      [main, insurance],
    )
    expect(series.get(main)).toEqual([
      { time: 10, value: 1 },
      { time: 20, value: 1.02 },
    ])
    expect(series.get(insurance)).toEqual([])
  })
})
