'use client'

/** The body of the error boundaries: what went wrong, in one line, and a retry. */
export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  // Thrown values are not always Errors; production server errors carry only a digest.
  const message = error instanceof Error && error.message ? error.message : 'An unexpected error occurred.'
  const digest = error instanceof Error && 'digest' in error && typeof error.digest === 'string' ? error.digest : undefined

  return (
    <div role="alert" className="flex max-w-2xl flex-col gap-4 rounded-lg border border-rose-500/40 bg-rose-500/10 p-6">
      <h1 className="text-xl font-semibold text-rose-100">Something went wrong</h1>
      <p className="break-words text-rose-200">{message}</p>
      {digest && <p className="font-mono text-xs text-rose-300/70">Reference: {digest}</p>}
      <div>
        <button
          type="button"
          onClick={onRetry}
          className="rounded-md bg-rose-400 px-4 py-2 text-sm font-semibold text-zinc-950 hover:bg-rose-300"
        >
          Try again
        </button>
      </div>
    </div>
  )
}
