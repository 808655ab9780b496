'use client'

import type { TradeSide } from '../../lib/tradeRisk'
import { SegmentedControl } from '../ui/SegmentedControl'

const SIDES = [
  { value: 'buy', label: 'Buy' },
  { value: 'sell', label: 'Sell' },
] as const

/** Buy (go long, pay the premium) or Sell (write: go short, receive the premium and funding). */
export function SideSwitch({ value, onChange }: { value: TradeSide; onChange: (side: TradeSide) => void }) {
  return <SegmentedControl label="Side" testId="ticket-side" value={value} onChange={onChange} options={SIDES} />
}
