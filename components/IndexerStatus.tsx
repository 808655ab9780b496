'use client'

import { useIndexerHealth } from '../hooks/useHistoryIndexerHealth'
import { indexerHealthMessage } from '../lib/history/indexerHealth'
import { Banner } from './Banner'

/** Says when the indexer that serves history is down or catching up (beside the RPC banner); nothing while it is ready. */
export function IndexerStatus() {
  const { health, url } = useIndexerHealth()
  const message = health && url ? indexerHealthMessage(health, url) : undefined
  if (!message || !health) return null
  return (
    <Banner tone="warning" testId={health.status === 'down' ? 'indexer-down-banner' : 'indexer-syncing-banner'}>
      {message}
    </Banner>
  )
}
