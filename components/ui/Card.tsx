import type { ReactNode } from 'react'

/** A titled panel: the building block of every page. */
export function Card({
  title,
  subtitle,
  action,
  children,
  testId,
  className = '',
}: {
  title?: ReactNode
  subtitle?: ReactNode
  action?: ReactNode
  children: ReactNode
  testId?: string
  className?: string
}) {
  return (
    <section data-testid={testId} className={`min-w-0 rounded-lg border border-zinc-800 bg-zinc-900/60 p-4 ${className}`}>
      {(title || action) && (
        <header className="mb-3 flex flex-wrap items-start justify-between gap-2">
          <div className="min-w-0">
            {title && <h2 className="font-semibold text-zinc-100">{title}</h2>}
            {subtitle && <p className="mt-0.5 text-xs text-zinc-500">{subtitle}</p>}
          </div>
          {action}
        </header>
      )}
      {children}
    </section>
  )
}

/** A label over a value; `testId` goes on the value so tests read exactly what users read. */
export function Stat({
  label,
  value,
  hint,
  testId,
  tone,
}: {
  label: ReactNode
  value: ReactNode
  hint?: ReactNode
  testId?: string
  tone?: 'pos' | 'neg' | 'zero' | 'warn'
}) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd data-testid={testId} className={`truncate text-sm tabular-nums ${toneClass(tone)}`}>
        {value}
      </dd>
      {hint && <dd className="text-xs text-zinc-500">{hint}</dd>}
    </div>
  )
}

export function toneClass(tone: 'pos' | 'neg' | 'zero' | 'warn' | undefined): string {
  switch (tone) {
    case 'pos':
      return 'text-emerald-400'
    case 'neg':
      return 'text-rose-400'
    case 'warn':
      return 'text-amber-300'
    default:
      return 'text-zinc-100'
  }
}

/** A label-value line in a summary list (order ticket, vault card). */
export function Row({ label, value, testId, tone }: { label: ReactNode; value: ReactNode; testId?: string; tone?: 'pos' | 'neg' | 'zero' | 'warn' }) {
  return (
    <div className="flex items-baseline justify-between gap-3 py-0.5 text-sm">
      <dt className="text-zinc-400">{label}</dt>
      <dd data-testid={testId} className={`text-right tabular-nums ${toneClass(tone)}`}>
        {value}
      </dd>
    </div>
  )
}
