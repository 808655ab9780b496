import type { Metadata } from 'next'

import { PageHeading } from '../../components/PageHeading'
import { TradeView } from '../../components/trade/TradeView'

export const metadata: Metadata = { title: 'Trade' }

export default function TradePage() {
  return (
    <div className="flex flex-col gap-6">
      <PageHeading title="Trade">
        Post a stock token as margin and buy BTC or ETH everlasting calls and puts from its vault. No expiry: you pay funding
        per second instead.
      </PageHeading>
      <TradeView />
    </div>
  )
}
