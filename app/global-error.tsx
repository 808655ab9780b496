'use client'

import './globals.css'

import { useEffect } from 'react'

import { ErrorPanel } from '../components/ErrorPanel'

/** Errors in the root layout itself (providers, nav) replace the whole document, so it is rebuilt here. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error)
  }, [error])
  return (
    <html lang="en" className="dark">
      <body className="min-h-screen bg-zinc-950 font-sans text-zinc-200 antialiased">
        <main className="mx-auto max-w-7xl px-4 py-8">
          <ErrorPanel error={error} onRetry={retry} />
        </main>
      </body>
    </html>
  )
}
