import type { Metadata } from 'next'

import { PageHeading } from '../../components/PageHeading'
import { PremiumsView } from '../../components/premiums/PremiumsView'

export const metadata: Metadata = {
  title: 'Premiums',
  description: 'Funding per market: what option holders pay each day instead of an up-front premium, and what the vaults earned from it.',
}

export default function PremiumsPage() {
  return (
    <div className="flex flex-col gap-6">
      <PageHeading title="Premiums">
        Option buyers pay funding every second instead of a premium up front. Here is how much, per market, and what the
        vaults that sell those options earned.
      </PageHeading>
      <PremiumsView />
    </div>
  )
}
