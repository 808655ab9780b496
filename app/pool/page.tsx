import type { Metadata } from 'next'

import { PageHeading } from '../../components/PageHeading'

export const metadata: Metadata = { title: 'Pool' }

/** Placeholder: vault dashboards (TVL, share price, APR, utilization) arrive with lib/generated.ts. */
export default function PoolPage() {
  return (
    <PageHeading title="Pool">
      Main and insurance vaults per stock token: deposit, request a withdrawal, execute it after the cooldown.
    </PageHeading>
  )
}
