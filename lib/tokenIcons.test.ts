import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tokenIconPath, tokenIconSvg, tokenIssuer } from './tokenIcons'

const ROOT = path.resolve(__dirname, '..')
const localStocks = (JSON.parse(readFileSync(path.join(ROOT, 'contracts/deploy/local.json'), 'utf8')) as { stocks: { symbol: string }[] }).stocks

describe('token icons', () => {
  it('every stock the local deployment lists has its committed icon, equal to the generator (npm run assets)', () => {
    expect(localStocks.length).toBeGreaterThan(0)
    for (const { symbol } of localStocks) {
      const file = path.join(ROOT, 'public', tokenIconPath(symbol))
      expect(readFileSync(file, 'utf8'), symbol).toBe(tokenIconSvg(symbol))
    }
  })

  it('reads the issuer from the symbol and names the file after it', () => {
    expect(tokenIssuer('TSLA.M')).toEqual({ ticker: 'TSLA', issuer: 'MyStonks' })
    expect(tokenIssuer('AAPLx')).toEqual({ ticker: 'AAPL', issuer: 'xStocks' })
    expect(tokenIssuer('SPY')).toEqual({ ticker: 'SPY', issuer: 'other' })
    expect(tokenIconPath('TSLA.M')).toBe('/tokens/tsla-m.svg')
    expect(tokenIconPath('AAPLx')).toBe('/tokens/aaplx.svg')
  })

  it('gives the four local tokens four different colours', () => {
    const fills = localStocks.map(({ symbol }) => /fill="(hsl[^"]+)"/.exec(tokenIconSvg(symbol))?.[1])
    expect(new Set(fills).size).toBe(localStocks.length)
  })
})
