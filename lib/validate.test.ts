import { parseUnits } from 'viem'
import { describe, expect, it } from 'vitest'

import { type AmountRules, validateAmount } from './validate'

const stock: AmountRules = { decimals: 18, symbol: 'TSLA.M' }
const usdc: AmountRules = { decimals: 6, symbol: 'USDC' }

function errorOf(input: string, rules: AmountRules = stock): string | undefined {
  const result = validateAmount(input, rules)
  return result.ok ? undefined : result.error
}

describe('validateAmount: accepted input', () => {
  it.each([
    ['1', 10n ** 18n],
    ['1.5', 15n * 10n ** 17n],
    ['0.000000000000000001', 1n],
    ['.5', 5n * 10n ** 17n],
    ['5.', 5n * 10n ** 18n],
    ['007', 7n * 10n ** 18n],
    ['  2.25  ', 225n * 10n ** 16n],
    ['123456789012345678901234567890', 123456789012345678901234567890n * 10n ** 18n],
  ])('parses %j exactly', (input, expected) => {
    expect(validateAmount(input, stock)).toEqual({ ok: true, value: expected })
  })

  it('uses the token decimals (USDC has 6)', () => {
    expect(validateAmount('12.345678', usdc)).toEqual({ ok: true, value: 12_345_678n })
  })

  it('accepts exactly the balance and exactly the max', () => {
    const balance = parseUnits('10', 18)
    expect(validateAmount('10', { ...stock, balance })).toEqual({ ok: true, value: balance })
    expect(validateAmount('10', { ...stock, max: balance })).toEqual({ ok: true, value: balance })
  })
})

describe('validateAmount: empty', () => {
  it.each(['', '   ', '\t'])('asks for an amount when given %j', (input) => {
    expect(errorOf(input)).toBe('Enter an amount')
  })
})

describe('validateAmount: not a number', () => {
  it.each(['abc', 'NaN', 'Infinity', '1e18', '0x10', '1,000', '1.2.3', '.', '+1', '1 000', '１', '½'])(
    'rejects %j',
    (input) => {
      expect(errorOf(input)).toBe('Enter a number, like 1.5')
    },
  )
})

describe('validateAmount: negative', () => {
  it.each(['-1', '-0.5', ' -3'])('rejects %j', (input) => {
    expect(errorOf(input)).toBe('Amount cannot be negative')
  })
})

describe('validateAmount: zero', () => {
  it.each(['0', '0.0', '000', '.0', '0.000000000000000000'])('rejects %j', (input) => {
    expect(errorOf(input)).toBe('Amount must be greater than zero')
  })
})

describe('validateAmount: too many decimals', () => {
  it('says how many decimals the token allows', () => {
    expect(errorOf('1.1234567', usdc)).toBe('USDC allows at most 6 decimal places')
    expect(errorOf('0.0000000000000000001')).toBe('TSLA.M allows at most 18 decimal places')
  })

  it('uses the singular for one decimal and whole numbers for zero', () => {
    expect(errorOf('1.25', { decimals: 1, symbol: 'X' })).toBe('X allows at most 1 decimal place')
    expect(errorOf('1.5', { decimals: 0, symbol: 'SHARE' })).toBe('SHARE amounts must be whole numbers')
  })

  it('checks decimals before zero, so 0.0000001 USDC explains the precision', () => {
    expect(errorOf('0.0000001', usdc)).toBe('USDC allows at most 6 decimal places')
  })
})

describe('validateAmount: limits', () => {
  it('refuses more than the balance and shows the balance', () => {
    const balance = parseUnits('12.5', 18)
    expect(errorOf('12.500000000000000001', { ...stock, balance })).toBe('Exceeds your balance of 12.5 TSLA.M')
  })

  it('refuses anything when the balance is zero', () => {
    expect(errorOf('1', { ...stock, balance: 0n })).toBe('Exceeds your balance of 0 TSLA.M')
  })

  it('refuses more than the max, with its label', () => {
    const max = parseUnits('3', 18)
    expect(errorOf('4', { ...stock, max, maxLabel: 'withdrawable amount' })).toBe(
      'Exceeds the withdrawable amount of 3 TSLA.M',
    )
    expect(errorOf('4', { ...stock, max })).toBe('Exceeds the maximum of 3 TSLA.M')
  })

  it('reports the balance first when both limits are exceeded', () => {
    const rules = { ...stock, balance: parseUnits('1', 18), max: parseUnits('2', 18) }
    expect(errorOf('5', rules)).toBe('Exceeds your balance of 1 TSLA.M')
    expect(errorOf('2.5', { ...rules, balance: parseUnits('5', 18) })).toBe('Exceeds the maximum of 2 TSLA.M')
  })
})
