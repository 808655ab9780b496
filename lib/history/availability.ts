import type { HistoryOrigin } from './source'

/** What a history area shows: its data (possibly from before a failure), whether it is still loading, and why not. */
export type HistoryState<data> = {
  data: data | undefined
  isLoading: boolean
  /** Set while the latest read failed: the sentence the area shows instead of (or above) its chart. */
  unavailable: string | undefined
}

/** Browsers reject fetch with a TypeError when nothing answers (refused, DNS, CORS, offline); Node says "fetch failed". */
function isNoAnswer(error: unknown): boolean {
  if (error instanceof TypeError) return true
  const message = error instanceof Error ? error.message : ''
  return /fetch failed|failed to fetch|networkerror|load failed|ECONNREFUSED|timed? ?out|aborted/i.test(message)
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error)
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error'
  return line.length > 160 ? `${line.slice(0, 157)}…` : line
}

/** The sentence a history area shows when its read failed: which service, what happened, and that trading goes on. */
export function historyUnavailableMessage(origin: HistoryOrigin, error: unknown): string {
  const tail = 'Trading is not affected.'
  if (origin.kind === 'indexer') {
    return isNoAnswer(error)
      ? `History unavailable: the indexer at ${origin.url} is not answering. ${tail}`
      : `History unavailable: the indexer at ${origin.url} answered with an error (${firstLine(error)}). ${tail}`
  }
  return isNoAnswer(error)
    ? `History unavailable: the chain's RPC is not answering. ${tail}`
    : `History unavailable: the chain's RPC refused the event query (${firstLine(error)}). ${tail}`
}

/** A query's result as a history area's state. */
export function historyState<data>(origin: HistoryOrigin | undefined, query: { data: data | undefined; error: unknown; isLoading: boolean }): HistoryState<data> {
  return {
    data: query.data,
    isLoading: query.isLoading,
    unavailable: query.error && origin ? historyUnavailableMessage(origin, query.error) : undefined,
  }
}

/** What an empty chart says: why it is empty (unavailable, still loading) or that nothing happened yet. */
export function chartEmptyText(state: Pick<HistoryState<unknown>, 'isLoading' | 'unavailable'>, nothingYet: string): string {
  if (state.unavailable) return 'History unavailable'
  if (state.isLoading) return 'Reading history…'
  return nothingYet
}
