import { createHash, createHmac } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { authHeaders, hmacBaseString } from './auth'

const url = 'https://api.dataengine.chain.link/api/v1/reports/bulk?feedIDs=0xabc,0xdef&timestamp=1700000000'

describe('Data Streams HMAC auth', () => {
  it('signs "METHOD PATH?QUERY SHA256(body) KEY TS_MS"', () => {
    const emptyHash = createHash('sha256').update('').digest('hex')
    expect(hmacBaseString({ method: 'GET', url, apiKey: 'key-123', timestampMs: 1_700_000_000_123 })).toBe(
      `GET /api/v1/reports/bulk?feedIDs=0xabc,0xdef&timestamp=1700000000 ${emptyHash} key-123 1700000000123`,
    )
  })

  it('gives the headers @chainlink/data-streams-sdk 1.2.1 generateAuthHeaders gives for the same input', async () => {
    const headers = await authHeaders({ apiKey: 'key-123', userSecret: 'secret-456' }, { method: 'GET', url, timestampMs: 1_700_000_000_123 })
    expect(headers).toEqual({
      Authorization: 'key-123',
      'X-Authorization-Timestamp': '1700000000123',
      // Computed with the SDK's generateAuthHeaders("key-123", "secret-456", "GET", url, undefined, 1700000000123).
      'X-Authorization-Signature-SHA256': 'c448a4cd1201006a00cf61237752e422cfe34ed2165264f29238ef5fbfe46298',
    })
    const base = hmacBaseString({ method: 'GET', url, apiKey: 'key-123', timestampMs: 1_700_000_000_123 })
    expect(headers['X-Authorization-Signature-SHA256']).toBe(createHmac('sha256', 'secret-456').update(base).digest('hex'))
  })
})
