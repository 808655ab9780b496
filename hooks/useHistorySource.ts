'use client'

import { useMemo } from 'react'
import type { Chain, Client, Transport } from 'viem'
import { useClient } from 'wagmi'

import type { Deployment } from '../lib/deployments'
import { historyOrigin } from '../lib/history/origin'
import { createRpcHistorySource } from '../lib/history/rpcSource'
import type { HistoryOrigin, HistorySource } from '../lib/history/source'
import { getEventIndexer } from '../lib/indexer/rpcIndexer'
import { useDeployment } from './useDeployment'

/** NEXT_PUBLIC_* is inlined at build time: the deployment's indexer, `none` for none (lib/history/origin.ts). */
const CONFIGURED_INDEXER_URL = process.env.NEXT_PUBLIC_INDEXER_URL

/** One source per chain client, so caches (getLogs ranges, past share prices) live as long as the page. */
const sources = new WeakMap<object, Promise<HistorySource>>()

/**
 * The indexer source is loaded on first use, not with the page: `@ponder/client` and the schema (which imports
 * `ponder`) are about 100 kB compressed, and the indexer banner on every page needs only the origin.
 */
function loadSource(client: Client<Transport, Chain>, deployment: Deployment, origin: HistoryOrigin): Promise<HistorySource> {
  const existing = sources.get(client)
  if (existing) return existing
  const rpc = createRpcHistorySource({ client, deployment, events: getEventIndexer(client) })
  const source =
    origin.kind === 'indexer'
      ? import('../lib/history/ponderSource').then(({ createPonderHistorySource }) => createPonderHistorySource({ url: origin.url, deployment, pushPrices: rpc }))
      : Promise.resolve(rpc)
  // A failed chunk load is not cached: the next read tries again.
  source.catch(() => sources.delete(client))
  sources.set(client, source)
  return source
}

/**
 * Where the current chain's history comes from (the indexer, or getLogs without one) and how to get its source.
 * The bare client, not usePublicClient: its publicActions decorator bundles every viem action; the getLogs source
 * imports the few it uses one by one.
 */
export function useHistorySource(): {
  loadSource: (() => Promise<HistorySource>) | undefined
  origin: HistoryOrigin | undefined
  chainId: number | undefined
} {
  const { chainId, deployment } = useDeployment()
  const client = useClient({ chainId: chainId as never }) as Client<Transport, Chain> | undefined
  return useMemo(() => {
    if (chainId === undefined || !deployment || !client) return { loadSource: undefined, origin: undefined, chainId }
    const origin = historyOrigin(chainId, CONFIGURED_INDEXER_URL)
    return { loadSource: () => loadSource(client, deployment, origin), origin, chainId }
  }, [chainId, deployment, client])
}
