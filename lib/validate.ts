import { parseUnits } from 'viem'

import { formatToken } from './format'

/**
 * Checks what a user typed into an amount field before anything is signed. Every failure comes
 * back as a sentence the field can show next to itself, so the wallet is never the first place a
 * mistake is noticed.
 */

export type AmountValidation = { ok: true; value: bigint } | { ok: false; error: string }

export type AmountRules = {
  /** Token decimals (18 for stock tokens, 6 for USDC). */
  decimals: number
  /** The user's balance; larger amounts are refused. */
  balance?: bigint
  /** Any other upper bound (withdrawable margin, vault limit…), described by `maxLabel`. */
  max?: bigint
  /** Completes "Exceeds the …": e.g. "withdrawable amount". Defaults to "maximum". */
  maxLabel?: string
  symbol: string
}

/** Plain decimal notation only: no signs, exponents, separators or hex ("1e18" is not an amount). */
const DECIMAL = /^(\d+\.?\d*|\.\d+)$/

/** Digits shown in limit messages: enough to be useful without printing 18 decimals. */
const LIMIT_DIGITS = 6

export function validateAmount(input: string, rules: AmountRules): AmountValidation {
  const text = input.trim()
  if (text === '') return { ok: false, error: 'Enter an amount' }
  if (/^-/.test(text)) return { ok: false, error: 'Amount cannot be negative' }
  if (!DECIMAL.test(text)) return { ok: false, error: 'Enter a number, like 1.5' }

  const fraction = text.split('.')[1] ?? ''
  if (fraction.length > rules.decimals) return { ok: false, error: tooPreciseMessage(rules) }

  const value = parseUnits(text, rules.decimals)
  if (value === 0n) return { ok: false, error: 'Amount must be greater than zero' }

  if (rules.balance !== undefined && value > rules.balance) {
    return { ok: false, error: `Exceeds your balance of ${describeLimit(rules.balance, rules)}` }
  }
  if (rules.max !== undefined && value > rules.max) {
    return { ok: false, error: `Exceeds the ${rules.maxLabel ?? 'maximum'} of ${describeLimit(rules.max, rules)}` }
  }
  return { ok: true, value }
}

function tooPreciseMessage({ decimals, symbol }: AmountRules): string {
  if (decimals === 0) return `${symbol} amounts must be whole numbers`
  return `${symbol} allows at most ${decimals} decimal place${decimals === 1 ? '' : 's'}`
}

function describeLimit(limit: bigint, { decimals, symbol }: AmountRules): string {
  return `${formatToken(limit, decimals, LIMIT_DIGITS)} ${symbol}`
}
