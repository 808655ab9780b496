import type { Metadata } from 'next'

import { PageHeading } from '../../components/PageHeading'

export const metadata: Metadata = { title: 'Premiums' }

/** Placeholder: funding history per market and vault earnings arrive with lib/generated.ts. */
export default function PremiumsPage() {
  return (
    <PageHeading title="Premiums">
      Funding rate history per market and what the vaults earned from it.
    </PageHeading>
  )
}
