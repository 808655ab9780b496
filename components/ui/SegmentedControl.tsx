'use client'

import { type KeyboardEvent, useRef } from 'react'

export type Segment<value extends string> = { value: value; label: string; hint?: string }

/**
 * A radio group drawn as buttons (BTC | ETH, TSLA.M | NVDA.M | …). Keyboard: Tab reaches the
 * selected option, arrow keys move the selection, like native radio buttons.
 */
export function SegmentedControl<value extends string>({
  label,
  options,
  value,
  onChange,
  testId,
}: {
  label: string
  options: readonly Segment<value>[]
  value: value
  onChange: (value: value) => void
  testId?: string
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([])
  const index = Math.max(
    0,
    options.findIndex((option) => option.value === value),
  )

  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0
    if (step === 0) return
    event.preventDefault()
    const next = (index + step + options.length) % options.length
    onChange(options[next].value)
    refs.current[next]?.focus()
  }

  return (
    <div role="radiogroup" aria-label={label} data-testid={testId} className="inline-flex flex-wrap gap-1 rounded-lg border border-zinc-800 bg-zinc-900 p-1">
      {options.map((option, i) => {
        const selected = option.value === value
        return (
          <button
            key={option.value}
            ref={(element) => {
              refs.current[i] = element
            }}
            type="button"
            role="radio"
            aria-checked={selected}
            tabIndex={selected ? 0 : -1}
            title={option.hint}
            onClick={() => onChange(option.value)}
            onKeyDown={onKeyDown}
            data-testid={testId ? `${testId}-${option.value}` : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:outline-none ${
              selected ? 'bg-zinc-700 text-zinc-50' : 'text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100'
            }`}
          >
            {option.label}
          </button>
        )
      })}
    </div>
  )
}
