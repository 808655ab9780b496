import type { Hex } from 'viem'

import { authHeaders, type StreamsCredentials } from './auth'
import { decodeFullReport, epochAndRound, type FullReport } from './fullReport'
import { decodeReportData, type Report } from './report'

/**
 * A thin client for the Chainlink Data Streams REST API (and the local DON, which serves the same shape):
 * GET /api/v1/reports/latest?feedID=, /api/v1/reports?feedID=&timestamp=, /api/v1/reports/bulk?feedIDs=&timestamp=,
 * /api/v1/feeds. With apiKey + userSecret it adds Chainlink's HMAC headers (./auth), so the same client reads
 * Chainlink's API on Base.
 *
 * Not @chainlink/data-streams-sdk (1.2.1, tried): it does take a custom http:// endpoint and has no native code,
 * but it insists on apiKey, userSecret and a ws:// endpoint even when unused, brings ethers 6 and ws into a
 * viem-only codebase, and retries a 404 with exponential backoff, while our keeper asks for reports that do not
 * exist yet ("not yet") on purpose. Its request and HMAC formats are mirrored here.
 */
export type ApiReport = { feedID: Hex; validFromTimestamp: number; observationsTimestamp: number; fullReport: Hex }
export type ApiFeed = { feedID: Hex; name: string; [key: string]: unknown }

export class StreamsApiError extends Error {
  constructor(readonly status: number, readonly url: string, readonly body: string) {
    super(`Data Streams API ${status} for ${url}: ${body.slice(0, 200)}`)
    this.name = 'StreamsApiError'
  }
}

export type StreamsClientOptions = Partial<StreamsCredentials> & {
  /** e.g. http://127.0.0.1:8788 (local DON) or https://api.dataengine.chain.link */
  endpoint: string
  fetch?: typeof fetch
  timeoutMs?: number
}

export type StreamsClient = {
  /** The newest report of a feed. */
  latest(feedId: Hex): Promise<ApiReport>
  /** The report observed at `timestamp` (unix s) or the first after it; null while none exists yet (HTTP 404). */
  at(feedId: Hex, timestamp: number): Promise<ApiReport | null>
  /** `at` for several feeds at once; null while any of them has none yet (HTTP 404). Order is not guaranteed. */
  bulk(feedIds: readonly Hex[], timestamp: number): Promise<ApiReport[] | null>
  feeds(): Promise<ApiFeed[]>
}

export function createStreamsClient(options: StreamsClientOptions): StreamsClient {
  const doFetch = options.fetch ?? globalThis.fetch
  const credentials = options.apiKey && options.userSecret ? { apiKey: options.apiKey, userSecret: options.userSecret } : undefined

  async function get<T>(pathAndQuery: string, allowNotFound: boolean): Promise<T | null> {
    // Query strings are built by hand, unencoded (hex ids, commas, digits), as the SDK does: the HMAC covers them as sent.
    const url = new URL(pathAndQuery, options.endpoint).toString()
    const headers: Record<string, string> = { accept: 'application/json' }
    if (credentials) Object.assign(headers, await authHeaders(credentials, { method: 'GET', url }))
    const res = await doFetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) })
    if (res.status === 404 && allowNotFound) return null
    if (!res.ok) throw new StreamsApiError(res.status, url, await res.text().catch(() => ''))
    return (await res.json()) as T
  }

  return {
    async latest(feedId) {
      return (await get<{ report: ApiReport }>(`/api/v1/reports/latest?feedID=${feedId}`, false))!.report
    },
    async at(feedId, timestamp) {
      const body = await get<{ report: ApiReport }>(`/api/v1/reports?feedID=${feedId}&timestamp=${checkTime(timestamp)}`, true)
      return body?.report ?? null
    },
    async bulk(feedIds, timestamp) {
      if (feedIds.length === 0) return []
      const body = await get<{ reports: ApiReport[] }>(`/api/v1/reports/bulk?feedIDs=${feedIds.join(',')}&timestamp=${checkTime(timestamp)}`, true)
      return body?.reports ?? null
    },
    async feeds() {
      return (await get<{ feeds: ApiFeed[] }>('/api/v1/feeds', false))!.feeds
    },
  }
}

function checkTime(timestamp: number): number {
  if (!Number.isInteger(timestamp) || timestamp < 0) throw new Error(`Timestamp ${timestamp} is not a whole number of seconds`)
  return timestamp
}

export type DecodedApiReport = { report: Report; full: FullReport; epoch: number; round: number }

/** Decode an API report's fullReport: the envelope (context, signatures) and the report data by its schema. */
export function decodeApiReport(apiReport: ApiReport): DecodedApiReport {
  const full = decodeFullReport(apiReport.fullReport)
  return { report: decodeReportData(full.reportData), full, ...epochAndRound(full.reportContext) }
}
