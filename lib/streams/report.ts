import { decodeAbiParameters, encodeAbiParameters, type Hex } from 'viem'

import { SCHEMA_CRYPTO, SCHEMA_RWA, schemaOf } from './feeds'

/**
 * Report data (the signed payload inside a full report), ABI-encoded exactly as Chainlink Data Streams does.
 * Prices have 18 decimals. Times are unix seconds, except v8 lastUpdateTimestamp (nanoseconds).
 */
type ReportCommon = {
  feedId: Hex
  validFromTimestamp: number
  observationsTimestamp: number
  nativeFee: bigint
  linkFee: bigint
  expiresAt: number
}
/** v3 (crypto): benchmark price, bid, ask. */
export type ReportV3 = ReportCommon & { version: 3; benchmarkPrice: bigint; bid: bigint; ask: bigint }
/** v8 (RWA): mid price, market status, the time (ns) the price last changed. */
export type ReportV8 = ReportCommon & { version: 8; lastUpdateTimestamp: bigint; midPrice: bigint; marketStatus: MarketStatus }
export type Report = ReportV3 | ReportV8

export const MARKET_STATUS = { unknown: 0, closed: 1, open: 2 } as const
export type MarketStatus = 0 | 1 | 2

const COMMON = [
  { name: 'feedId', type: 'bytes32' },
  { name: 'validFromTimestamp', type: 'uint32' },
  { name: 'observationsTimestamp', type: 'uint32' },
  { name: 'nativeFee', type: 'uint192' },
  { name: 'linkFee', type: 'uint192' },
  { name: 'expiresAt', type: 'uint32' },
] as const
export const REPORT_V3_ABI = [
  ...COMMON,
  { name: 'benchmarkPrice', type: 'int192' },
  { name: 'bid', type: 'int192' },
  { name: 'ask', type: 'int192' },
] as const
export const REPORT_V8_ABI = [
  ...COMMON,
  { name: 'lastUpdateTimestamp', type: 'uint64' },
  { name: 'midPrice', type: 'int192' },
  { name: 'marketStatus', type: 'uint32' },
] as const

export function encodeReportData(report: Report): Hex {
  const c = report
  const common = [c.feedId, c.validFromTimestamp, c.observationsTimestamp, c.nativeFee, c.linkFee, c.expiresAt] as const
  if (schemaOf(report.feedId) !== report.version) throw new Error(`Feed ${report.feedId} is not a v${report.version} feed`)
  if (report.version === SCHEMA_CRYPTO) {
    return encodeAbiParameters(REPORT_V3_ABI, [...common, report.benchmarkPrice, report.bid, report.ask])
  }
  return encodeAbiParameters(REPORT_V8_ABI, [...common, report.lastUpdateTimestamp, report.midPrice, report.marketStatus])
}

/** Decode report data by the schema in its feed id (the first 32 bytes). */
export function decodeReportData(data: Hex): Report {
  const schema = schemaOf(data.slice(0, 66) as Hex)
  if (schema === SCHEMA_CRYPTO) {
    const [feedId, validFromTimestamp, observationsTimestamp, nativeFee, linkFee, expiresAt, benchmarkPrice, bid, ask] =
      decodeAbiParameters(REPORT_V3_ABI, data)
    return { version: 3, feedId, validFromTimestamp, observationsTimestamp, nativeFee, linkFee, expiresAt, benchmarkPrice, bid, ask }
  }
  if (schema === SCHEMA_RWA) {
    const [feedId, validFromTimestamp, observationsTimestamp, nativeFee, linkFee, expiresAt, lastUpdateTimestamp, midPrice, status] =
      decodeAbiParameters(REPORT_V8_ABI, data)
    if (status > 2) throw new Error(`Unknown market status ${status}`)
    return {
      version: 8, feedId, validFromTimestamp, observationsTimestamp, nativeFee, linkFee, expiresAt,
      lastUpdateTimestamp, midPrice, marketStatus: status as MarketStatus,
    }
  }
  throw new Error(`Unsupported report schema v${schema}`)
}

/** The report's price: benchmarkPrice (v3) or midPrice (v8), 18 decimals. */
export function reportPrice(report: Report): bigint {
  return report.version === 3 ? report.benchmarkPrice : report.midPrice
}
