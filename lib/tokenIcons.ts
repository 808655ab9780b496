/**
 * Token icons drawn by the project (no downloads): a disc in a colour derived from the symbol, the ticker on it, and
 * a corner mark for the issuer (MyStonks ".M", xStocks "…x"). `npm run assets` writes one SVG per listed stock to
 * public/tokens/; lib/tokenIcons.test.ts checks the committed files against this generator.
 */

export interface TokenIssuer {
  /** The ticker without the issuer's suffix: TSLA.M → TSLA, AAPLx → AAPL. */
  ticker: string
  issuer: 'MyStonks' | 'xStocks' | 'other'
}

export function tokenIssuer(symbol: string): TokenIssuer {
  if (symbol.endsWith('.M')) return { ticker: symbol.slice(0, -2), issuer: 'MyStonks' }
  if (/^[A-Z0-9]+x$/.test(symbol)) return { ticker: symbol.slice(0, -1), issuer: 'xStocks' }
  return { ticker: symbol, issuer: 'other' }
}

/** The icon's path under public/ (and its URL): /tokens/tsla-m.svg. */
export function tokenIconPath(symbol: string): string {
  return `/tokens/${symbol.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.svg`
}

/** FNV-1a over the symbol: a stable hue per token, spread over the colour wheel. */
function hue(symbol: string): number {
  let h = 0x811c9dc5
  for (const c of symbol) {
    h ^= c.codePointAt(0) ?? 0
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h % 360
}

const ISSUER_MARK: Record<TokenIssuer['issuer'], string> = { MyStonks: 'M', xStocks: 'x', other: '' }

export function tokenIconSvg(symbol: string): string {
  const { ticker, issuer } = tokenIssuer(symbol)
  const label = ticker.slice(0, 4)
  // Four letters fit the 64-unit disc at 17; fewer get larger.
  const size = [0, 30, 26, 21, 17][label.length] ?? 17
  const mark = ISSUER_MARK[issuer]
  const fill = `hsl(${hue(symbol)} 70% 42%)`
  const lines = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" role="img" aria-label="${symbol}">`,
    `<circle cx="32" cy="32" r="32" fill="${fill}"/>`,
    `<text x="32" y="32" dy="0.35em" text-anchor="middle" font-family="system-ui, sans-serif" font-weight="700" font-size="${size}" fill="#fafafa">${label}</text>`,
  ]
  if (mark) {
    lines.push(
      '<circle cx="52" cy="52" r="11" fill="#09090b"/>',
      `<text x="52" y="52" dy="0.35em" text-anchor="middle" font-family="system-ui, sans-serif" font-weight="700" font-size="13" fill="#fafafa">${mark}</text>`,
    )
  }
  lines.push('</svg>', '')
  return lines.join('\n')
}
