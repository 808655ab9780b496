'use client'

import type { ButtonHTMLAttributes, ReactNode } from 'react'

type SubmitButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'children' | 'disabled'> & {
  /** What happens on click, e.g. "Deposit 10 TSLA.M". */
  children: ReactNode
  /** Why the action is impossible right now ("Enter an amount", "Insufficient margin"); shown as the label. */
  disabledReason?: string
  /** A transaction from this button is in flight. */
  pending?: boolean
  pendingLabel?: string
}

/**
 * A button whose label always says either what happens next or why it cannot: a disabled button
 * with no explanation leaves the user guessing.
 */
export function SubmitButton({
  children,
  disabledReason,
  pending = false,
  pendingLabel = 'Confirming…',
  type = 'submit',
  className = '',
  ...rest
}: SubmitButtonProps) {
  const disabled = pending || disabledReason !== undefined
  return (
    <button
      {...rest}
      type={type}
      disabled={disabled}
      aria-busy={pending || undefined}
      data-disabled-reason={disabledReason}
      className={`inline-flex w-full items-center justify-center gap-2 rounded-md px-4 py-2.5 text-sm font-semibold transition-colors ${
        disabled ? 'cursor-not-allowed bg-zinc-800 text-zinc-400' : 'bg-sky-500 text-zinc-950 hover:bg-sky-400'
      } ${className}`}
    >
      {pending && (
        <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-zinc-600 border-t-zinc-200" />
      )}
      {pending ? pendingLabel : (disabledReason ?? children)}
    </button>
  )
}
