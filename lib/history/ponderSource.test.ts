import { afterEach, describe, expect, it, vi } from 'vitest'

import { type Deployment, getDeployment, listStocks } from '../deployments'
import { createPonderHistorySource, MAX_PRICE_ROWS, positionEventToTrade } from './ponderSource'
import type { HistorySource } from './source'

const URL = 'http://127.0.0.1:42069'
const local = getDeployment(31337) as Deployment
const tsla = listStocks(local).find((s) => s.symbol === 'TSLA.M')!
const TRADER = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'

/** What the push-feed fallback would answer: only reached on a deployment without Data Streams. */
const pushPrices: Pick<HistorySource, 'referencePrices' | 'spotPrices'> = {
  referencePrices: async () => [{ timestamp: 1, price: 7n }],
  spotPrices: async () => [{ timestamp: 1, price: 8n }],
}

/** Serves @ponder/client's GET /sql/db?sql=… with `rows` (objects in the selected column order, numerics as text, as Postgres sends them). */
function serveRows(rows: Record<string, unknown>[]) {
  const asked: { sql: string; params: unknown[] }[] = []
  vi.stubGlobal('fetch', async (input: string | URL) => {
    const url = new globalThis.URL(String(input))
    expect(url.origin + url.pathname).toBe(`${URL}/sql/db`)
    // superjson's envelope: the query itself is under `json`.
    asked.push((JSON.parse(url.searchParams.get('sql')!) as { json: { sql: string; params: unknown[] } }).json)
    return new Response(JSON.stringify({ rows }), { status: 200 })
  })
  return asked
}

afterEach(() => vi.unstubAllGlobals())

describe('the indexer as history source', () => {
  it("reads a stock's reference from the reports of its feed id, newest rows first, and returns them oldest first", async () => {
    const asked = serveRows([
      { observedAt: 20, price: '431000000000000000000' },
      { observedAt: 10, price: '430000000000000000000' },
    ])
    const source = createPonderHistorySource({ url: URL, deployment: local, pushPrices })
    expect(await source.referencePrices(tsla)).toEqual([
      { timestamp: 10, price: 430n * 10n ** 18n },
      { timestamp: 20, price: 431n * 10n ** 18n },
    ])
    expect(asked[0].sql).toMatch(/from "reports" where "reports"\."feed_id" = \$1 order by "reports"\."observed_at" desc limit \$2/)
    expect(asked[0].params).toEqual([local.streams!.feeds.TSLA, MAX_PRICE_ROWS])
  })

  it('asks the push-feed fallback for prices on a deployment without Data Streams, and the indexer for nothing', async () => {
    const asked = serveRows([])
    const source = createPonderHistorySource({ url: URL, deployment: { ...local, streams: undefined }, pushPrices })
    expect(await source.referencePrices(tsla)).toEqual([{ timestamp: 1, price: 7n }])
    expect(await source.spotPrices(0)).toEqual([{ timestamp: 1, price: 8n }])
    expect(asked).toHaveLength(0)
  })

  it('filters funding accruals by market in SQL and types the numbers as bigints', async () => {
    const asked = serveRows([{ marketId: '3', cumFunding: '5000000000000000000', timestamp: 100, txHash: '0xab' }])
    const source = createPonderHistorySource({ url: URL, deployment: local, pushPrices })
    expect(await source.fundingAccruals([3n, 4n])).toEqual([{ marketId: 3n, cumFunding: 5n * 10n ** 18n, timestamp: 100, txHash: '0xab' }])
    expect(asked[0].sql).toMatch(/"funding_accruals"\."market_id" in \(\$1, \$2\)/)
    expect(await source.fundingAccruals([])).toEqual([])
    expect(asked).toHaveLength(1)
  })

  it('counts distributed fees only (a sweep moves what was already counted)', async () => {
    const asked = serveRows([])
    await createPonderHistorySource({ url: URL, deployment: local, pushPrices }).feeSplits()
    expect(asked[0].sql).toMatch(/where "fee_distributions"\."kind" = \$1/)
    expect(asked[0].params).toEqual(['distributed'])
  })

  it("reads funding paid (FundingSettled rows) or, when asked, the funding shorts received", async () => {
    const asked = serveRows([{ trader: TRADER, token: tsla.token.toLowerCase(), fundingUsd: '2000000000000000000', amountX: '5', timestamp: 60, txHash: '0xcd' }])
    const source = createPonderHistorySource({ url: URL, deployment: local, pushPrices })
    expect(await source.fundingPayments()).toEqual([{ trader: TRADER, token: tsla.token.toLowerCase(), fundingUsd: 2n * 10n ** 18n, amountX: 5n, timestamp: 60, txHash: '0xcd' }])
    expect(asked[0].sql).toMatch(/where "funding_payments"\."kind" = \$1 order by/)
    expect(asked[0].params).toEqual(['paid'])
    await source.fundingPayments({ trader: TRADER })
    expect(asked[1].sql).toMatch(/where \("funding_payments"\."kind" = \$1 and "funding_payments"\."trader" = \$2\)/)
    expect(asked[1].params).toEqual(['paid', TRADER])
    // What shorts received is the other direction of the same table.
    await source.fundingPayments({ trader: TRADER, direction: 'received' })
    expect(asked[2].sql).toMatch(/where \("funding_payments"\."kind" = \$1 and "funding_payments"\."trader" = \$2\)/)
    expect(asked[2].params).toEqual(['received', TRADER])
  })

  it('fails with the reason when the indexer is not answering (the caller shows "history unavailable")', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('fetch failed')
    })
    await expect(createPonderHistorySource({ url: URL, deployment: local, pushPrices }).feeSplits()).rejects.toThrow('fetch failed')
  })
})

describe('position events as trades', () => {
  const row = {
    id: '0x01-3',
    positionId: '0x01-1',
    trader: TRADER,
    token: tsla.token.toLowerCase() as `0x${string}`,
    marketId: 2n,
    side: 'long' as const,
    kind: 'increase' as const,
    size: 5n,
    sizeAfter: 8n,
    price: 100n,
    feeUsd: 1n,
    pnlUsd: 0n,
    orderId: 9n,
    timestamp: 50,
    blockNumber: 7n,
    txHash: '0x01' as const,
    logIndex: 3,
  } as const

  it('reads a row as the PositionTraded it came from: signed size, size after as newSize, its PnL', () => {
    expect(positionEventToTrade(row)).toEqual({
      trader: TRADER,
      marketId: 2n,
      size: 5n,
      price: 100n,
      feeUsd: 1n,
      newSize: 8n,
      pnlUsd: 0n,
      timestamp: 50,
      txHash: '0x01',
    })
  })

  it('keeps the signs of sells and shorts, and the PnL a reducing trade realized', () => {
    expect(positionEventToTrade({ ...row, kind: 'close', size: -8n, sizeAfter: 0n, pnlUsd: -3n })).toMatchObject({ size: -8n, newSize: 0n, pnlUsd: -3n })
    expect(positionEventToTrade({ ...row, side: 'short', kind: 'flip', size: -10n, sizeAfter: -2n, pnlUsd: 4n })).toMatchObject({ size: -10n, newSize: -2n, pnlUsd: 4n })
  })
})
