import { formatUnits } from 'viem'

/**
 * Display formatting only: every function returns text for a person to read, never a value to
 * compute with. Inputs that cannot be shown (NaN, ±Infinity) render as an em dash instead of "NaN".
 */

export const NOT_AVAILABLE = '—'

const WAD_DECIMALS = 18

/** On-chain USD and ratios are 18-decimal fixed point (WAD); this is for display and charts. */
export function fromWad(value: bigint): number {
  return Number(formatUnits(value, WAD_DECIMALS))
}

const fullUsd = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

const COMPACT_UNITS = [
  { size: 1e12, suffix: 'T' },
  { size: 1e9, suffix: 'B' },
  { size: 1e6, suffix: 'M' },
  { size: 1e3, suffix: 'K' },
] as const

/**
 * `$1,234.56` in full, or `$1.2K` / `$12.3M` in compact mode (one decimal, trailing ".0" dropped).
 * Compact keeps 2 decimals below $1,000 so small amounts stay exact.
 */
export function formatUsd(value: number, options: { compact?: boolean } = {}): string {
  if (!Number.isFinite(value)) return NOT_AVAILABLE
  const sign = value < 0 ? '-' : ''
  const magnitude = Math.abs(value)
  if (options.compact) {
    const compact = compactNumber(magnitude)
    if (compact) return `${sign}$${compact}`
  }
  const text = fullUsd.format(magnitude)
  return text === '0.00' ? '$0.00' : `${sign}$${text}`
}

function compactNumber(magnitude: number): string | undefined {
  let index = COMPACT_UNITS.findIndex((unit) => magnitude >= unit.size)
  if (index === -1) return undefined
  let scaled = roundToTenth(magnitude / COMPACT_UNITS[index].size)
  // 999,960 rounds to 1000.0K: show it as 1M instead.
  if (scaled >= 1000 && index > 0) {
    index -= 1
    scaled = roundToTenth(magnitude / COMPACT_UNITS[index].size)
  }
  return `${scaled.toFixed(1).replace(/\.0$/, '')}${COMPACT_UNITS[index].suffix}`
}

function roundToTenth(value: number): number {
  return Math.round(value * 10) / 10
}

/**
 * `+$12.30` / `-$12.30` / `$0.00` with a tone for colouring. A value that rounds to zero cents is
 * neutral, so a -0.001 PnL is not painted red as "-$0.00".
 */
export function formatSignedUsd(
  value: number,
  options: { compact?: boolean } = {},
): { text: string; tone: 'pos' | 'neg' | 'zero' } {
  if (!Number.isFinite(value)) return { text: NOT_AVAILABLE, tone: 'zero' }
  if (Math.abs(value) < 0.005) return { text: '$0.00', tone: 'zero' }
  const text = formatUsd(Math.abs(value), options)
  return value > 0 ? { text: `+${text}`, tone: 'pos' } : { text: `-${text}`, tone: 'neg' }
}

/**
 * Token amount with thousands separators and at most `maxFrac` decimals. Rounds toward zero, so a
 * balance is never shown larger than it is; a non-zero dust amount shows as `<0.0001`.
 */
export function formatToken(amount: bigint, decimals: number, maxFrac = 4): string {
  const negative = amount < 0n
  const magnitude = negative ? -amount : amount
  const [whole = '0', fraction = ''] = formatUnits(magnitude, decimals).split('.')
  const kept = fraction.slice(0, Math.max(0, maxFrac)).replace(/0+$/, '')
  const wholeText = BigInt(whole).toLocaleString('en-US')
  if (magnitude > 0n && whole === '0' && kept === '') {
    const smallest = maxFrac > 0 ? `0.${'0'.repeat(maxFrac - 1)}1` : '1'
    return `${negative ? '>-' : '<'}${smallest}`
  }
  return `${negative ? '-' : ''}${wholeText}${kept ? `.${kept}` : ''}`
}

/** A ratio as a percentage: 0.0123 → "1.23%". `signed` adds "+" to positive values (deviations, APR changes). */
export function formatPercent(ratio: number, options: { digits?: number; signed?: boolean } = {}): string {
  if (!Number.isFinite(ratio)) return NOT_AVAILABLE
  const { digits = 2, signed = false } = options
  const percent = ratio * 100
  const text = Math.abs(percent).toFixed(digits)
  const isZero = Number(text) === 0
  const sign = isZero ? '' : percent < 0 ? '-' : signed ? '+' : ''
  return `${sign}${text}%`
}

const DURATION_UNITS = [
  { seconds: 86_400, suffix: 'd' },
  { seconds: 3_600, suffix: 'h' },
  { seconds: 60, suffix: 'm' },
  { seconds: 1, suffix: 's' },
] as const

/** Seconds as the two largest units: 183_600 → "2d 3h", 59 → "59s", 3_600 → "1h". Negative counts as 0. */
export function formatDuration(totalSeconds: number | bigint): string {
  let remaining = Math.max(0, Math.floor(Number(totalSeconds)))
  if (!Number.isFinite(remaining)) return NOT_AVAILABLE
  const parts: string[] = []
  for (const unit of DURATION_UNITS) {
    const count = Math.floor(remaining / unit.seconds)
    remaining -= count * unit.seconds
    if (count > 0 || parts.length > 0) parts.push(`${count}${unit.suffix}`)
    if (parts.length === 2) break
  }
  const meaningful = parts.filter((part, index) => index === 0 || !part.startsWith('0'))
  return meaningful.length > 0 ? meaningful.join(' ') : '0s'
}

/** 0x1234…abcd: enough to recognise an address, short enough for a table cell. */
export function shortAddress(address: string): string {
  return address.length <= 12 ? address : `${address.slice(0, 6)}…${address.slice(-4)}`
}

/** 0x12345678…abcd for transaction hashes (a longer head: hashes have no checksum to recognise). */
export function shortHash(hash: string): string {
  return hash.length <= 16 ? hash : `${hash.slice(0, 10)}…${hash.slice(-4)}`
}

// ---------------------------------------------------------------------------------------------
// On-chain fixed point (WAD) straight to text: the contracts return USD and ratios with 18 decimals.

/** `$1,234.56` (or compact) from a USD WAD; undefined (still loading) shows an em dash. */
export function formatUsdWad(value: bigint | undefined, options: { compact?: boolean } = {}): string {
  return value === undefined ? NOT_AVAILABLE : formatUsd(fromWad(value), options)
}

/** Signed and toned USD from a WAD (PnL, funding). */
export function formatSignedUsdWad(value: bigint | undefined, options: { compact?: boolean } = {}): { text: string; tone: 'pos' | 'neg' | 'zero' } {
  return value === undefined ? { text: NOT_AVAILABLE, tone: 'zero' } : formatSignedUsd(fromWad(value), options)
}

/** A WAD fraction as a percentage: 0.05e18 → "5.00%". */
export function formatPercentWad(value: bigint | undefined, options: { digits?: number; signed?: boolean } = {}): string {
  return value === undefined ? NOT_AVAILABLE : formatPercent(fromWad(value), options)
}

/** A price level without cents, for strikes and liquidation prices: `$100,000`. */
export function formatUsdWhole(value: bigint | undefined): string {
  if (value === undefined) return NOT_AVAILABLE
  const number = fromWad(value)
  if (!Number.isFinite(number)) return NOT_AVAILABLE
  return `${number < 0 ? '-' : ''}$${Math.round(Math.abs(number)).toLocaleString('en-US')}`
}
