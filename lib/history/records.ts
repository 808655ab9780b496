import type { ContractEventArgsFromTopics, ContractEventName, Hex } from 'viem'

import type { livestockEngineAbi, pegOracleAbi } from '../generated'

/**
 * What the history sources return: each record is an event's own arguments (typed from the generated ABI, so a
 * renamed field is a type error in both sources) plus when it happened. Both the indexer (rows of
 * indexer/ponder.schema.ts) and the browser getLogs path produce exactly these.
 */
type EngineEventArgs<name extends ContractEventName<typeof livestockEngineAbi>> = ContractEventArgsFromTopics<typeof livestockEngineAbi, name>

/** Block time (unix seconds, chain time) and the transaction of an event. */
export type EventTime = { timestamp: number; txHash: Hex }

/** FundingAccrued: a market's cumulative funding per unit (USD, 18 decimals) when it was touched. */
export type FundingAccrual = Pick<EngineEventArgs<'FundingAccrued'>, 'marketId' | 'cumFunding'> & EventTime

/** FeesDistributed: fees and funding split 70/20/10 between a token's main vault, insurance vault and treasury. */
export type FeeSplit = Pick<EngineEventArgs<'FeesDistributed'>, 'token' | 'toMain' | 'toInsurance'> & EventTime

/** FundingSettled: funding an account's longs paid on a touch (USD owed, stock tokens taken). */
export type FundingPayment = EngineEventArgs<'FundingSettled'> & EventTime

/** Which way funding went: `paid` by an account's longs (FundingSettled), `received` by its shorts (FundingReceived). */
export type FundingDirection = 'paid' | 'received'

/**
 * PositionTraded: one trade of a trader in a market at the engine's price. `size` is signed (> 0 bought, < 0 sold),
 * `newSize` the signed position after it, `pnlUsd` what it realized on the part that reduced the position (0 when
 * it only grew one).
 */
export type Trade = EngineEventArgs<'PositionTraded'> & EventTime

/** Liquidated: a whole account closed at theo (`pnlUsd` over all its positions) and the liquidator's reward. */
export type Liquidation = EngineEventArgs<'Liquidated'> & EventTime

/**
 * PegOracle Observed: the pair's cumulative price at the observation's own `timestamp`; the DEX TWAP between two
 * observations is Δcumulative / Δt (lib/history/prices.ts `twapPrices`).
 */
export type PegObservation = Pick<ContractEventArgsFromTopics<typeof pegOracleAbi, 'Observed'>, 'priceCumulative'> & { timestamp: number }

/** A vault's share price at a time: `convertToAssets(1e24)`, stock tokens (wei) per 10^24 shares (lib/vaults.ts SHARE_UNIT). */
export type SharePriceSample = { vault: Hex; timestamp: number; assetsPerShare: bigint }
