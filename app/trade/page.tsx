import type { Metadata } from 'next'
import Link from 'next/link'

import { PageHeading } from '../../components/PageHeading'
import { TradeView } from '../../components/trade/TradeView'

export const metadata: Metadata = {
  title: 'Trade',
  description: 'Post a stock token as margin and buy or sell BTC and ETH everlasting calls and puts: the option chain, funding per day, margin and liquidation price before you sign.',
}

export default function TradePage() {
  return (
    <div className="flex flex-col gap-6">
      <PageHeading title="Trade">
        Post a stock token as margin and buy BTC or ETH everlasting calls and puts from its vault. No expiry: you pay funding
        per second instead.{' '}
        <Link href="/learn" className="text-sky-400 hover:underline">
          New to options? How it works
        </Link>
      </PageHeading>
      <TradeView />
    </div>
  )
}
