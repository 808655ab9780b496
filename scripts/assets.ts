/**
 * `npm run assets`: the static files under public/, drawn by the project (nothing downloaded).
 * - public/tokens/<symbol>.svg: one icon per stock of contracts/deploy/local.json (lib/tokenIcons.ts);
 * - public/favicon.ico: app/icon.svg at 16, 32 and 48 px (PNG images inside an ICO container);
 * - public/og.png: the 1200 × 630 social preview.
 * The raster files are rendered with the system Chromium (the one Playwright uses) and committed; run this again
 * after changing app/icon.svg or the token list. lib/tokenIcons.test.ts checks the SVGs against the generator.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { tokenIconPath, tokenIconSvg } from '../lib/tokenIcons'

const ROOT = path.resolve(__dirname, '..')
const PUBLIC = path.join(ROOT, 'public')

function stocks(): { symbol: string; name: string }[] {
  return (JSON.parse(readFileSync(path.join(ROOT, 'contracts/deploy/local.json'), 'utf8')) as { stocks: { symbol: string; name: string }[] }).stocks
}

function writeTokenIcons(): string[] {
  mkdirSync(path.join(PUBLIC, 'tokens'), { recursive: true })
  return stocks().map(({ symbol }) => {
    const file = path.join(PUBLIC, tokenIconPath(symbol))
    writeFileSync(file, tokenIconSvg(symbol))
    return path.relative(ROOT, file)
  })
}

const dataUrl = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`

async function renderPng(page: Page, html: string, width: number, height: number): Promise<Buffer> {
  await page.setViewportSize({ width, height })
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${html}</body></html>`)
  await page.waitForLoadState('load')
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width, height } })
}

/** An ICO holding PNG images (supported by every browser since Vista-era ICO readers). */
function ico(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // type: icon
  header.writeUInt16LE(images.length, 4)
  let offset = header.length
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i
    header.writeUInt8(size >= 256 ? 0 : size, at)
    header.writeUInt8(size >= 256 ? 0 : size, at + 1)
    header.writeUInt8(0, at + 2) // no palette
    header.writeUInt8(0, at + 3)
    header.writeUInt16LE(1, at + 4) // planes
    header.writeUInt16LE(32, at + 6) // bits per pixel
    header.writeUInt32LE(png.length, at + 8)
    header.writeUInt32LE(offset, at + 12)
    offset += png.length
  })
  return Buffer.concat([header, ...images.map((i) => i.png)])
}

function ogHtml(icon: string): string {
  const tokens = stocks()
    .map(({ symbol }) => `<img src="${dataUrl(tokenIconSvg(symbol))}" width="88" height="88" style="margin-right:20px">`)
    .join('')
  return `<div style="width:1200px;height:630px;box-sizing:border-box;padding:80px;background:#09090b;color:#e4e4e7;font-family:system-ui,sans-serif;display:flex;flex-direction:column;justify-content:space-between">
  <div style="display:flex;align-items:center;gap:28px"><img src="${dataUrl(icon)}" width="96" height="96"><span style="font-size:72px;font-weight:800;color:#fafafa">Livestock</span></div>
  <div style="font-size:44px;line-height:1.25;max-width:1000px">Tokenized US stocks as margin for BTC and ETH everlasting options, and as liquidity for the vaults that sell them.</div>
  <div style="display:flex;align-items:center">${tokens}<span style="font-size:28px;color:#a1a1aa;margin-left:12px">trade · pool · peg</span></div>
</div>`
}

async function main(): Promise<void> {
  const written = writeTokenIcons()
  const browser = await chromium.launch({ executablePath: process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium' })
  try {
    const page = await browser.newPage()
    const icon = readFileSync(path.join(ROOT, 'app/icon.svg'), 'utf8')
    const images = []
    for (const size of [16, 32, 48]) {
      images.push({ size, png: await renderPng(page, `<img src="${dataUrl(icon)}" width="${size}" height="${size}" style="display:block">`, size, size) })
    }
    writeFileSync(path.join(PUBLIC, 'favicon.ico'), ico(images))
    writeFileSync(path.join(PUBLIC, 'og.png'), await renderPng(page, ogHtml(icon), 1200, 630))
    written.push('public/favicon.ico', 'public/og.png')
  } finally {
    await browser.close()
  }
  console.log(`[assets] wrote ${written.join(', ')}`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
