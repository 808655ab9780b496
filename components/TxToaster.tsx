'use client'

import { useEffect } from 'react'

import { shortHash } from '../lib/format'
import { isFinished, type TxToast, type TxToastPhase } from '../hooks/txToastState'
import { useTxToastActions, useTxToastList } from '../hooks/useTxToasts'

/** Successes and cancellations fade on their own; failures stay until read and closed. */
const AUTO_DISMISS_MS: Partial<Record<TxToastPhase, number>> = { confirmed: 6_000, cancelled: 4_000 }

const PHASE_STYLE: Record<TxToastPhase, { title: string; accent: string }> = {
  signing: { title: 'Confirm in your wallet', accent: 'border-sky-500/60' },
  pending: { title: 'Waiting for confirmation', accent: 'border-amber-500/60' },
  confirmed: { title: 'Confirmed', accent: 'border-emerald-500/60' },
  failed: { title: 'Failed', accent: 'border-rose-500/70' },
  cancelled: { title: 'Request cancelled in wallet', accent: 'border-zinc-600' },
}

export function TxToaster() {
  const toasts = useTxToastList()
  return (
    <div className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2">
      {toasts.map((toast) => (
        <TxToastCard key={toast.id} toast={toast} />
      ))}
    </div>
  )
}

function TxToastCard({ toast }: { toast: TxToast }) {
  const { dismiss } = useTxToastActions()
  const style = PHASE_STYLE[toast.phase]

  useEffect(() => {
    const delay = AUTO_DISMISS_MS[toast.phase]
    if (delay === undefined) return
    const timer = setTimeout(() => dismiss(toast.id), delay)
    return () => clearTimeout(timer)
  }, [toast.phase, toast.id, dismiss])

  return (
    <div
      role={toast.phase === 'failed' ? 'alert' : 'status'}
      data-testid="tx-toast"
      data-phase={toast.phase}
      className={`pointer-events-auto rounded-lg border-l-4 ${style.accent} bg-zinc-900 p-3 text-sm shadow-lg ring-1 ring-zinc-800`}
    >
      <div className="flex items-start gap-2">
        {!isFinished(toast.phase) && <Spinner />}
        <div className="min-w-0 flex-1">
          <p className="font-medium text-zinc-100">{style.title}</p>
          {/* A cancellation is the user's own choice: the sentence above says everything. */}
          {toast.phase !== 'cancelled' && <p className="truncate text-zinc-400">{toast.label}</p>}
          {toast.phase === 'failed' && toast.message && <p className="mt-1 text-rose-300">{toast.message}</p>}
          {toast.hash && <TxHash hash={toast.hash} explorerUrl={toast.explorerUrl} />}
        </div>
        <button
          type="button"
          onClick={() => dismiss(toast.id)}
          aria-label="Dismiss notification"
          className="rounded px-1 text-zinc-500 hover:text-zinc-200"
        >
          ×
        </button>
      </div>
    </div>
  )
}

function TxHash({ hash, explorerUrl }: { hash: string; explorerUrl?: string }) {
  const text = shortHash(hash)
  return (
    <p className="mt-1 font-mono text-xs text-zinc-500" title={hash}>
      {explorerUrl ? (
        <a href={explorerUrl} target="_blank" rel="noreferrer" className="underline hover:text-zinc-300">
          {text}
        </a>
      ) : (
        text
      )}
    </p>
  )
}

function Spinner() {
  return (
    <span
      aria-hidden
      className="mt-0.5 inline-block size-4 shrink-0 animate-spin rounded-full border-2 border-zinc-600 border-t-zinc-200"
    />
  )
}
