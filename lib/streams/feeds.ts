import { keccak256, stringToBytes, type Hex } from 'viem'

/**
 * Data Streams feed ids. The first 2 bytes of a Chainlink feed id are its report schema version
 * (0x0003… crypto v3, 0x0008… RWA v8); the local DON's ids follow the same convention, the other 30 bytes
 * come from the feed name: feedId(schema, name) = (schema << 240) | (keccak256(utf8 name) & (2^240 − 1)).
 */
export const SCHEMA_CRYPTO = 3
export const SCHEMA_RWA = 8
export type Schema = typeof SCHEMA_CRYPTO | typeof SCHEMA_RWA

/** Crypto feeds on the local chain (schema v3). The "-IV" feeds carry σ as a 1e18 fraction in benchmarkPrice. */
export const LOCAL_CRYPTO_FEEDS = ['BTC/USD', 'ETH/USD', 'BTC/USD-IV', 'ETH/USD-IV'] as const

const LOW_240 = (1n << 240n) - 1n

export function feedId(schema: number, name: string): Hex {
  if (!Number.isInteger(schema) || schema < 0 || schema > 0xffff) throw new Error(`Bad schema version ${schema}`)
  const id = (BigInt(schema) << 240n) | (BigInt(keccak256(stringToBytes(name))) & LOW_240)
  return `0x${id.toString(16).padStart(64, '0')}`
}

/** The report schema version of a feed id: its first 2 bytes. */
export function schemaOf(id: Hex): number {
  if (!/^0x[0-9a-fA-F]{64}$/.test(id)) throw new Error(`Not a 32-byte feed id: ${id}`)
  return parseInt(id.slice(2, 6), 16)
}

export type LocalFeed = { name: string; schema: Schema; id: Hex }

/** The local feed list: the four crypto feeds (v3) and one RWA feed (v8) per stock feed name (e.g. "TSLA"). */
export function localFeeds(stockFeedNames: readonly string[]): LocalFeed[] {
  return [
    ...LOCAL_CRYPTO_FEEDS.map((name) => ({ name, schema: SCHEMA_CRYPTO as Schema, id: feedId(SCHEMA_CRYPTO, name) })),
    ...stockFeedNames.map((name) => ({ name, schema: SCHEMA_RWA as Schema, id: feedId(SCHEMA_RWA, name) })),
  ]
}
