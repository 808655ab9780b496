import './globals.css'

import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'

import { IndexerStatus } from '../components/IndexerStatus'
import { NavBar } from '../components/NavBar'
import { RpcStatus } from '../components/RpcStatus'
import { TxToaster } from '../components/TxToaster'
import { WrongChainBanner } from '../components/WrongChainBanner'
import { Providers } from './providers'

export const metadata: Metadata = {
  title: { default: 'Livestock', template: '%s · Livestock' },
  description: 'Tokenized US stocks as margin for BTC/ETH perpetual options, and as liquidity for the vaults that sell them.',
}

export const viewport: Viewport = {
  themeColor: '#09090b',
  colorScheme: 'dark',
}

/** Dark by default, with the system font stack (no font downloads: the build runs offline). */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className="dark">
      <body className="min-h-screen bg-zinc-950 font-sans text-zinc-200 antialiased">
        <Providers>
          <NavBar />
          <WrongChainBanner />
          <RpcStatus />
          <IndexerStatus />
          <main className="mx-auto max-w-7xl px-4 py-8">{children}</main>
          <TxToaster />
        </Providers>
      </body>
    </html>
  )
}
