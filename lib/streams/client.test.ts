import type { Hex } from 'viem'
import { describe, expect, it } from 'vitest'

import { createStreamsClient, decodeApiReport, StreamsApiError, type ApiReport } from './client'
import { feedId } from './feeds'
import { signReport } from './fullReport'
import { LOCAL_SIGNER_KEYS } from './localSigners'
import { encodeReportData } from './report'

const id = feedId(8, 'TSLA')

async function apiReport(t: number): Promise<ApiReport> {
  const reportData = encodeReportData({
    version: 8, feedId: id, validFromTimestamp: t, observationsTimestamp: t, nativeFee: 0n, linkFee: 0n, expiresAt: t + 3600,
    lastUpdateTimestamp: BigInt(t) * 10n ** 9n, midPrice: 430n * 10n ** 18n, marketStatus: 2,
  })
  const fullReport = await signReport({ reportData, configDigest: `0x0006${'11'.repeat(30)}`, epoch: t, privateKeys: LOCAL_SIGNER_KEYS.slice(0, 2) })
  return { feedID: id, validFromTimestamp: t, observationsTimestamp: t, fullReport }
}

function fakeFetch(handler: (url: URL, headers: Headers) => Response) {
  const calls: { url: URL; headers: Headers }[] = []
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input))
    const headers = new Headers(init?.headers)
    calls.push({ url, headers })
    return handler(url, headers)
  }) as typeof fetch
  return { fetchFn, calls }
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('Data Streams client', () => {
  it('asks for the REST paths and unwraps { report } / { reports }', async () => {
    const report = await apiReport(1000)
    const { fetchFn, calls } = fakeFetch((url) => (url.pathname.endsWith('/bulk') ? json({ reports: [report] }) : json({ report })))
    const client = createStreamsClient({ endpoint: 'http://127.0.0.1:8788', fetch: fetchFn })
    expect(await client.latest(id)).toEqual(report)
    expect(await client.at(id, 1000)).toEqual(report)
    expect(await client.bulk([id, id], 1000)).toEqual([report])
    expect(calls.map((c) => c.url.pathname + c.url.search)).toEqual([
      `/api/v1/reports/latest?feedID=${id}`,
      `/api/v1/reports?feedID=${id}&timestamp=1000`,
      `/api/v1/reports/bulk?feedIDs=${id},${id}&timestamp=1000`,
    ])
    expect(calls[0].headers.get('Authorization')).toBeNull()
  })

  it('answers null for a report that does not exist yet and throws on other errors', async () => {
    const { fetchFn } = fakeFetch((url) => (url.pathname.endsWith('/latest') ? json({ error: 'down' }, 503) : json({ error: 'not yet' }, 404)))
    const client = createStreamsClient({ endpoint: 'http://127.0.0.1:8788', fetch: fetchFn })
    expect(await client.at(id, 5)).toBeNull()
    expect(await client.bulk([id], 5)).toBeNull()
    await expect(client.latest(id)).rejects.toBeInstanceOf(StreamsApiError)
  })

  it('adds the HMAC headers when credentials are set', async () => {
    const { fetchFn, calls } = fakeFetch(() => json({ feeds: [] }))
    const client = createStreamsClient({ endpoint: 'https://api.example', apiKey: 'k', userSecret: 's', fetch: fetchFn })
    await client.feeds()
    expect(calls[0].headers.get('Authorization')).toBe('k')
    expect(calls[0].headers.get('X-Authorization-Signature-SHA256')).toMatch(/^[0-9a-f]{64}$/)
  })

  it('decodes an API report: data by schema, epoch and round from the context', async () => {
    const decoded = decodeApiReport(await apiReport(1234))
    expect(decoded.report).toMatchObject({ version: 8, feedId: id, observationsTimestamp: 1234, midPrice: 430n * 10n ** 18n, marketStatus: 2 })
    expect(decoded.epoch).toBe(1234)
    expect(decoded.full.rs).toHaveLength(2)
    expect(decoded.full.reportContext[0]).toBe(`0x0006${'11'.repeat(30)}` as Hex)
  })
})
