import { sha256, stringToBytes, toHex, type Hex } from 'viem'

/**
 * Chainlink Data Streams API authentication (as @chainlink/data-streams-sdk 1.2.1 `generateAuthHeaders`):
 * Authorization = API key, X-Authorization-Timestamp = ms since epoch, X-Authorization-Signature-SHA256 =
 * hex HMAC-SHA256(user secret, "METHOD PATH?QUERY SHA256_HEX(body) API_KEY TIMESTAMP_MS").
 * WebCrypto, so it runs in Node ≥ 20 and in browsers alike.
 */
export type StreamsCredentials = { apiKey: string; userSecret: string }

export function hmacBaseString(args: { method: string; url: string; body?: string; apiKey: string; timestampMs: number }): string {
  const url = new URL(args.url)
  const bodyHash = sha256(stringToBytes(args.body ?? '')).slice(2)
  return `${args.method} ${url.pathname}${url.search} ${bodyHash} ${args.apiKey} ${args.timestampMs}`
}

export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  const utf8 = new TextEncoder()
  const key = await globalThis.crypto.subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, utf8.encode(message))
  return (toHex(new Uint8Array(mac)) as Hex).slice(2)
}

export async function authHeaders(
  credentials: StreamsCredentials,
  request: { method: string; url: string; body?: string; timestampMs?: number },
): Promise<Record<string, string>> {
  const timestampMs = request.timestampMs ?? Date.now()
  const base = hmacBaseString({ ...request, apiKey: credentials.apiKey, timestampMs })
  return {
    Authorization: credentials.apiKey,
    'X-Authorization-Timestamp': String(timestampMs),
    'X-Authorization-Signature-SHA256': await hmacSha256Hex(credentials.userSecret, base),
  }
}
