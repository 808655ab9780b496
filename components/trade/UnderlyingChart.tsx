'use client'

import { useDeployment } from '../../hooks/useDeployment'
import { useUnderlyingHistory } from '../../hooks/useHistoryPrices'
import { chartEmptyText } from '../../lib/history/availability'
import { spotPriceFeed } from '../../lib/history/priceFeeds'
import type { UnderlyingId } from '../../lib/markets'
import { underlyingSymbol } from '../../lib/markets'
import { HistoryUnavailable } from '../charts/HistoryUnavailable'
import { TimeSeriesChart } from '../charts/TimeSeriesChart'
import { Card } from '../ui/Card'

/** BTC or ETH spot over time, from the prices the OracleHub's feed received (signed reports or push updates). */
export function UnderlyingChart({ underlying }: { underlying: UnderlyingId }) {
  const symbol = underlyingSymbol(underlying)
  const { deployment } = useDeployment()
  const hasFeed = deployment !== undefined && spotPriceFeed(deployment, underlying) !== undefined
  const history = useUnderlyingHistory(underlying)
  return (
    <Card title={`${symbol} price`} subtitle={hasFeed ? 'Oracle price updates (chain time)' : 'No price feed in this deployment'}>
      <HistoryUnavailable message={history.unavailable} />
      <TimeSeriesChart
        key={underlying}
        testId="underlying-chart"
        label={`${symbol} price history`}
        height={220}
        emptyText={chartEmptyText(history, 'No price updates yet')}
        series={[{ id: symbol, label: `${symbol}/USD`, color: '#38bdf8', points: history.data ?? [], format: 'usd' }]}
      />
    </Card>
  )
}
