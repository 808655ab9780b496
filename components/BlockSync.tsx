'use client'

import { useBlockSync } from '../hooks/useBlockSync'

/** Mounted once in the providers: every new block refreshes the reads on screen. */
export function BlockSync() {
  useBlockSync()
  return null
}
