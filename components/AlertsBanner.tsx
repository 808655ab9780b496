'use client'

import Link from 'next/link'

import { useAlerts } from '../hooks/useAlerts'
import { Banner } from './Banner'

/** The connected trader's margin and peg alerts, under the nav on every page, each with a link to act. */
export default function AlertsBanner() {
  const { alerts, dismiss } = useAlerts()
  if (alerts.length === 0) return null
  return (
    <div data-testid="alerts">
      {alerts.map((alert) => (
        <Banner
          key={alert.id}
          tone={alert.level === 'danger' ? 'error' : 'warning'}
          testId={`alert-${alert.id}`}
          action={
            <span className="flex items-center gap-3">
              <Link href={alert.kind === 'margin' ? '/trade' : '/peg'} className="font-medium underline">
                {alert.kind === 'margin' ? 'Add margin or reduce' : 'See the peg'}
              </Link>
              <button type="button" onClick={() => dismiss(alert)} className="text-xs opacity-80 hover:opacity-100" aria-label={`Dismiss: ${alert.text}`}>
                Dismiss
              </button>
            </span>
          }
        >
          {alert.text}
        </Banner>
      ))}
    </div>
  )
}
