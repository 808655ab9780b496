import type { Abi, Hash } from 'viem'

import { describeTxError, type TxErrorDescription } from '../lib/txError'

/**
 * The life of one write, without React or wagmi so that every branch can be tested with fakes:
 * ask the wallet → wait for the receipt → refresh reads. It never throws: the caller gets an
 * outcome, and `onProgress` gets every step for the toast.
 */

export type TxProgress =
  | { phase: 'signing' }
  | { phase: 'pending'; hash: Hash }
  | { phase: 'confirmed'; hash: Hash }
  | { phase: 'failed'; message: string; hash?: Hash }
  | { phase: 'cancelled'; message: string }

export type TxOutcome<receipt> =
  | { status: 'confirmed'; hash: Hash; receipt: receipt }
  | { status: 'cancelled' }
  | { status: 'failed'; error: TxErrorDescription; hash?: Hash }

export type TxSteps<receipt extends { status: 'success' | 'reverted' }> = {
  /** Sends the transaction and resolves with its hash (wagmi's writeContractAsync). */
  request: () => Promise<Hash>
  waitForReceipt: (hash: Hash) => Promise<receipt>
  /** Refetches reads after a confirmed write so balances and positions update at once. */
  refresh: () => Promise<unknown>
  onProgress: (progress: TxProgress) => void
  /**
   * Re-runs a mined-but-reverted transaction as a call so that the node returns the revert data
   * (a receipt carries none). Expected to throw the revert error; best effort, may be left out.
   */
  replay?: (receipt: receipt) => Promise<unknown>
  /** Extra ABIs to decode custom errors thrown by contracts the called one talks to. */
  abis?: readonly Abi[]
}

export const REVERTED_ON_CHAIN = 'The transaction was mined but reverted: nothing changed'

export async function runTransaction<receipt extends { status: 'success' | 'reverted' }>(
  steps: TxSteps<receipt>,
): Promise<TxOutcome<receipt>> {
  const { request, waitForReceipt, refresh, onProgress, replay, abis } = steps
  onProgress({ phase: 'signing' })

  let hash: Hash
  try {
    hash = await request()
  } catch (error) {
    const described = describeTxError(error, abis)
    if (described.kind === 'rejected') {
      onProgress({ phase: 'cancelled', message: described.message })
      return { status: 'cancelled' }
    }
    onProgress({ phase: 'failed', message: described.message })
    return { status: 'failed', error: described }
  }

  onProgress({ phase: 'pending', hash })
  let receipt: receipt
  try {
    receipt = await waitForReceipt(hash)
  } catch (error) {
    const described = describeTxError(error, abis)
    onProgress({ phase: 'failed', message: described.message, hash })
    return { status: 'failed', error: described, hash }
  }

  if (receipt.status === 'reverted') {
    const error = await explainRevert(receipt, replay, abis)
    onProgress({ phase: 'failed', message: error.message, hash })
    // A reverted transaction still spent gas, so the ETH balance changed: refresh anyway.
    await refreshQuietly(refresh)
    return { status: 'failed', error, hash }
  }

  onProgress({ phase: 'confirmed', hash })
  // Resolve only after reads refetched, so `await send()` means "the screen is up to date".
  await refreshQuietly(refresh)
  return { status: 'confirmed', hash, receipt }
}

async function explainRevert<receipt>(
  receipt: receipt,
  replay: ((receipt: receipt) => Promise<unknown>) | undefined,
  abis: readonly Abi[] | undefined,
): Promise<TxErrorDescription> {
  const fallback: TxErrorDescription = { kind: 'reverted', message: REVERTED_ON_CHAIN }
  if (!replay) return fallback
  try {
    await replay(receipt)
    // The replay passed: the state it depended on changed since. Nothing more to say.
    return fallback
  } catch (error) {
    const described = describeTxError(error, abis)
    return described.kind === 'reverted' ? described : fallback
  }
}

async function refreshQuietly(refresh: () => Promise<unknown>): Promise<void> {
  try {
    await refresh()
  } catch {
    // A failed refetch shows up in the reads themselves (and in the RPC banner), not as a tx failure.
  }
}
