'use client'

import { useQuery } from '@tanstack/react-query'

import { type HistoryState, historyState } from '../lib/history/availability'
import type { HistorySource } from '../lib/history/source'
import { useHistorySource } from './useHistorySource'

/** History is for trends: it refreshes on its own clock, not every block (reads do that). */
export const HISTORY_REFRESH_MS = 10_000

/**
 * One history read through the chain's source, refreshed every `refreshMs`. Until the first answer `isLoading`;
 * when a read fails, `unavailable` says which service did not answer (the last data, if any, stays).
 * `key` identifies the read within the source (strings: query keys cannot hold bigints); `read` undefined = idle.
 */
export function useHistoryQuery<data>(
  key: readonly string[],
  read: ((source: HistorySource) => Promise<data>) | undefined,
  refreshMs = HISTORY_REFRESH_MS,
): HistoryState<data> {
  const { loadSource, origin, chainId } = useHistorySource()
  const query = useQuery({
    queryKey: ['history', chainId, origin?.kind === 'indexer' ? origin.url : 'rpc', ...key],
    enabled: loadSource !== undefined && read !== undefined,
    refetchInterval: refreshMs,
    staleTime: refreshMs / 2,
    // One quick retry: a dead indexer should say so within seconds, not after react-query's 7 s of backoff.
    retry: 1,
    retryDelay: 1_000,
    placeholderData: (previous) => previous,
    queryFn: async () => {
      if (!loadSource || !read) throw new Error('no history source for this chain')
      return read(await loadSource())
    },
  })
  return historyState(origin, { data: query.data, error: query.error, isLoading: query.isLoading })
}
