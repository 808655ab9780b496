import { LOCAL_CHAIN_ID } from '../chains'
import type { HistoryOrigin } from './source'

/** Ponder's default port: where `npm run dev` and `npm run chain` serve the local chain's indexer. */
export const LOCAL_INDEXER_URL = 'http://127.0.0.1:42069'

/**
 * Where the app reads history on a chain (docs/decisions/012-history-source.md):
 * - `NEXT_PUBLIC_INDEXER_URL` set to a URL: that indexer (a deployment serves one chain, so one URL);
 * - set to `none`: the browser's getLogs path, for a deployment without an indexer;
 * - unset: the local indexer on the local chain, getLogs elsewhere.
 * There is no silent switch from a dead indexer to getLogs: the app says the indexer is down instead.
 */
export function historyOrigin(chainId: number | undefined, configured: string | undefined): HistoryOrigin {
  const value = configured?.trim()
  if (value === 'none') return { kind: 'rpc' }
  if (value) return { kind: 'indexer', url: value.replace(/\/+$/, '') }
  return chainId === LOCAL_CHAIN_ID ? { kind: 'indexer', url: LOCAL_INDEXER_URL } : { kind: 'rpc' }
}
