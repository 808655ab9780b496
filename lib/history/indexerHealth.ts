/**
 * The indexer's own health, from Ponder's `GET /ready`: 200 once it has indexed the chain's history and follows the
 * head, 503 while it is still catching up (its answers then lag the chain); no answer at all means it is down.
 */
export type IndexerHealth = { status: 'ready' } | { status: 'syncing' } | { status: 'down'; detail: string }

export function indexerHealthFromReady(answer: { status: number } | { error: unknown }): IndexerHealth {
  if ('error' in answer) {
    const error = answer.error
    return { status: 'down', detail: error instanceof Error ? error.message : 'no answer' }
  }
  if (answer.status === 200) return { status: 'ready' }
  if (answer.status === 503) return { status: 'syncing' }
  return { status: 'down', detail: `HTTP ${answer.status}` }
}

/** The banner's sentence; nothing while the indexer is ready. */
export function indexerHealthMessage(health: IndexerHealth, url: string): string | undefined {
  switch (health.status) {
    case 'ready':
      return undefined
    case 'syncing':
      return `The indexer at ${url} is still catching up with the chain: charts and past activity may lag. Trading is not affected.`
    case 'down':
      return `History unavailable: the indexer at ${url} is not answering. Charts and past activity are paused; trading is not affected.`
  }
}
