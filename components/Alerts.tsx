'use client'

import dynamic from 'next/dynamic'
import { useAccount } from 'wagmi'

// Loaded once a wallet is connected: a visitor without one downloads none of it.
const AlertsBanner = dynamic(() => import('./AlertsBanner'), { ssr: false })

/** Margin and peg alerts for the connected trader (lib/alerts.ts). */
export function Alerts() {
  const { isConnected } = useAccount()
  return isConnected ? <AlertsBanner /> : null
}
