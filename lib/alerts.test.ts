import { describe, expect, it } from 'vitest'
import { accountAlerts, type AlertLevel, dismissalKey, marginLevel, marginRatioNumber, visibleAlerts } from './alerts'

describe('margin alert levels', () => {
  it('enters at 50 % and 80 %', () => {
    expect(marginLevel(0.49, undefined)).toBeUndefined()
    expect(marginLevel(0.5, undefined)).toBe('warning')
    expect(marginLevel(0.79, undefined)).toBe('warning')
    expect(marginLevel(0.8, undefined)).toBe('danger')
    expect(marginLevel(1.2, undefined)).toBe('danger')
  })

  it('leaves a level only 5 points below it: a ratio hovering at the line does not flash', () => {
    expect(marginLevel(0.47, 'warning')).toBe('warning')
    expect(marginLevel(0.44, 'warning')).toBeUndefined()
    expect(marginLevel(0.77, 'danger')).toBe('danger')
    expect(marginLevel(0.74, 'danger')).toBe('warning')
    expect(marginLevel(0.47, 'danger')).toBe('warning')
    expect(marginLevel(0.44, 'danger')).toBeUndefined()
    // Rising is never delayed.
    expect(marginLevel(0.8, 'warning')).toBe('danger')
  })

  it('is stable: the level it gives, passed back as the previous one, gives itself (useAlerts renders once more, never loops)', () => {
    for (let r = 0; r <= 1.2; r += 0.005) {
      for (const previous of [undefined, 'warning', 'danger'] as const) {
        const level = marginLevel(r, previous)
        expect(marginLevel(r, level), `${r} after ${previous}`).toBe(level)
      }
    }
  })
})

describe('account alerts', () => {
  const none = new Map<string, AlertLevel>()

  it('alerts only accounts with positions, on margin and on a peg that left healthy', () => {
    const alerts = accountAlerts(
      [
        { symbol: 'TSLA.M', hasPositions: true, marginRatio: 0.85, peg: 'strained' },
        { symbol: 'NVDA.M', hasPositions: false, marginRatio: 0.95, peg: 'broken' },
        { symbol: 'AAPLx', hasPositions: true, marginRatio: 0.1, peg: 'healthy' },
      ],
      none,
    )
    expect(alerts.map((a) => [a.id, a.level])).toEqual([
      ['margin:TSLA.M', 'danger'],
      ['peg:TSLA.M', 'warning'],
    ])
    expect(alerts[0]!.text).toContain('85 %')
  })

  it('says liquidatable at a ratio of 1 or more (equity ≤ 0 included)', () => {
    const [alert] = accountAlerts([{ symbol: 'AMZNx', hasPositions: true, marginRatio: marginRatioNumber(2n ** 256n - 1n), peg: 'healthy' }], none)
    expect(alert!.text).toContain('can be liquidated now')
  })

  it('keeps a dismissed alert hidden until its level rises', () => {
    const warning = accountAlerts([{ symbol: 'TSLA.M', hasPositions: true, marginRatio: 0.6, peg: 'healthy' }], none)
    const dismissed = new Set([dismissalKey(warning[0]!)])
    expect(visibleAlerts(warning, dismissed)).toEqual([])
    const danger = accountAlerts([{ symbol: 'TSLA.M', hasPositions: true, marginRatio: 0.9, peg: 'healthy' }], new Map([['margin:TSLA.M', 'warning']]))
    expect(visibleAlerts(danger, dismissed).map((a) => a.level)).toEqual(['danger'])
  })
})
