import { describe, expect, it } from 'vitest'

import { downsample, toSeries } from './series'

describe('series helpers', () => {
  it('sorts, keeps one point per second (the last) and drops non-finite values', () => {
    expect(
      toSeries([
        { time: 3, value: 1 },
        { time: 1, value: 2 },
        { time: 3, value: 5 },
        { time: 2, value: Number.NaN },
      ]),
    ).toEqual([
      { time: 1, value: 2 },
      { time: 3, value: 5 },
    ])
  })

  it('downsamples evenly and keeps the newest point', () => {
    const points = Array.from({ length: 101 }, (_, i) => ({ time: i, value: i }))
    const out = downsample(points, 11)
    expect(out).toHaveLength(11)
    expect(out[0].time).toBe(0)
    expect(out.at(-1)?.time).toBe(100)
    expect(downsample(points.slice(0, 5), 11)).toHaveLength(5)
  })
})
