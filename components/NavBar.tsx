'use client'

import Link from 'next/link'
import { usePathname } from 'next/navigation'

import { SimulatedBadge } from './SimulatedBadge'
import { WalletButton } from './wallet/WalletButton'

const LINKS = [
  { href: '/', label: 'Home' },
  { href: '/trade', label: 'Trade' },
  { href: '/pool', label: 'Pool' },
  { href: '/peg', label: 'Peg' },
  { href: '/premiums', label: 'Premiums' },
  { href: '/learn', label: 'Learn' },
] as const

function isActive(pathname: string, href: string): boolean {
  return href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`)
}

export function NavBar() {
  const pathname = usePathname()
  return (
    <header className="border-b border-zinc-800 bg-zinc-950/80 backdrop-blur">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-semibold tracking-tight text-zinc-50">
          Livestock
        </Link>
        <nav aria-label="Main" className="flex flex-wrap gap-1">
          {LINKS.map(({ href, label }) => {
            const active = isActive(pathname, href)
            return (
              <Link
                key={href}
                href={href}
                aria-current={active ? 'page' : undefined}
                className={`rounded-md px-3 py-1.5 text-sm ${
                  active ? 'bg-zinc-800 text-zinc-50' : 'text-zinc-400 hover:bg-zinc-900 hover:text-zinc-100'
                }`}
              >
                {label}
              </Link>
            )
          })}
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <SimulatedBadge />
          <WalletButton />
        </div>
      </div>
    </header>
  )
}
