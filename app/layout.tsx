import './globals.css'

import type { Metadata, Viewport } from 'next'
import type { ReactNode } from 'react'

import { Alerts } from '../components/Alerts'
import { IndexerStatus } from '../components/IndexerStatus'
import { NavBar } from '../components/NavBar'
import { RpcStatus } from '../components/RpcStatus'
import { TxToaster } from '../components/TxToaster'
import { WrongChainBanner } from '../components/WrongChainBanner'
import { Providers } from './providers'

const DESCRIPTION = 'Tokenized US stocks as margin for BTC/ETH everlasting options, and as liquidity for the vaults that sell them.'

export const metadata: Metadata = {
  // Absolute URLs for the social preview: the deployment's public address, localhost in development.
  metadataBase: new URL(process.env.NEXT_PUBLIC_SITE_URL ?? 'http://localhost:3000'),
  title: { default: 'Livestock', template: '%s · Livestock' },
  description: DESCRIPTION,
  // public/og.png and public/favicon.ico are drawn by `npm run assets`; app/icon.svg is the source of both.
  icons: { icon: [{ url: '/icon.svg', type: 'image/svg+xml' }, { url: '/favicon.ico', sizes: '16x16 32x32 48x48' }] },
  openGraph: { type: 'website', siteName: 'Livestock', title: 'Livestock', description: DESCRIPTION, images: [{ url: '/og.png', width: 1200, height: 630, alt: 'Livestock' }] },
  twitter: { card: 'summary_large_image', title: 'Livestock', description: DESCRIPTION, images: ['/og.png'] },
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
          <Alerts />
          <main className="mx-auto max-w-7xl px-4 py-8">{children}</main>
          <TxToaster />
        </Providers>
      </body>
    </html>
  )
}
