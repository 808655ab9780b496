import type { ReactNode } from 'react'

const TONES = {
  warning: 'border-amber-500/40 bg-amber-500/10 text-amber-100',
  error: 'border-rose-500/40 bg-rose-500/10 text-rose-100',
} as const

/** A full-width notice under the nav for problems that affect every page (network, RPC). */
export function Banner({
  tone,
  action,
  testId,
  children,
}: {
  tone: keyof typeof TONES
  action?: ReactNode
  testId?: string
  children: ReactNode
}) {
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      data-testid={testId}
      className={`flex flex-wrap items-center justify-between gap-3 border-b px-4 py-2 text-sm ${TONES[tone]}`}
    >
      <div className="min-w-0">{children}</div>
      {action}
    </div>
  )
}
