import type { Metadata } from 'next'

import { PageHeading } from '../../components/PageHeading'

export const metadata: Metadata = { title: 'Peg' }

/** Placeholder: DEX vs reference price charts arrive with lib/generated.ts. */
export default function PegPage() {
  return (
    <PageHeading title="Peg">
      Each token’s DEX price against the reference stock price, its deviation and peg state.
    </PageHeading>
  )
}
