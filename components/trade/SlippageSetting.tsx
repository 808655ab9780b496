'use client'

import { parseSlippage } from '../../lib/ticket'

const PRESETS = ['0.5', '1', '2'] as const

/** Slippage tolerance in percent (default 1%): presets plus a field, validated at the field. */
export function SlippageSetting({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const check = parseSlippage(value)
  const errorId = 'slippage-error'
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="text-sm text-zinc-300">Slippage tolerance</legend>
      <div className="flex flex-wrap items-center gap-1">
        {PRESETS.map((preset) => (
          <button
            key={preset}
            type="button"
            onClick={() => onChange(preset)}
            aria-pressed={value === preset}
            className={`rounded px-2 py-1 text-xs font-medium ${value === preset ? 'bg-zinc-700 text-zinc-50' : 'bg-zinc-900 text-zinc-400 hover:text-zinc-100'}`}
          >
            {preset}%
          </button>
        ))}
        <label className="ml-auto flex items-center gap-1 text-xs text-zinc-400">
          <span className="sr-only">Custom slippage, percent</span>
          <input
            data-testid="slippage-input"
            inputMode="decimal"
            value={value}
            onChange={(event) => onChange(event.target.value)}
            aria-invalid={!check.ok || undefined}
            aria-describedby={!check.ok ? errorId : undefined}
            className={`w-16 rounded border bg-zinc-900 px-2 py-1 text-right text-zinc-100 outline-none focus:ring-2 ${
              check.ok ? 'border-zinc-700 focus:ring-sky-500/40' : 'border-rose-500 focus:ring-rose-500/40'
            }`}
          />
          %
        </label>
      </div>
      {!check.ok && (
        <p id={errorId} role="alert" data-testid="slippage-error" className="text-xs text-rose-400">
          {check.error}
        </p>
      )}
    </fieldset>
  )
}
