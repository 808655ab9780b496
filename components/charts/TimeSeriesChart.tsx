'use client'

import { useEffect, useRef, useState } from 'react'

import { formatPercent, formatUsd } from '../../lib/format'
import type { Point } from '../../lib/history/series'

/** Only the types are imported eagerly; the library itself loads when a chart mounts. */
type Charts = typeof import('lightweight-charts')
type ChartApi = ReturnType<Charts['createChart']>
type LineApi = ReturnType<ChartApi['addSeries']>

export type ChartFormat = 'usd' | 'percent' | 'number' | 'token'

export type ChartSeries = {
  id: string
  label: string
  color: string
  points: readonly Point[]
  /** 0 = main pane; 1 = a pane below (e.g. the peg deviation). */
  pane?: number
  format?: ChartFormat
  dashed?: boolean
}

function formatValue(value: number, format: ChartFormat = 'number'): string {
  switch (format) {
    case 'usd':
      return formatUsd(value)
    case 'percent':
      return formatPercent(value, { digits: 2, signed: true })
    case 'token':
      return value.toLocaleString('en-US', { maximumFractionDigits: 4 })
    default:
      return value.toLocaleString('en-US', { maximumFractionDigits: 6 })
  }
}

/**
 * A time-series chart (lightweight-charts, loaded on demand through a dynamic import when the chart
 * enters the viewport, so pages without charts, or with charts below the fold, do not download it
 * with the page). Series are lines with a legend above showing each one's
 * latest value; time is chain time. The chart is decorative for screen readers: the legend and
 * the tables around it carry the numbers.
 */
export function TimeSeriesChart({
  series,
  height = 260,
  testId,
  emptyText = 'No history yet',
  label,
}: {
  series: readonly ChartSeries[]
  height?: number
  testId?: string
  emptyText?: string
  label: string
}) {
  const container = useRef<HTMLDivElement>(null)
  const chart = useRef<{ api: ChartApi; lib: Charts; lines: Map<string, LineApi> } | null>(null)
  const [ready, setReady] = useState(false)
  const fitted = useRef(false)
  const [loadError, setLoadError] = useState<string | undefined>(undefined)
  const hasData = series.some((s) => s.points.length > 0)

  // Create the chart once the library has loaded; dispose of it on unmount. The library (about 60 kB
  // compressed) loads when the chart enters the viewport, not with the page: a chart below the fold
  // is not part of the first load.
  useEffect(() => {
    let disposed = false
    const load = () =>
      import('lightweight-charts')
        .then((lib) => {
          if (disposed || !container.current) return
          const api = lib.createChart(container.current, {
            autoSize: true,
            layout: {
              background: { type: lib.ColorType.Solid, color: 'transparent' },
              textColor: '#a1a1aa',
              fontFamily: 'ui-sans-serif, system-ui, sans-serif',
              attributionLogo: false,
              panes: { separatorColor: '#27272a' },
            },
            grid: { vertLines: { color: '#1f1f23' }, horzLines: { color: '#1f1f23' } },
            rightPriceScale: { borderColor: '#27272a' },
            timeScale: { borderColor: '#27272a', timeVisible: true, secondsVisible: false },
            crosshair: { mode: lib.CrosshairMode.Normal },
          })
          chart.current = { api, lib, lines: new Map() }
          setReady(true)
        })
        .catch((error: unknown) => setLoadError(error instanceof Error ? error.message : 'chart library failed to load'))
    let observer: IntersectionObserver | undefined
    if (typeof IntersectionObserver === 'undefined' || !container.current) {
      void load()
    } else {
      observer = new IntersectionObserver(
        (entries) => {
          if (!entries.some((entry) => entry.isIntersecting)) return
          observer?.disconnect()
          void load()
        },
        // Once any of it is on screen; not before, so a chart below the fold costs nothing until scrolled to.
        { rootMargin: '0px' },
      )
      observer.observe(container.current)
    }
    return () => {
      disposed = true
      observer?.disconnect()
      chart.current?.api.remove()
      chart.current = null
    }
  }, [])

  // Keep one line per series id; push new data whenever the points change.
  useEffect(() => {
    const current = chart.current
    if (!ready || !current) return
    const { api, lib, lines } = current
    const wanted = new Set(series.map((s) => s.id))
    for (const [id, line] of lines) {
      if (!wanted.has(id)) {
        api.removeSeries(line)
        lines.delete(id)
      }
    }
    for (const s of series) {
      let line = lines.get(s.id)
      if (!line) {
        line = api.addSeries(
          lib.LineSeries,
          {
            color: s.color,
            lineWidth: 2,
            lineStyle: s.dashed ? lib.LineStyle.Dashed : lib.LineStyle.Solid,
            priceLineVisible: false,
            priceFormat: { type: 'custom', formatter: (value: number) => formatValue(value, s.format), minMove: 0.0001 },
          },
          s.pane ?? 0,
        )
        lines.set(s.id, line)
      }
      line.setData(s.points.map((p) => ({ time: p.time as import('lightweight-charts').UTCTimestamp, value: p.value })))
    }
    // Show the whole history once data first arrives; later updates keep whatever the user zoomed to.
    const pointCount = series.reduce((n, s) => n + s.points.length, 0)
    if (pointCount > 0 && !fitted.current) {
      api.timeScale().fitContent()
      fitted.current = true
    }
    const panes = api.panes()
    if (panes.length > 1) {
      panes[0].setStretchFactor(3)
      for (const pane of panes.slice(1)) pane.setStretchFactor(1)
    }
  }, [ready, series])

  return (
    <figure className="flex min-w-0 flex-col gap-2" data-testid={testId}>
      <figcaption className="flex flex-wrap gap-x-4 gap-y-1 text-xs">
        {series.map((s) => {
          const last = s.points.at(-1)
          return (
            <span key={s.id} className="inline-flex items-center gap-1.5 text-zinc-400">
              <span aria-hidden className="inline-block h-0.5 w-4 rounded" style={{ backgroundColor: s.color }} />
              {s.label}
              <span className="text-zinc-200">{last ? formatValue(last.value, s.format) : '—'}</span>
            </span>
          )
        })}
      </figcaption>
      <div className="relative w-full" style={{ height }}>
        <div ref={container} role="img" aria-label={label} className="absolute inset-0" />
        {(!hasData || !ready || loadError) && (
          <div className="pointer-events-none absolute inset-0 flex items-center justify-center text-sm text-zinc-500">
            {loadError ? `Chart unavailable: ${loadError}` : !ready ? 'Loading chart…' : emptyText}
          </div>
        )}
      </div>
    </figure>
  )
}
