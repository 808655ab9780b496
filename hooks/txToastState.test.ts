import { describe, expect, it } from 'vitest'

import { MAX_TOASTS, type TxToast, txToastReducer } from './txToastState'

const toast = (id: number, phase: TxToast['phase'] = 'signing'): TxToast => ({ id, label: `tx ${id}`, phase })

describe('txToastReducer', () => {
  it('adds, updates in place and dismisses', () => {
    let state = txToastReducer([], { type: 'add', toast: toast(1) })
    state = txToastReducer(state, { type: 'update', id: 1, patch: { phase: 'pending', hash: '0xabc' } })
    expect(state).toEqual([{ id: 1, label: 'tx 1', phase: 'pending', hash: '0xabc' }])
    expect(txToastReducer(state, { type: 'dismiss', id: 1 })).toEqual([])
  })

  it('drops the oldest finished toasts beyond the limit but keeps unfinished ones', () => {
    const state = [toast(1, 'signing'), toast(2, 'confirmed'), toast(3, 'pending'), toast(4, 'failed')]
    expect(state).toHaveLength(MAX_TOASTS)
    const next = txToastReducer(state, { type: 'add', toast: toast(5) })
    expect(next.map((item) => item.id)).toEqual([1, 3, 4, 5])
  })

  it('lets unfinished toasts exceed the limit rather than hide a pending transaction', () => {
    const state = [1, 2, 3, 4].map((id) => toast(id, 'pending'))
    expect(txToastReducer(state, { type: 'add', toast: toast(5) })).toHaveLength(5)
  })
})
