'use client'

import { useMarkets } from '../../hooks/useMarkets'
import { useOrderActions } from '../../hooks/useOrderActions'
import { useOrders } from '../../hooks/useOrders'
import { formatToken, formatUsdWad } from '../../lib/format'
import { describeMarket } from '../../lib/markets'
import { describePhase, formatCountdown, type OrderRow } from '../../lib/orders'
import { SubmitButton } from '../SubmitButton'
import { Card } from '../ui/Card'
import { ReadError } from '../ui/Notice'

/** Rows shown: the newest orders (a pending one is always among them: one per token at most). */
const MAX_ROWS = 8

const STATUS_STYLE = {
  pending: 'bg-amber-500/15 text-amber-200',
  filled: 'bg-emerald-500/15 text-emerald-200',
  cancelled: 'bg-rose-500/15 text-rose-200',
} as const

/**
 * The connected trader's orders (two-step trading): pending with its acceptable price and a countdown to its
 * expiry, then filled at the settlement price or cancelled with the reason in words; an expired pending order
 * gets a Cancel button that returns its fee.
 */
export function OrdersPanel({ stockSymbolOf }: { stockSymbolOf: (token: string | undefined) => string | undefined }) {
  const orders = useOrders()
  const markets = useMarkets()
  const actions = useOrderActions()
  const rows = orders.rows.slice(0, MAX_ROWS)

  return (
    <Card title="Orders" subtitle="Each order fills at the first signed price after it, or is cancelled with the reason." testId="orders">
      {orders.error && <ReadError error={orders.error} what="your orders" />}
      {rows.length === 0 ? (
        <p data-testid="orders-empty" className="py-2 text-sm text-zinc-500">
          {orders.isLoading ? 'Loading…' : 'No recent orders.'}
        </p>
      ) : (
        <ul className="flex flex-col divide-y divide-zinc-800/70">
          {rows.map((row) => {
            const market = markets.byId(row.marketId)
            const symbol = stockSymbolOf(market?.token)
            return (
              <OrderItem
                key={row.id.toString()}
                row={row}
                what={`${row.isBuy ? 'Buy' : 'Sell'} ${formatToken(row.size, 18)} ${market ? describeMarket(market) : `market #${row.marketId}`}${symbol ? ` · ${symbol}` : ''}`}
                feeText={`${formatToken(row.fee, 18, 6)}${symbol ? ` ${symbol}` : ''}`}
                onCancel={() => void actions.cancel(row.id, row.order)}
                cancelling={actions.isSending}
              />
            )
          })}
        </ul>
      )}
    </Card>
  )
}

function OrderItem({ row, what, feeText, onCancel, cancelling }: { row: OrderRow; what: string; feeText: string; onCancel: () => void; cancelling: boolean }) {
  const id = row.id.toString()
  return (
    <li data-testid={`order-row-${id}`} data-status={row.status} className="flex flex-col gap-1 py-2 text-sm">
      <div className="flex items-center justify-between gap-2">
        <span className="min-w-0 truncate text-zinc-200">
          <span className="text-zinc-500">#{id}</span> {what}
        </span>
        <span data-testid={`order-status-${id}`} className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[row.status]}`}>
          {row.status === 'pending' ? 'Pending' : row.status === 'filled' ? 'Filled' : 'Cancelled'}
        </span>
      </div>
      {row.status === 'pending' && (
        <>
          <p className="text-xs text-zinc-400">
            {row.isBuy ? 'Pays at most' : 'Sells for at least'}{' '}
            <span data-testid={`order-acceptable-${id}`} className="text-zinc-200 tabular-nums">
              {formatUsdWad(row.acceptablePrice)}
            </span>{' '}
            per unit · fee {feeText} ·{' '}
            <span data-testid={`order-expiry-${id}`} className="tabular-nums">
              {row.phase === 'expired' ? 'expired' : `expires in ${formatCountdown(row.secondsLeft)}`}
            </span>
          </p>
          <p data-testid={`order-phase-${id}`} className="text-xs text-zinc-500">
            {describePhase(row.phase)}
          </p>
          {row.canCancel && (
            <SubmitButton type="button" data-testid={`order-cancel-${id}`} className="!py-1.5 text-xs" pending={cancelling} pendingLabel="Cancelling…" onClick={onCancel}>
              Cancel order #{id} (fee {feeText} back)
            </SubmitButton>
          )}
        </>
      )}
      {row.status === 'filled' && (
        <p className="text-xs text-zinc-400">
          Filled at{' '}
          <span data-testid={`order-fill-${id}`} className="text-zinc-100 tabular-nums">
            {formatUsdWad(row.price)}
          </span>{' '}
          per unit (limit {formatUsdWad(row.acceptablePrice)})
        </p>
      )}
      {row.status === 'cancelled' && (
        <p data-testid={`order-reason-${id}`} className="text-xs text-rose-300">
          {row.reason}
        </p>
      )}
    </li>
  )
}
