import Link from 'next/link'

import { HomeSummary } from '../components/home/HomeSummary'
import { PageHeading } from '../components/PageHeading'

const SECTIONS = [
  { href: '/trade', title: 'Trade', text: 'Post stock tokens as margin and buy BTC/ETH everlasting calls and puts.' },
  { href: '/pool', title: 'Pool', text: 'Deposit stock tokens into the vaults that sell those options and earn their funding.' },
  { href: '/peg', title: 'Peg', text: 'Each token’s DEX price against the real stock price, and whether its peg is healthy.' },
  { href: '/premiums', title: 'Premiums', text: 'Funding rate history per market and what the vaults earned.' },
] as const

export default function HomePage() {
  return (
    <div className="flex flex-col gap-8">
      <PageHeading title="Livestock">
        Tokenized US stocks (TSLA.M, NVDA.M, AAPLx, AMZNx) can only be bought and held today; Livestock makes them work.
        Post them as margin to trade BTC and ETH perpetual options, or deposit them into the vaults that sell those
        options and earn the funding traders pay.
      </PageHeading>
      <HomeSummary />
      <ul className="grid gap-4 sm:grid-cols-2">
        {SECTIONS.map(({ href, title, text }) => (
          <li key={href}>
            <Link
              href={href}
              className="block h-full rounded-lg border border-zinc-800 bg-zinc-900/60 p-5 hover:border-zinc-600 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:outline-none"
            >
              <h2 className="font-semibold text-zinc-100">{title} →</h2>
              <p className="mt-1 text-sm text-zinc-400">{text}</p>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  )
}
