'use client'

import { type QueryKey, useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import type { Abi, Chain, Client, Hash, TransactionReceipt, Transport } from 'viem'
import { call, getTransaction, waitForTransactionReceipt } from 'viem/actions'
import { useConfig } from 'wagmi'
import { getAccount, getClient } from 'wagmi/actions'

import { explorerTxUrl, isSupportedChainId } from '../lib/chains'
import { runTransaction, type TxOutcome, type TxProgress } from './runTransaction'
import type { TxToast } from './txToastState'
import { useTxToastActions } from './useTxToasts'

export type SendTransaction = {
  /** Shown in the toast: what happens, in the user's words ("Deposit 10 TSLA.M"). */
  label: string
  /** Sends the transaction and resolves with its hash, e.g. `() => writeContractAsync({...})`. */
  request: () => Promise<Hash>
  /** Query keys to refetch after confirmation; by default every query refetches. */
  invalidate?: readonly QueryKey[]
  /**
   * ABIs used to decode custom errors that the called function's own ABI does not list, and the
   * revert of a transaction that was mined and failed (its receipt carries no ABI at all).
   */
  abis?: readonly Abi[]
}

/** A receipt this slow usually means a stuck nonce or a dead RPC; say so instead of spinning forever. */
const RECEIPT_TIMEOUT_MS = 120_000

/**
 * The one way the app writes to the chain:
 *
 *   const { send } = useTransaction()
 *   const outcome = await send({ label: 'Deposit 10 TSLA.M', request: () => writeContractAsync({...}) })
 *
 * It shows a toast (pending → confirmed / failed with the reason in words, or "Request cancelled in
 * wallet"), waits for the receipt, then refetches reads. It never throws; check `outcome.status`.
 */
export function useTransaction() {
  const config = useConfig()
  const queryClient = useQueryClient()
  const toasts = useTxToastActions()
  const [inFlight, setInFlight] = useState(0)

  const send = useCallback(
    async ({ label, request, invalidate, abis }: SendTransaction): Promise<TxOutcome<TransactionReceipt>> => {
      const toastId = toasts.add(label)
      // The receipt lives on the chain the wallet signed on, which may differ from the app's default.
      const walletChainId = getAccount(config).chainId
      const chainId = isSupportedChainId(walletChainId) ? walletChainId : undefined
      // The bare client, not getPublicClient/usePublicClient: their publicActions decorator bundles every viem action
      // (ENS, signature verification and its elliptic curves included); the actions used here are imported one by one.
      // Widened on purpose: viem's actions cannot infer over the union of one client per chain.
      const client = getClient(config, { chainId }) as Client<Transport, Chain>

      const refresh = () =>
        invalidate
          ? Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })))
          : queryClient.invalidateQueries()

      setInFlight((count) => count + 1)
      try {
        return await runTransaction({
          request,
          // viem's action rather than wagmi's: wagmi's throws a bare Error on a reverted receipt and
          // loses the revert data, which `replay` recovers instead.
          waitForReceipt: (hash) => waitForTransactionReceipt(client, { hash, timeout: RECEIPT_TIMEOUT_MS }),
          replay: async (receipt) => {
            const tx = await getTransaction(client, { hash: receipt.transactionHash })
            // State just before the transaction's block: exact on anvil (one transaction per block).
            return call(client, {
              account: tx.from,
              to: tx.to,
              data: tx.input,
              value: tx.value,
              blockNumber: receipt.blockNumber - 1n,
            })
          },
          refresh,
          onProgress: (progress) => toasts.update(toastId, toastPatch(progress, chainId)),
          abis,
        })
      } finally {
        setInFlight((count) => count - 1)
      }
    },
    [config, queryClient, toasts],
  )

  return { send, isSending: inFlight > 0 }
}

function toastPatch(progress: TxProgress, chainId: number | undefined): Partial<Omit<TxToast, 'id'>> {
  const hash = 'hash' in progress ? progress.hash : undefined
  return {
    phase: progress.phase,
    message: 'message' in progress ? progress.message : undefined,
    ...(hash ? { hash, explorerUrl: explorerTxUrl(chainId, hash) } : {}),
  }
}
