import type { Metadata } from 'next'
import Link from 'next/link'

import { PageHeading } from '../../components/PageHeading'
import { PoolView } from '../../components/pool/PoolView'

export const metadata: Metadata = {
  title: 'Pool',
  description: 'Deposit a stock token into its main vault (earns premiums, takes the other side of traders) or its insurance vault (first loss): share price, utilisation and withdrawals.',
}

export default function PoolPage() {
  return (
    <div className="flex flex-col gap-6">
      <PageHeading title="Pool">
        Deposit a stock token into the vault that sells options settled in it, and earn the funding and fees traders pay.
        Leaving takes a request, a cooldown and a small exit fee that stays with the other LPs.{' '}
        <Link href="/learn#vaults" className="text-sky-400 hover:underline">
          How a vault earns, and how it can lose
        </Link>
      </PageHeading>
      <PoolView />
    </div>
  )
}
