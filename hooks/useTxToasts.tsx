'use client'

import { createContext, type ReactNode, useContext, useMemo, useReducer, useRef } from 'react'

import { type TxToast, txToastReducer } from './txToastState'

/**
 * A tiny toast store in React context. Actions and the list live in separate contexts so that the
 * many components calling `useTransaction` do not re-render every time a toast changes.
 */

export type TxToastActions = {
  add: (label: string) => number
  update: (id: number, patch: Partial<Omit<TxToast, 'id'>>) => void
  dismiss: (id: number) => void
}

const ActionsContext = createContext<TxToastActions | null>(null)
const ListContext = createContext<readonly TxToast[]>([])

export function TxToastProvider({ children }: { children: ReactNode }) {
  const [toasts, dispatch] = useReducer(txToastReducer, [])
  const nextId = useRef(1)

  const actions = useMemo<TxToastActions>(
    () => ({
      add(label) {
        const id = nextId.current++
        dispatch({ type: 'add', toast: { id, label, phase: 'signing' } })
        return id
      },
      update: (id, patch) => dispatch({ type: 'update', id, patch }),
      dismiss: (id) => dispatch({ type: 'dismiss', id }),
    }),
    [],
  )

  return (
    <ActionsContext.Provider value={actions}>
      <ListContext.Provider value={toasts}>{children}</ListContext.Provider>
    </ActionsContext.Provider>
  )
}

export function useTxToastActions(): TxToastActions {
  const actions = useContext(ActionsContext)
  if (!actions) throw new Error('useTxToastActions must be used inside <TxToastProvider> (see app/providers.tsx)')
  return actions
}

export function useTxToastList(): readonly TxToast[] {
  return useContext(ListContext)
}
