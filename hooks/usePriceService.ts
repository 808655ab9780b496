'use client'

import { useQuery } from '@tanstack/react-query'

import { parseHealth, type PriceServiceHealth, priceServiceUrl } from '../lib/priceService'
import { useDeployment } from './useDeployment'

const POLL_MS = 3_000
const TIMEOUT_MS = 2_000

/**
 * Whether the price service (the Data Streams DON that signs the prices orders settle at) answers: polled every
 * 3 s while the deployment trades through the order router. `undefined` until the first answer, and on chains
 * where the app has no URL to ask.
 */
export function usePriceService(): PriceServiceHealth | undefined {
  const { chainId, orderRouter } = useDeployment()
  const url = priceServiceUrl(chainId)
  const query = useQuery({
    queryKey: ['priceService', url],
    enabled: orderRouter !== undefined && url !== undefined,
    refetchInterval: POLL_MS,
    retry: false,
    queryFn: async (): Promise<PriceServiceHealth> => {
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(TIMEOUT_MS), cache: 'no-store' })
        if (!res.ok) return { status: 'down', detail: `HTTP ${res.status}` }
        return parseHealth(await res.json())
      } catch (error) {
        return { status: 'down', detail: error instanceof Error ? error.message : 'unreachable' }
      }
    },
  })
  return query.data
}
