import { PEG_EXPLANATION, PEG_LABEL, type PegState } from '../../lib/protocol'

const PEG_STYLE: Readonly<Record<PegState, string>> = {
  healthy: 'border-emerald-500/40 bg-emerald-500/10 text-emerald-300',
  strained: 'border-amber-500/40 bg-amber-500/10 text-amber-200',
  broken: 'border-rose-500/50 bg-rose-500/10 text-rose-300',
}

/** The peg state of a token; `data-state` carries the raw value for tests. */
export function PegBadge({ peg, testId }: { peg: PegState | undefined; testId?: string }) {
  if (!peg) {
    return (
      <span data-testid={testId} data-state="" className="rounded-full border border-zinc-700 px-2 py-0.5 text-xs text-zinc-500">
        …
      </span>
    )
  }
  return (
    <span data-testid={testId} data-state={peg} title={PEG_EXPLANATION[peg]} className={`rounded-full border px-2 py-0.5 text-xs font-medium ${PEG_STYLE[peg]}`}>
      {PEG_LABEL[peg]}
    </span>
  )
}

/** Stock market open or closed (the reference price is frozen while closed). */
export function MarketStatusBadge({ open, testId }: { open: boolean | undefined; testId?: string }) {
  if (open === undefined) return null
  return (
    <span
      data-testid={testId}
      data-state={open ? 'open' : 'closed'}
      className={`rounded-full border px-2 py-0.5 text-xs font-medium ${
        open ? 'border-sky-500/40 bg-sky-500/10 text-sky-200' : 'border-zinc-600 bg-zinc-800 text-zinc-300'
      }`}
    >
      {open ? 'Market open' : 'Market closed'}
    </span>
  )
}

export function Pill({ children, tone = 'neutral', testId }: { children: React.ReactNode; tone?: 'neutral' | 'warn' | 'danger'; testId?: string }) {
  const style =
    tone === 'danger' ? 'border-rose-500/50 text-rose-300' : tone === 'warn' ? 'border-amber-500/40 text-amber-200' : 'border-zinc-700 text-zinc-400'
  return (
    <span data-testid={testId} className={`rounded border px-1.5 py-0.5 text-[11px] font-medium uppercase tracking-wide ${style}`}>
      {children}
    </span>
  )
}
