import { LOCAL_CHAIN_ID } from './chains'

/**
 * The price service: the Data Streams DON whose signed reports settle orders (locally `npm run don`). The app
 * only asks whether it is up, so it can say why an order waits. NEXT_PUBLIC_* is inlined at build time.
 */
const configured = process.env.NEXT_PUBLIC_STREAMS_URL

/** Where to ask: the configured URL, else the local DON's default on the local chain; none elsewhere. */
export function priceServiceUrl(chainId: number | undefined): string | undefined {
  if (configured) return configured.replace(/\/+$/, '')
  return chainId === LOCAL_CHAIN_ID ? 'http://127.0.0.1:8788' : undefined
}

export type PriceServiceHealth = { status: 'up' } | { status: 'down'; detail: string }

/** The DON's `GET /healthz` body: `stopped` (reports answer 503) or not `ready` (no signer set yet) is down. */
export function parseHealth(body: unknown): PriceServiceHealth {
  if (typeof body !== 'object' || body === null) return { status: 'down', detail: 'unexpected answer' }
  const { ok, stopped, ready } = body as { ok?: unknown; stopped?: unknown; ready?: unknown }
  if (stopped === true) return { status: 'down', detail: 'stopped' }
  if (ok !== true) return { status: 'down', detail: 'not healthy' }
  if (ready === false) return { status: 'down', detail: 'starting' }
  return { status: 'up' }
}

/** The banner's sentence. */
export function priceServiceDownMessage(orderLifetimeSeconds: number): string {
  return `Price service unreachable: orders wait for signed prices and expire after ${orderLifetimeSeconds} s; you can cancel them then.`
}
