import type { Metadata } from 'next'

import { PageHeading } from '../../components/PageHeading'

export const metadata: Metadata = { title: 'Trade' }

/** Placeholder: option chain, order ticket, positions and account panel arrive with lib/generated.ts. */
export default function TradePage() {
  return (
    <PageHeading title="Trade">
      Option chain per underlying, order ticket, positions and your margin account.
    </PageHeading>
  )
}
