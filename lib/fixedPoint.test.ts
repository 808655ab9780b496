import { describe, expect, it } from 'vitest'
import { divWad, divWadUp, mulWad, mulWadUp, WAD } from './fixedPoint'

describe('fixed point (FixedPointMathLib rounding)', () => {
  it('rounds a product down or up by at most one wei', () => {
    expect(mulWad(3n, WAD / 2n)).toBe(1n)
    expect(mulWadUp(3n, WAD / 2n)).toBe(2n)
    expect(mulWadUp(4n, WAD / 2n)).toBe(2n)
    expect(mulWad(0n, 5n)).toBe(0n)
    expect(mulWadUp(0n, 5n)).toBe(0n)
  })

  it('rounds a quotient down or up, and gives 0 for a zero divisor', () => {
    expect(divWad(1n, 3n * WAD)).toBe(0n)
    expect(divWadUp(1n, 3n * WAD)).toBe(1n)
    expect(divWadUp(3n, 3n * WAD)).toBe(1n)
    expect(divWad(2n * WAD, 4n * WAD)).toBe(WAD / 2n)
    expect(divWad(1n, 0n)).toBe(0n)
    expect(divWadUp(1n, 0n)).toBe(0n)
  })

  it('mulWadUp − mulWad and divWadUp − divWad are 0 or 1 over many operands', () => {
    for (let i = 1n; i < 200n; i++) {
      const a = i * 7_919n * 10n ** 15n + i
      const b = i * 104_729n * 10n ** 13n + 3n
      expect(mulWadUp(a, b) - mulWad(a, b)).toBeLessThanOrEqual(1n)
      expect(mulWadUp(a, b) - mulWad(a, b)).toBeGreaterThanOrEqual(0n)
      expect(divWadUp(a, b) - divWad(a, b)).toBeLessThanOrEqual(1n)
      expect(divWadUp(a, b) - divWad(a, b)).toBeGreaterThanOrEqual(0n)
    }
  })
})
