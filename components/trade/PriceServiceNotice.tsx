'use client'

import { usePriceService } from '../../hooks/usePriceService'
import { DEFAULT_ORDER_LIFETIME_SECONDS } from '../../lib/orders'
import { priceServiceDownMessage } from '../../lib/priceService'
import { Notice } from '../ui/Notice'

/** Says why orders are not filling when the price service (the DON) is down; nothing while it answers. */
export function PriceServiceNotice() {
  const health = usePriceService()
  if (health?.status !== 'down') return null
  return (
    <Notice tone="warning" testId="price-service-down">
      {priceServiceDownMessage(DEFAULT_ORDER_LIFETIME_SECONDS)}
    </Notice>
  )
}
