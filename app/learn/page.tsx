import type { Metadata } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'

import { PageHeading } from '../../components/PageHeading'
import { PEG_EXPLANATION, type PegState } from '../../lib/protocol'

export const metadata: Metadata = {
  title: 'How it works',
  description:
    'Everlasting options, funding per day, how a vault earns and can lose, what the peg states mean, and the risks: the plain version, before your first trade or deposit.',
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="flex max-w-3xl scroll-mt-24 flex-col gap-3">
      <h2 id={`${id}-title`} className="text-lg font-semibold text-zinc-100">
        {title}
      </h2>
      <div className="flex flex-col gap-3 leading-relaxed text-zinc-300">{children}</div>
    </section>
  )
}

const PEG_ORDER: readonly PegState[] = ['healthy', 'strained', 'broken']

/** The first steps, as a server page: no client JavaScript, reachable from the ticket and the pool. */
export default function LearnPage() {
  return (
    <div className="flex flex-col gap-10">
      <PageHeading title="How it works">
        The short version of what happens to your stock tokens here: as margin for options, or as liquidity in a vault.
        Numbers are this deployment&apos;s defaults; governance can change them, and the app always shows the live ones.
      </PageHeading>

      <Section id="everlasting" title="An option that never expires">
        <p>
          A <strong>call</strong> gains when BTC or ETH rises above its strike, a <strong>put</strong> when it falls below.
          An ordinary option expires on a date; an <strong>everlasting option</strong> does not. You hold it as long as you
          like and close it whenever you like, at its price then.
        </p>
        <p>
          Instead of paying a premium up front, a holder pays <strong>funding</strong> every second. Funding is the
          option&apos;s time value (its price minus what it would be worth exercised now) spread over the funding period
          T of 7 days. Holding one for 7 days at an unchanged price costs about what a 7-day option would have cost.
        </p>
      </Section>

      <Section id="funding" title="Funding, per day">
        <p>
          Example: a BTC call priced at $2,000 with BTC below its strike is all time value. Its holder pays $2,000 / 7 ≈
          <strong> $286 a day</strong>, <strong>14.3 % of its price a day</strong>, for as long as the price stays there.
          Every out-of-the-money option pays the same 1/7 of its price a day, whatever its strike; that is why the same
          number written as a yearly rate looks enormous (5,214 %), and why the app shows it per day first.
        </p>
        <p>
          A deep in-the-money option is mostly intrinsic value and pays little funding. If you <strong>sell</strong> (write)
          an option, you receive 70 % of the funding a holder of the same size pays; the rest goes to the insurance vault
          (20 %) and the treasury (10 %).
        </p>
      </Section>

      <Section id="margin" title="Your stock tokens as margin">
        <p>
          You deposit a stock token (TSLA.M, NVDA.M, AAPLx, AMZNx…) as margin. It counts at 35–45 % of its value for
          opening (the initial weight) and 45–55 % for staying open (the maintenance weight), at the lower of the
          stock&apos;s real price and its DEX price. Losses, fees and funding are taken from it in the token itself.
        </p>
        <p>
          When your margin falls below maintenance, a keeper <strong>liquidates</strong> the account: every position closes
          at its fair price, the close&apos;s fee is taken, and the keeper earns $5 plus 20 % of what is left (at most
          $500). The rest stays yours. Selling an option can lose more than its price: a short call&apos;s loss has no
          upper bound, and the ticket says so before you sign.
        </p>
      </Section>

      <Section id="vaults" title="How a vault earns, and how it can lose">
        <p>
          Each stock token has two vaults. The <strong>main vault</strong> takes the other side of every trade: it earns
          70 % of the fees and funding and keeps what traders lose, and it pays what traders win. The{' '}
          <strong>insurance vault</strong> earns 20 % of the fees and funding and pays first when a trader&apos;s loss is
          larger than their margin (bad debt).
        </p>
        <p>
          A vault can lose: when options it is short gain (a large BTC or ETH move), when bad debt is larger than the
          insurance vault, and in the token itself, since both vaults hold the stock token and its price moves. Leaving
          takes a request, a cooldown and a small exit fee, and pauses while the stock market is closed or the peg is not
          healthy.
        </p>
      </Section>

      <Section id="peg" title="The peg">
        <p>
          A stock token is only as good as its price on the DEX against the real stock. The app watches both; the
          protocol acts on the difference:
        </p>
        <ul className="flex flex-col gap-1 pl-5">
          {PEG_ORDER.map((state) => (
            <li key={state} className="list-disc">
              <strong className="capitalize">{state}</strong>: {PEG_EXPLANATION[state]}
            </li>
          ))}
        </ul>
        <p>While the US stock market is closed, margin weights drop by 10 points and new open interest is capped lower.</p>
      </Section>

      <Section id="risks" title="Risks, plainly">
        <ul className="flex flex-col gap-1 pl-5">
          <li className="list-disc">Funding is paid every second: an option held long enough costs its whole price and more.</li>
          <li className="list-disc">A sold option can lose without limit; liquidation can close it at a loss.</li>
          <li className="list-disc">Your margin is a stock token: if the stock falls, your margin falls with it.</li>
          <li className="list-disc">A token that loses its peg stops new positions and vault entry until it recovers.</li>
          <li className="list-disc">Vaults can lose value; withdrawals wait for a cooldown and can pause.</li>
        </ul>
        <p>
          Ready? <Link href="/trade" className="text-sky-400 hover:underline">Trade</Link> or{' '}
          <Link href="/pool" className="text-sky-400 hover:underline">provide liquidity</Link>.
        </p>
      </Section>
    </div>
  )
}
