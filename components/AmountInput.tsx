'use client'

import { formatUnits } from 'viem'

import { formatToken } from '../lib/format'
import { type AmountRules, validateAmount } from '../lib/validate'

type AmountInputProps = {
  id: string
  label: string
  /** The text as typed; the parent keeps it so it can validate the same string for its button. */
  value: string
  onChange: (value: string) => void
  rules: AmountRules
  disabled?: boolean
}

/**
 * A token amount field that explains what is wrong right next to itself. An empty field shows no
 * error (the submit button already says "Enter an amount"); anything typed is checked at once.
 */
export function AmountInput({ id, label, value, onChange, rules, disabled }: AmountInputProps) {
  const result = validateAmount(value, rules)
  const error = value.trim() !== '' && !result.ok ? result.error : undefined
  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  const ceiling = maxAmount(rules)

  return (
    <div className="flex flex-col gap-1">
      <div className="flex items-baseline justify-between text-sm">
        <label htmlFor={id} className="text-zinc-300">
          {label}
        </label>
        {rules.balance !== undefined && (
          <span id={hintId} className="text-xs text-zinc-500">
            Balance: {formatToken(rules.balance, rules.decimals)} {rules.symbol}
          </span>
        )}
      </div>
      <div
        className={`flex items-center rounded-md border bg-zinc-900 focus-within:ring-2 ${
          error ? 'border-rose-500 focus-within:ring-rose-500/40' : 'border-zinc-700 focus-within:ring-sky-500/40'
        }`}
      >
        <input
          id={id}
          data-testid={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          placeholder="0.0"
          value={value}
          disabled={disabled}
          onChange={(event) => onChange(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={[error ? errorId : undefined, rules.balance !== undefined ? hintId : undefined].filter(Boolean).join(' ') || undefined}
          className="min-w-0 flex-1 bg-transparent px-3 py-2 font-mono tabular-nums text-zinc-100 outline-none placeholder:text-zinc-600"
        />
        <span className="px-2 text-sm text-zinc-400">{rules.symbol}</span>
        {ceiling !== undefined && ceiling > 0n && (
          <button
            type="button"
            disabled={disabled}
            onClick={() => onChange(formatUnits(ceiling, rules.decimals))}
            data-testid={`${id}-max`}
            className="mr-1 rounded px-2 py-1 text-xs font-medium text-sky-300 hover:bg-zinc-800"
          >
            Max
          </button>
        )}
      </div>
      {error && (
        <p id={errorId} role="alert" data-testid={errorId} className="text-xs text-rose-400">
          {error}
        </p>
      )}
    </div>
  )
}

/** "Max" fills the exact on-chain amount (not a rounded display value) within every limit. */
function maxAmount({ balance, max }: AmountRules): bigint | undefined {
  if (balance === undefined) return max
  if (max === undefined) return balance
  return balance < max ? balance : max
}
