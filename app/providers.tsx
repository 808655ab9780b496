'use client'

import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { type ReactNode, useState } from 'react'
import { WagmiProvider } from 'wagmi'

import { BlockSync } from '../components/BlockSync'
import { TxToastProvider } from '../hooks/useTxToasts'
import { wagmiConfig } from '../lib/wagmi'

/** One QueryClient per browser session (and per server render), created lazily in state. */
function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Chain reads are refreshed by block watchers and after each write, not on window focus.
      queries: { refetchOnWindowFocus: false },
    },
  })
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient)
  return (
    <WagmiProvider config={wagmiConfig}>
      <QueryClientProvider client={queryClient}>
        <BlockSync />
        <TxToastProvider>{children}</TxToastProvider>
      </QueryClientProvider>
    </WagmiProvider>
  )
}
