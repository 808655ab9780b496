import { and, asc, createClient, desc, eq, inArray } from '@ponder/client'
import type { Address } from 'viem'

import * as schema from '../../indexer/ponder.schema'
import type { Deployment } from '../deployments'
import type { PriceUpdate } from './prices'
import { type PriceFeedSource, spotPriceFeed, stockPriceFeed } from './priceFeeds'
import type { Trade } from './records'
import type { HistorySource } from './source'

/**
 * Price rows read per chart: the newest ones. The keeper stores a report per feed every few seconds, so a feed's
 * whole life can be millions of rows; a chart draws at most 1,500 points anyway.
 */
export const MAX_PRICE_ROWS = 5_000

/**
 * History from the deployment's Ponder indexer (indexer/), through @ponder/client: typed SQL over HTTP against the
 * indexer's own tables (indexer/ponder.schema.ts), one request per query, filtered and sorted by the database.
 *
 * The indexer follows the ReportStore, not push feeds: on a push-feed deployment (no Data Streams) the price
 * histories come from `pushPrices` (the getLogs source) instead.
 */
export function createPonderHistorySource({
  url,
  deployment,
  pushPrices,
}: {
  url: string
  deployment: Deployment
  pushPrices: Pick<HistorySource, 'referencePrices' | 'spotPrices'>
}): HistorySource {
  const { db } = createClient(`${url}/sql`, { schema })

  async function reportPrices(feedId: PriceFeedSource & { kind: 'report' }): Promise<PriceUpdate[]> {
    const r = schema.reports
    const rows = await db
      .select({ observedAt: r.observedAt, price: r.price })
      .from(r)
      .where(eq(r.feedId, feedId.feedId))
      .orderBy(desc(r.observedAt))
      .limit(MAX_PRICE_ROWS)
    return rows.reverse().map((row) => ({ timestamp: row.observedAt, price: row.price }))
  }

  return {
    origin: { kind: 'indexer', url },
    referencePrices(stock) {
      const source = stockPriceFeed(deployment, stock)
      return source.kind === 'report' ? reportPrices(source) : pushPrices.referencePrices(stock)
    },
    async spotPrices(underlying) {
      const source = spotPriceFeed(deployment, underlying)
      if (!source) return []
      return source.kind === 'report' ? reportPrices(source) : pushPrices.spotPrices(underlying)
    },
    async pegObservations(stock) {
      const p = schema.pegObservations
      const rows = await db
        .select({ observedAt: p.observedAt, priceCumulative: p.priceCumulative })
        .from(p)
        .where(eq(p.stock, stock.token))
        .orderBy(desc(p.observedAt))
        .limit(MAX_PRICE_ROWS)
      return rows.reverse().map((row) => ({ timestamp: row.observedAt, priceCumulative: row.priceCumulative }))
    },
    async fundingAccruals(marketIds) {
      if (marketIds?.length === 0) return []
      const f = schema.fundingAccruals
      const rows = await db
        .select({ marketId: f.marketId, cumFunding: f.cumFunding, timestamp: f.timestamp, txHash: f.txHash })
        .from(f)
        .where(marketIds ? inArray(f.marketId, [...marketIds]) : undefined)
        .orderBy(asc(f.blockNumber), asc(f.logIndex))
      return rows
    },
    async feeSplits() {
      const f = schema.feeDistributions
      // `swept` rows move what `distributed` rows already counted from the engine to the vaults: not earnings again.
      return db
        .select({ token: f.token, toMain: f.toMain, toInsurance: f.toInsurance, timestamp: f.timestamp, txHash: f.txHash })
        .from(f)
        .where(eq(f.kind, 'distributed'))
        .orderBy(asc(f.blockNumber), asc(f.logIndex))
    },
    async fundingPayments(filter) {
      const f = schema.fundingPayments
      // One direction per read: `paid` rows are longs' FundingSettled, `received` rows shorts' FundingReceived.
      const direction = eq(f.kind, filter?.direction ?? 'paid')
      return db
        .select({ trader: f.trader, token: f.token, fundingUsd: f.fundingUsd, amountX: f.amountX, timestamp: f.timestamp, txHash: f.txHash })
        .from(f)
        .where(filter?.trader ? and(direction, eq(f.trader, filter.trader)) : direction)
        .orderBy(asc(f.blockNumber), asc(f.logIndex))
    },
    async sharePrices(vaults) {
      if (vaults.length === 0) return []
      const s = schema.vaultSnapshots
      const byLowercase = new Map<Address, Address>(vaults.map((v) => [v.toLowerCase() as Address, v]))
      const rows = await db
        .select({ vault: s.vault, timestamp: s.timestamp, sharePrice: s.sharePrice })
        .from(s)
        .where(inArray(s.vault, [...byLowercase.keys()]))
        .orderBy(asc(s.blockNumber))
      // Answer with the addresses as asked (checksummed), so callers can key by them.
      return rows.map((row) => ({ vault: byLowercase.get(row.vault.toLowerCase() as Address) ?? row.vault, timestamp: row.timestamp, assetsPerShare: row.sharePrice }))
    },
    async trades(trader) {
      const e = schema.positionEvents
      const rows = await db.select().from(e).where(eq(e.trader, trader)).orderBy(asc(e.blockNumber), asc(e.logIndex))
      return rows.map(positionEventToTrade)
    },
    async liquidations(trader) {
      const l = schema.liquidations
      return db
        .select({ trader: l.trader, token: l.token, liquidator: l.liquidator, pnlUsd: l.pnlUsd, rewardX: l.rewardX, timestamp: l.timestamp, txHash: l.txHash })
        .from(l)
        .where(eq(l.trader, trader))
        .orderBy(asc(l.blockNumber), asc(l.logIndex))
    },
  }
}

/** A `position_events` row as the PositionTraded it was indexed from (its signed size, size after and realized PnL). */
export function positionEventToTrade(row: typeof schema.positionEvents.$inferSelect): Trade {
  return {
    trader: row.trader,
    marketId: row.marketId,
    size: row.size,
    price: row.price,
    feeUsd: row.feeUsd,
    newSize: row.sizeAfter,
    pnlUsd: row.pnlUsd,
    timestamp: row.timestamp,
    txHash: row.txHash,
  }
}
