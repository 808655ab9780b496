import type { Hash } from 'viem'

/**
 * State of the transaction toasts, kept apart from React so the rules are testable:
 * one toast per `send()`, updated in place as the transaction moves through its phases.
 */

export type TxToastPhase = 'signing' | 'pending' | 'confirmed' | 'failed' | 'cancelled'

export type TxToast = {
  id: number
  /** What the user asked for, e.g. "Deposit 10 TSLA.M". */
  label: string
  phase: TxToastPhase
  hash?: Hash
  explorerUrl?: string
  /** The failure or cancellation sentence. */
  message?: string
}

export type TxToastAction =
  | { type: 'add'; toast: TxToast }
  | { type: 'update'; id: number; patch: Partial<Omit<TxToast, 'id'>> }
  | { type: 'dismiss'; id: number }

/** More than this and the oldest finished toasts go first; unfinished ones always stay visible. */
export const MAX_TOASTS = 4

export function isFinished(phase: TxToastPhase): boolean {
  return phase === 'confirmed' || phase === 'failed' || phase === 'cancelled'
}

export function txToastReducer(toasts: readonly TxToast[], action: TxToastAction): TxToast[] {
  switch (action.type) {
    case 'add':
      return trim([...toasts, action.toast])
    case 'update':
      return toasts.map((toast) => (toast.id === action.id ? { ...toast, ...action.patch } : toast))
    case 'dismiss':
      return toasts.filter((toast) => toast.id !== action.id)
  }
}

function trim(toasts: TxToast[]): TxToast[] {
  let excess = toasts.length - MAX_TOASTS
  if (excess <= 0) return toasts
  return toasts.filter((toast) => {
    if (excess > 0 && isFinished(toast.phase)) {
      excess -= 1
      return false
    }
    return true
  })
}
