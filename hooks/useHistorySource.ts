'use client'

import { useMemo } from 'react'
import type { Chain, Client, Transport } from 'viem'
import { useClient } from 'wagmi'

import type { Deployment } from '../lib/deployments'
import { historyOrigin } from '../lib/history/origin'
import { createPonderHistorySource } from '../lib/history/ponderSource'
import { createRpcHistorySource } from '../lib/history/rpcSource'
import type { HistoryOrigin, HistorySource } from '../lib/history/source'
import { getEventIndexer } from '../lib/indexer/rpcIndexer'
import { useDeployment } from './useDeployment'

/** NEXT_PUBLIC_* is inlined at build time: the deployment's indexer, `none` for none (lib/history/origin.ts). */
const CONFIGURED_INDEXER_URL = process.env.NEXT_PUBLIC_INDEXER_URL

/** One source per chain client, so caches (getLogs ranges, past share prices) live as long as the page. */
const sources = new WeakMap<object, HistorySource>()

function sourceFor(client: Client<Transport, Chain>, deployment: Deployment, origin: HistoryOrigin): HistorySource {
  const existing = sources.get(client)
  if (existing) return existing
  const rpc = createRpcHistorySource({ client, deployment, events: getEventIndexer(client) })
  const source = origin.kind === 'indexer' ? createPonderHistorySource({ url: origin.url, deployment, pushPrices: rpc }) : rpc
  sources.set(client, source)
  return source
}

/**
 * The history source of the current chain (the indexer, or getLogs without one) and where it reads from.
 * The bare client, not usePublicClient: its publicActions decorator bundles every viem action; the getLogs source
 * imports the few it uses one by one.
 */
export function useHistorySource(): { source: HistorySource | undefined; origin: HistoryOrigin | undefined; chainId: number | undefined } {
  const { chainId, deployment } = useDeployment()
  const client = useClient({ chainId: chainId as never }) as Client<Transport, Chain> | undefined
  return useMemo(() => {
    if (chainId === undefined || !deployment || !client) return { source: undefined, origin: undefined, chainId }
    const origin = historyOrigin(chainId, CONFIGURED_INDEXER_URL)
    return { source: sourceFor(client, deployment, origin), origin, chainId }
  }, [chainId, deployment, client])
}
