import type { Address, Hex } from 'viem'

import type { Deployment, StockDeployment } from '../deployments'
import type { UnderlyingId } from '../markets'

/**
 * Where a price's history is written on chain. On a signed-reports deployment the OracleHub reads `StreamsFeed`
 * adapters over the ReportStore, which emit nothing themselves: the history is the store's `ReportStored(feedId, …)`.
 * Only a push-feed deployment has `AnswerUpdated` on the feed's own address.
 */
export type PriceFeedSource = { kind: 'report'; feedId: Hex } | { kind: 'push'; feed: Address }

/** Data Streams feed names of the underlyings' spot (deploy/*.json `streams.feeds`). */
const SPOT_FEED_NAMES = { 0: 'BTC/USD', 1: 'ETH/USD' } as const satisfies Record<UnderlyingId, string>
const SPOT_PUSH_CONTRACTS = { 0: 'BtcUsdFeed', 1: 'EthUsdFeed' } as const satisfies Record<UnderlyingId, string>

export function stockPriceFeed(deployment: Deployment, stock: StockDeployment): PriceFeedSource {
  const feedId = deployment.streams?.feeds[stock.feedName]
  return feedId ? { kind: 'report', feedId } : { kind: 'push', feed: stock.feed }
}

/** Undefined when the deployment has neither a report feed nor a push feed for it. */
export function spotPriceFeed(deployment: Deployment, underlying: UnderlyingId): PriceFeedSource | undefined {
  const feedId = deployment.streams?.feeds[SPOT_FEED_NAMES[underlying]]
  if (feedId) return { kind: 'report', feedId }
  const feed = deployment.contracts[SPOT_PUSH_CONTRACTS[underlying]]
  return feed ? { kind: 'push', feed } : undefined
}
