import { describe, expect, it } from 'vitest'

import { parseHealth, priceServiceDownMessage, priceServiceUrl } from './priceService'

describe('price service', () => {
  it('defaults to the local DON on the local chain only', () => {
    expect(priceServiceUrl(31337)).toBe(process.env.NEXT_PUBLIC_STREAMS_URL ?? 'http://127.0.0.1:8788')
    if (!process.env.NEXT_PUBLIC_STREAMS_URL) expect(priceServiceUrl(8453)).toBeUndefined()
  })

  it('reads the DON health answer', () => {
    expect(parseHealth({ ok: true, stopped: false, ready: true })).toEqual({ status: 'up' })
    expect(parseHealth({ ok: true, stopped: true, ready: true })).toEqual({ status: 'down', detail: 'stopped' })
    expect(parseHealth({ ok: true, stopped: false, ready: false })).toEqual({ status: 'down', detail: 'starting' })
    expect(parseHealth('nope')).toEqual({ status: 'down', detail: 'unexpected answer' })
  })

  it('says what happens to orders', () => {
    expect(priceServiceDownMessage(60)).toBe('Price service unreachable: orders wait for signed prices and expire after 60 s; you can cancel them then.')
  })
})
