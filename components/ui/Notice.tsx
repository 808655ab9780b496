import type { ReactNode } from 'react'

const TONES = {
  info: 'border-sky-500/30 bg-sky-500/10 text-sky-100',
  warning: 'border-amber-500/40 bg-amber-500/10 text-amber-100',
  error: 'border-rose-500/40 bg-rose-500/10 text-rose-100',
} as const

/** An inline message inside a panel (the page-wide ones are Banners). */
export function Notice({ tone = 'info', children, testId, action }: { tone?: keyof typeof TONES; children: ReactNode; testId?: string; action?: ReactNode }) {
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
      className={`flex flex-wrap items-center justify-between gap-2 rounded-md border px-3 py-2 text-sm ${TONES[tone]}`}
    >
      <div className="min-w-0">{children}</div>
      {action}
    </div>
  )
}

/** What a panel shows when its reads failed: the reason and a retry, never a blank. */
export function ReadError({ error, onRetry, what }: { error: unknown; onRetry?: () => void; what: string }) {
  const message = error instanceof Error ? (error as { shortMessage?: string }).shortMessage ?? error.message : 'Unknown error'
  return (
    <Notice
      tone="error"
      testId="read-error"
      action={
        onRetry && (
          <button type="button" onClick={onRetry} className="rounded bg-rose-400 px-2 py-1 text-xs font-semibold text-zinc-950 hover:bg-rose-300">
            Retry
          </button>
        )
      }
    >
      Could not read {what}: {message.split('\n')[0]}
    </Notice>
  )
}
