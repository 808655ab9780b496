'use client'

import { useQuery } from '@tanstack/react-query'

import { type IndexerHealth, indexerHealthFromReady } from '../lib/history/indexerHealth'
import { useHistorySource } from './useHistorySource'

const POLL_MS = 5_000
const TIMEOUT_MS = 2_000

/**
 * Whether the deployment's indexer answers (Ponder's `GET /ready`), polled every 5 s. Undefined where history comes
 * from getLogs (no indexer to ask) and until the first answer.
 */
export function useIndexerHealth(): { health: IndexerHealth | undefined; url: string | undefined } {
  const { origin } = useHistorySource()
  const url = origin?.kind === 'indexer' ? origin.url : undefined
  const query = useQuery({
    queryKey: ['indexerHealth', url],
    enabled: url !== undefined,
    refetchInterval: POLL_MS,
    retry: false,
    queryFn: async (): Promise<IndexerHealth> => {
      try {
        const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(TIMEOUT_MS), cache: 'no-store' })
        return indexerHealthFromReady({ status: res.status })
      } catch (error) {
        return indexerHealthFromReady({ error })
      }
    },
  })
  return { health: query.data, url }
}
