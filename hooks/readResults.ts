/**
 * wagmi's `useReadContracts` returns one `{ status, result, error }` per call. With lists built at run
 * time (one call per stock, per market) TypeScript only knows the union of the result types, so the
 * hooks name the type they expect here, once, next to the call that produces it.
 */
export type ReadEntry = { status: 'success'; result: unknown } | { status: 'failure'; error: Error } | undefined

export function resultOf<value>(entry: { status: string; result?: unknown } | undefined): value | undefined {
  return entry?.status === 'success' ? (entry.result as value) : undefined
}
