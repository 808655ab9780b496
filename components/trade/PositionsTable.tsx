'use client'

import { useAccountView } from '../../hooks/useAccountView'
import { useOrders } from '../../hooks/useOrders'
import { useProtocolParams } from '../../hooks/useProtocolParams'
import { useQuote } from '../../hooks/useQuote'
import { useTradeActions } from '../../hooks/useTradeActions'
import { absSize, nearestLiquidationPrice, positionSide, type PositionView } from '../../lib/account'
import { formatSignedUsdWad, formatToken, formatUsdWad, formatUsdWhole } from '../../lib/format'
import { describeMarket } from '../../lib/markets'
import { closeBlockReason, type StockState } from '../../lib/protocol'
import { maxPriceWithSlippage, minPriceWithSlippage, parseSlippage } from '../../lib/ticket'
import { Card, toneClass } from '../ui/Card'
import { SubmitButton } from '../SubmitButton'

/**
 * Open positions settled in one token: side (Long / Short), size, entry, mark (theo, what a liquidation
 * closes at), PnL (signed and coloured), funding since the last settlement (a long's owed, a short's to receive, marked +; shown apart from price PnL), the
 * account's liquidation price from AccountLens (the nearer to spot of its two directions), and a close button: a
 * long is sold at the engine's sale quote minus slippage, a short bought back at its buy quote plus slippage.
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
          <table data-testid="positions-table" className="w-full min-w-[50rem] text-sm">
            <thead>
              <tr className="border-b border-zinc-800 text-left text-[11px] text-zinc-500 uppercase">
                <th className="py-1.5 pr-2 font-medium">Market</th>
                <th className="px-2 font-medium">Side</th>
                <th className="px-2 text-right font-medium">Size</th>
                <th className="px-2 text-right font-medium">Entry</th>
                <th className="px-2 text-right font-medium">Mark</th>
                <th className="px-2 text-right font-medium">PnL</th>
                <th className="px-2 text-right font-medium" title="Accrued since the last settlement, settled on the next touch: a long pays it, a short (marked +) receives it">
                  Funding owed / +received
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
  // Closing trades the whole position the other way: a long sells, a short buys back.
  const closeIsBuy = position.size < 0n
  const size = absSize(position.size)
  const { quote } = useQuote(position.marketId, size, closeIsBuy)
  const params = useProtocolParams()
  const feed = params.underlying(position.underlying)
  const liquidationPrice = nearestLiquidationPrice(position, feed?.spot)
  const { close, isSending, mode, orderFee } = useTradeActions(symbol)
  const slippage = parseSlippage(slippageText)
  const pnl = formatSignedUsdWad(position.pnlUsd)
  const id = position.marketId.toString()

  const orderReason =
    mode !== 'orders' ? undefined : pendingOrderId !== undefined ? `Order #${pendingOrderId} pending` : orderFee.fee === undefined ? 'Loading fee…' : undefined
  const reason =
    closeBlockReason(stock, symbol, feed) ?? (!slippage.ok ? 'Fix slippage' : !quote ? 'Quoting…' : orderReason)

  return (
    <tr data-testid={`position-row-${id}`} className="border-b border-zinc-800/60">
      <td className={`py-2 pr-2 ${position.isCall ? 'text-emerald-300' : 'text-rose-300'}`}>{describeMarket(position)}</td>
      <td className={`px-2 ${closeIsBuy ? 'text-amber-300' : 'text-sky-300'}`} data-testid={`position-side-${id}`}>
        {positionSide(position.size)}
      </td>
      <td className="px-2 text-right tabular-nums" data-testid={`position-size-${id}`}>
        {formatToken(size, 18)}
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
      <td
        className={`px-2 text-right tabular-nums ${closeIsBuy ? 'text-emerald-300' : 'text-amber-200/90'}`}
        data-testid={`position-funding-${id}`}
        data-direction={closeIsBuy ? 'received' : 'paid'}
      >
        {/* A short receives funding instead of owing it. */}
        {closeIsBuy ? `+${formatUsdWad(position.fundingReceivableUsd)}` : formatUsdWad(position.unpaidFundingUsd)}
      </td>
      <td className="px-2 text-right tabular-nums" data-testid={`position-liq-${id}`}>
        {liquidationPrice === undefined ? '…' : liquidationPrice > 0n ? formatUsdWhole(liquidationPrice) : 'none'}
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
              positionSize: position.size,
              limitPrice: closeIsBuy ? maxPriceWithSlippage(quote.price, slippage.bps) : minPriceWithSlippage(quote.price, slippage.bps),
              label: `Close ${closeIsBuy ? 'short ' : ''}${formatToken(size, 18)} ${describeMarket(position)} (${symbol})`,
            })
          }}
        >
          Close
        </SubmitButton>
      </td>
    </tr>
  )
}
