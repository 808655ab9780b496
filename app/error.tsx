'use client'

import { useEffect } from 'react'

import { ErrorPanel } from '../components/ErrorPanel'

/** Any page that throws shows what happened and a way back, never a blank screen. */
export default function RouteError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error)
  }, [error])
  return <ErrorPanel error={error} onRetry={retry} />
}
