import type { Metadata } from 'next'

import { PageHeading } from '../../components/PageHeading'
import { PegView } from '../../components/peg/PegView'

export const metadata: Metadata = {
  title: 'Peg',
  description: "Each stock token's DEX price against the real stock price, its peg state (healthy, strained, broken) and what the protocol does in each.",
}

export default function PegPage() {
  return (
    <div className="flex flex-col gap-6">
      <PageHeading title="Peg">
        A token is only as good as its peg: each token&apos;s DEX price against the real stock price, and what the protocol
        does when they drift apart.
      </PageHeading>
      <PegView />
    </div>
  )
}
