'use client'

import { useAccountView } from '../../hooks/useAccountView'
import { useOrders } from '../../hooks/useOrders'
import { useProtocolParams } from '../../hooks/useProtocolParams'
import { useQuote } from '../../hooks/useQuote'
import { useTradeActions } from '../../hooks/useTradeActions'
import type { PositionView } from '../../lib/account'
import { formatSignedUsdWad, formatToken, formatUsdWad, formatUsdWhole } from '../../lib/format'
import { describeMarket } from '../../lib/markets'
import { closeBlockReason, type StockState } from '../../lib/protocol'
import { minPriceWithSlippage, parseSlippage } from '../../lib/ticket'
import { Card, toneClass } from '../ui/Card'
import { SubmitButton } from '../SubmitButton'

/**
 * Open positions settled in one token: size, entry, mark (theo, what a liquidation closes at), PnL
 * (signed and coloured), funding owed since the last settlement (shown apart from price PnL), the
 * account's liquidation price from AccountLens, and a close button (the engine's sale quote minus
 * slippage).
 */
export function PositionsTable({ symbol, stock, slippageText }: { symbol: string; stock: StockState | undefined; slippageText: string }) {
  const account = useAccountView(symbol)
  const positions = account.view?.positions ?? []
  const orders = useOrders()
  const pendingOrder = account.stock ? orders.pendingByToken.get(account.stock.token.toLowerCase()) : undefined

  return (
    <Card
      title={`Positions settled in ${symbol}`}
      subtitle="Funding is charged per second and settled whenever the account is touched; PnL marks at theo."
      testId="positions"
    >
      {!account.isConnected ? (
        <p className="py-4 text-sm text-zinc-500">Connect a wallet to see your positions.</p>
      ) : positions.length === 0 ? (
        <p data-testid="positions-empty" className="py-4 text-sm text-zinc-500">
          {account.isLoading ? 'Loading…' : `No open positions in ${symbol}.`}
        </p>
      ) : (
        <div className="-mx-4 overflow-x-auto px-4">
          <table data-testid="positions-table" className="w-full min-w-[46rem] text-sm">
            <thead>
              <tr className="border-b border-zinc-800 text-left text-[11px] text-zinc-500 uppercase">
                <th className="py-1.5 pr-2 font-medium">Market</th>
                <th className="px-2 text-right font-medium">Size</th>
                <th className="px-2 text-right font-medium">Entry</th>
                <th className="px-2 text-right font-medium">Mark</th>
                <th className="px-2 text-right font-medium">PnL</th>
                <th className="px-2 text-right font-medium" title="Accrued since the last settlement; paid on the next touch">
                  Funding owed
                </th>
                <th className="px-2 text-right font-medium">Liq. price</th>
                <th className="pl-2 text-right font-medium">
                  <span className="sr-only">Close</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {positions.map((position) => (
                <PositionRow key={position.marketId.toString()} position={position} symbol={symbol} stock={stock} slippageText={slippageText} pendingOrderId={pendingOrder?.id} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  )
}

function PositionRow({
  position,
  symbol,
  stock,
  slippageText,
  pendingOrderId,
}: {
  position: PositionView
  symbol: string
  stock: StockState | undefined
  slippageText: string
  /** The account's pending order, if any: one at a time, so closing waits for it. */
  pendingOrderId: bigint | undefined
}) {
  const { quote } = useQuote(position.marketId, position.size, false)
  const params = useProtocolParams()
  const { close, isSending, mode, orderFee } = useTradeActions(symbol)
  const slippage = parseSlippage(slippageText)
  const pnl = formatSignedUsdWad(position.pnlUsd)
  const id = position.marketId.toString()

  const orderReason =
    mode !== 'orders' ? undefined : pendingOrderId !== undefined ? `Order #${pendingOrderId} pending` : orderFee.fee === undefined ? 'Loading fee…' : undefined
  const reason =
    closeBlockReason(stock, symbol, params.underlying(position.underlying)) ?? (!slippage.ok ? 'Fix slippage' : !quote ? 'Quoting…' : orderReason)

  return (
    <tr data-testid={`position-row-${id}`} className="border-b border-zinc-800/60">
      <td className={`py-2 pr-2 ${position.isCall ? 'text-emerald-300' : 'text-rose-300'}`}>{describeMarket(position)}</td>
      <td className="px-2 text-right tabular-nums" data-testid={`position-size-${id}`}>
        {formatToken(position.size, 18)}
      </td>
      <td className="px-2 text-right tabular-nums" data-testid={`position-entry-${id}`}>
        {formatUsdWad(position.entryPrice)}
      </td>
      <td className="px-2 text-right tabular-nums" data-testid={`position-mark-${id}`}>
        {formatUsdWad(position.markPrice)}
      </td>
      <td className={`px-2 text-right tabular-nums ${toneClass(pnl.tone)}`} data-testid={`position-pnl-${id}`} data-tone={pnl.tone}>
        {pnl.text}
      </td>
      <td className="px-2 text-right text-amber-200/90 tabular-nums" data-testid={`position-funding-${id}`}>
        {formatUsdWad(position.unpaidFundingUsd)}
      </td>
      <td className="px-2 text-right tabular-nums" data-testid={`position-liq-${id}`}>
        {position.liquidationPrice > 0n ? formatUsdWhole(position.liquidationPrice) : 'none'}
      </td>
      <td className="py-1 pl-2 text-right">
        <SubmitButton
          type="button"
          data-testid={`position-close-${id}`}
          className="!w-auto !px-3 !py-1 text-xs"
          disabledReason={reason}
          pending={isSending}
          pendingLabel={mode === 'orders' ? 'Placing…' : 'Closing…'}
          onClick={() => {
            if (reason || !quote || !slippage.ok) return
            void close({
              marketId: position.marketId,
              size: position.size,
              minPrice: minPriceWithSlippage(quote.price, slippage.bps),
              label: `Close ${formatToken(position.size, 18)} ${describeMarket(position)} (${symbol})`,
            })
          }}
        >
          Close
        </SubmitButton>
      </td>
    </tr>
  )
}
