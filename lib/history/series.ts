/**
 * Chart points `{ time, value }` as lightweight-charts takes them (time in unix seconds, strictly increasing).
 * Values are plain numbers: charts are for reading trends, not for computing with.
 */
export type Point = { time: number; value: number }

/** Points drawn per series; older ones are thinned, never the newest. */
export const MAX_POINTS = 1_500

const WAD = 1e18

/** Sorted by time, one point per second (the last one wins), as lightweight-charts requires. */
export function toSeries(points: readonly Point[]): Point[] {
  const byTime = new Map<number, number>()
  for (const point of [...points].sort((a, b) => a.time - b.time)) {
    if (Number.isFinite(point.value) && Number.isFinite(point.time)) byTime.set(point.time, point.value)
  }
  return [...byTime.entries()].map(([time, value]) => ({ time, value }))
}

/** At most `max` points, evenly spaced, always keeping the newest. */
export function downsample(points: readonly Point[], max: number = MAX_POINTS): Point[] {
  if (points.length <= max || max < 2) return [...points]
  const step = (points.length - 1) / (max - 1)
  const out: Point[] = []
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)])
  return out
}

/** An 18-decimal fixed-point amount as a float, for drawing. */
export function wadToNumber(value: bigint): number {
  return Number(value) / WAD
}
