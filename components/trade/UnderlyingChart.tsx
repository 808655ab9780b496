'use client'

import { useUnderlyingHistory } from '../../hooks/useHistory'
import type { UnderlyingId } from '../../lib/markets'
import { underlyingSymbol } from '../../lib/markets'
import { TimeSeriesChart } from '../charts/TimeSeriesChart'
import { Card } from '../ui/Card'

/** BTC or ETH spot over time, from the price feed's updates. */
export function UnderlyingChart({ underlying }: { underlying: UnderlyingId }) {
  const symbol = underlyingSymbol(underlying)
  const { data, hasFeed, error } = useUnderlyingHistory(underlying)
  return (
    <Card title={`${symbol} price`} subtitle={hasFeed ? 'Oracle price feed updates (chain time)' : 'No price feed in this deployment'}>
      <TimeSeriesChart
        key={underlying}
        testId="underlying-chart"
        label={`${symbol} price history`}
        height={220}
        emptyText={error ? 'Could not read the price history' : 'No price updates yet'}
        series={[{ id: symbol, label: `${symbol}/USD`, color: '#38bdf8', points: data ?? [], format: 'usd' }]}
      />
    </Card>
  )
}
