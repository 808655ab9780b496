/**
 * A horizontal gauge for a ratio in [0, 1] (utilization, margin ratio) with the danger threshold
 * marked. Accessible as a meter: screen readers announce the value and its label.
 */
export function RatioBar({
  value,
  label,
  warnAt = 0.6,
  dangerAt = 0.8,
  limit,
  testId,
}: {
  /** The ratio; undefined while loading. Values above 1 fill the bar. */
  value: number | undefined
  label: string
  warnAt?: number
  dangerAt?: number
  /** Draw a tick at this ratio (e.g. the 80% utilization cap). */
  limit?: number
  testId?: string
}) {
  const ratio = value === undefined || !Number.isFinite(value) ? (value === undefined ? 0 : 1) : Math.max(0, value)
  const color = ratio >= dangerAt ? 'bg-rose-500' : ratio >= warnAt ? 'bg-amber-400' : 'bg-emerald-500'
  return (
    <div
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value === undefined ? undefined : Math.round(Math.min(ratio, 1) * 100)}
      data-testid={testId}
      data-value={value === undefined ? '' : String(value)}
      className="relative h-2 w-full overflow-hidden rounded-full bg-zinc-800"
    >
      <div className={`h-full ${color} transition-[width]`} style={{ width: `${Math.min(ratio, 1) * 100}%` }} />
      {limit !== undefined && <div aria-hidden className="absolute top-0 h-full w-0.5 bg-zinc-300/70" style={{ left: `${limit * 100}%` }} />}
    </div>
  )
}
