import type { Address } from 'viem'

import type { StockDeployment } from '../deployments'
import type { UnderlyingId } from '../markets'
import type { PriceUpdate } from './prices'
import type { FeeSplit, FundingAccrual, FundingDirection, FundingPayment, Liquidation, PegObservation, SharePriceSample, Trade } from './records'

/** Where history comes from (docs/decisions/012-history-source.md). */
export type HistoryOrigin =
  /** The deployment's Ponder indexer (indexer/), read through @ponder/client at `url`. */
  | { kind: 'indexer'; url: string }
  /** The browser's own eth_getLogs over the chain's RPC: the fallback for a deployment without an indexer. */
  | { kind: 'rpc' }

/**
 * The history the app shows, as domain queries. Every list is oldest first. A failed read rejects (the caller shows
 * "history unavailable"); an empty list means nothing happened yet.
 */
export interface HistorySource {
  readonly origin: HistoryOrigin
  /** A stock's reference price (the feed the OracleHub reads: signed reports or a push feed), USD WAD. */
  referencePrices(stock: StockDeployment): Promise<PriceUpdate[]>
  /** The PegOracle's observations of a stock's Uniswap pair. */
  pegObservations(stock: StockDeployment): Promise<PegObservation[]>
  /** BTC or ETH spot, USD WAD. */
  spotPrices(underlying: UnderlyingId): Promise<PriceUpdate[]>
  /** Funding accruals of the given markets (all markets without a list). */
  fundingAccruals(marketIds?: readonly bigint[]): Promise<FundingAccrual[]>
  /** What every token's vaults received, per trade. */
  feeSplits(): Promise<FeeSplit[]>
  /**
   * Funding settled to accounts, by every trader or one: paid by longs (FundingSettled, the default) or received by
   * shorts (FundingReceived, `direction: 'received'`). Both events carry the same fields.
   */
  fundingPayments(filter?: { trader?: Address; direction?: FundingDirection }): Promise<FundingPayment[]>
  /** Share price of each vault over time. */
  sharePrices(vaults: readonly Address[]): Promise<SharePriceSample[]>
  /** A trader's trades (PositionTraded: buys and sells, signed), direct or fills of their orders. */
  trades(trader: Address): Promise<Trade[]>
  /** A trader's liquidations. */
  liquidations(trader: Address): Promise<Liquidation[]>
}
