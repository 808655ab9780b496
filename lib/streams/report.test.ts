import { describe, expect, it } from 'vitest'

import { feedId } from './feeds'
import { decodeReportData, encodeReportData, reportPrice, type ReportV3, type ReportV8 } from './report'

const common = { validFromTimestamp: 1_700_000_000, observationsTimestamp: 1_700_000_000, nativeFee: 0n, linkFee: 0n, expiresAt: 1_700_003_600 }

describe('report data', () => {
  it('round-trips v3 (crypto) in Chainlink layout: 9 words', () => {
    const report: ReportV3 = { version: 3, feedId: feedId(3, 'BTC/USD'), ...common, benchmarkPrice: 95_000n * 10n ** 18n, bid: 94_999n * 10n ** 18n, ask: 95_001n * 10n ** 18n }
    const data = encodeReportData(report)
    expect((data.length - 2) / 64).toBe(9)
    expect(decodeReportData(data)).toEqual(report)
    expect(reportPrice(report)).toBe(95_000n * 10n ** 18n)
  })

  it('round-trips v8 (RWA) with nanosecond lastUpdateTimestamp and market status', () => {
    const report: ReportV8 = {
      version: 8, feedId: feedId(8, 'TSLA'), ...common,
      lastUpdateTimestamp: 1_699_999_990n * 1_000_000_000n, midPrice: 430n * 10n ** 18n, marketStatus: 2,
    }
    const data = encodeReportData(report)
    expect((data.length - 2) / 64).toBe(9)
    expect(decodeReportData(data)).toEqual(report)
    expect(reportPrice(report)).toBe(430n * 10n ** 18n)
  })

  it('keeps negative int192 values and rejects a version that does not match the feed id', () => {
    const report: ReportV3 = { version: 3, feedId: feedId(3, 'ETH/USD'), ...common, benchmarkPrice: -5n, bid: -6n, ask: -4n }
    expect(decodeReportData(encodeReportData(report))).toEqual(report)
    expect(() => encodeReportData({ ...report, feedId: feedId(8, 'TSLA') })).toThrow(/not a v3 feed/)
  })
})
