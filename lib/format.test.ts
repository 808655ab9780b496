import { parseUnits } from 'viem'
import { describe, expect, it } from 'vitest'

import {
  formatDuration,
  formatPercentWad,
  formatSignedUsdWad,
  formatUsdWad,
  formatUsdWhole,
  formatPercent,
  formatSignedUsd,
  formatToken,
  formatUsd,
  fromWad,
  shortAddress,
  shortHash,
} from './format'

describe('formatUsd', () => {
  it('shows full amounts with separators and 2 decimals', () => {
    expect(formatUsd(1234567.891)).toBe('$1,234,567.89')
    expect(formatUsd(0)).toBe('$0.00')
    expect(formatUsd(-12.5)).toBe('-$12.50')
  })

  it('compacts thousands, millions, billions and trillions', () => {
    expect(formatUsd(12_345, { compact: true })).toBe('$12.3K')
    expect(formatUsd(1_234_567, { compact: true })).toBe('$1.2M')
    expect(formatUsd(1_000_000, { compact: true })).toBe('$1M')
    expect(formatUsd(2_500_000_000, { compact: true })).toBe('$2.5B')
    expect(formatUsd(3e12, { compact: true })).toBe('$3T')
    expect(formatUsd(-45_600, { compact: true })).toBe('-$45.6K')
  })

  it('moves to the next unit instead of showing 1000K', () => {
    expect(formatUsd(999_960, { compact: true })).toBe('$1M')
  })

  it('keeps cents below $1,000 in compact mode', () => {
    expect(formatUsd(999.5, { compact: true })).toBe('$999.50')
  })

  it('never prints NaN or a negative zero', () => {
    expect(formatUsd(Number.NaN)).toBe('—')
    expect(formatUsd(Number.POSITIVE_INFINITY)).toBe('—')
    expect(formatUsd(-0.001)).toBe('$0.00')
  })
})

describe('formatSignedUsd', () => {
  it('signs and tones gains, losses and zero', () => {
    expect(formatSignedUsd(12.3)).toEqual({ text: '+$12.30', tone: 'pos' })
    expect(formatSignedUsd(-12.3)).toEqual({ text: '-$12.30', tone: 'neg' })
    expect(formatSignedUsd(0)).toEqual({ text: '$0.00', tone: 'zero' })
  })

  it('treats less than half a cent as zero', () => {
    expect(formatSignedUsd(-0.004)).toEqual({ text: '$0.00', tone: 'zero' })
  })

  it('can be compact', () => {
    expect(formatSignedUsd(-1_500, { compact: true })).toEqual({ text: '-$1.5K', tone: 'neg' })
  })

  it('is neutral for NaN', () => {
    expect(formatSignedUsd(Number.NaN)).toEqual({ text: '—', tone: 'zero' })
  })
})

describe('formatToken', () => {
  it('formats 18-decimal amounts with separators and trims zeros', () => {
    expect(formatToken(parseUnits('1234.5', 18), 18)).toBe('1,234.5')
    expect(formatToken(parseUnits('10', 18), 18)).toBe('10')
  })

  it('rounds toward zero so a balance is never overstated', () => {
    expect(formatToken(parseUnits('1.99999', 18), 18, 4)).toBe('1.9999')
    expect(formatToken(parseUnits('0.123456', 6), 6, 2)).toBe('0.12')
  })

  it('shows dust as "<0.0001" instead of 0', () => {
    expect(formatToken(1n, 18)).toBe('<0.0001')
    expect(formatToken(1n, 18, 2)).toBe('<0.01')
    expect(formatToken(0n, 18)).toBe('0')
  })

  it('handles 6-decimal USDC, zero decimals and negative values', () => {
    expect(formatToken(1_500_000n, 6)).toBe('1.5')
    expect(formatToken(42n, 0)).toBe('42')
    expect(formatToken(-parseUnits('2.25', 18), 18)).toBe('-2.25')
  })

  it('keeps huge amounts exact', () => {
    expect(formatToken(parseUnits('123456789012345678901', 18), 18)).toBe('123,456,789,012,345,678,901')
  })
})

describe('formatPercent', () => {
  it('formats a ratio as a percentage', () => {
    expect(formatPercent(0.0123)).toBe('1.23%')
    expect(formatPercent(-0.05, { digits: 1 })).toBe('-5.0%')
    expect(formatPercent(0.8, { digits: 0 })).toBe('80%')
  })

  it('adds a plus sign on request, never on zero', () => {
    expect(formatPercent(0.021, { signed: true })).toBe('+2.10%')
    expect(formatPercent(0, { signed: true })).toBe('0.00%')
    expect(formatPercent(-0.00001, { signed: true })).toBe('0.00%')
  })

  it('is a dash for NaN', () => {
    expect(formatPercent(Number.NaN)).toBe('—')
  })
})

describe('formatDuration', () => {
  it('shows the two largest units', () => {
    expect(formatDuration(2 * 86_400 + 3 * 3_600 + 59)).toBe('2d 3h')
    expect(formatDuration(3_600 + 120)).toBe('1h 2m')
    expect(formatDuration(303)).toBe('5m 3s')
    expect(formatDuration(59)).toBe('59s')
  })

  it('drops a zero second unit', () => {
    expect(formatDuration(3_600)).toBe('1h')
    expect(formatDuration(86_400 + 30)).toBe('1d')
  })

  it('accepts bigint seconds from the chain and clamps the past to 0s', () => {
    expect(formatDuration(60n)).toBe('1m')
    expect(formatDuration(0)).toBe('0s')
    expect(formatDuration(-5)).toBe('0s')
  })
})

describe('fromWad', () => {
  it('converts 18-decimal fixed point to a number', () => {
    expect(fromWad(1_500_000_000_000_000_000n)).toBe(1.5)
    expect(fromWad(0n)).toBe(0)
    expect(fromWad(-(10n ** 18n))).toBe(-1)
  })
})

describe('shortAddress / shortHash', () => {
  it('shortens addresses and hashes', () => {
    expect(shortAddress('0x000000000000000000000000000000000000dEaD')).toBe('0x0000…dEaD')
    expect(shortHash(`0x${'ab'.repeat(32)}`)).toBe('0xabababab…abab')
  })

  it('leaves short strings alone', () => {
    expect(shortAddress('0x1234')).toBe('0x1234')
  })
})

describe('WAD helpers', () => {
  const wad = (n: string) => parseUnits(n, 18)

  it('formats USD, signed USD and percentages straight from 18-decimal values', () => {
    expect(formatUsdWad(wad('1234.567'))).toBe('$1,234.57')
    expect(formatUsdWad(wad('1234567'), { compact: true })).toBe('$1.2M')
    expect(formatUsdWad(undefined)).toBe('—')
    expect(formatSignedUsdWad(wad('-12.3'))).toEqual({ text: '-$12.30', tone: 'neg' })
    expect(formatSignedUsdWad(undefined)).toEqual({ text: '—', tone: 'zero' })
    expect(formatPercentWad(wad('0.0525'))).toBe('5.25%')
    expect(formatPercentWad(wad('-0.01'), { signed: true })).toBe('-1.00%')
    expect(formatUsdWhole(wad('100000.4'))).toBe('$100,000')
    expect(formatUsdWhole(undefined)).toBe('—')
  })
})
