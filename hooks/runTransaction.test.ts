import {
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  type Hash,
  parseAbi,
  RpcRequestError,
  UserRejectedRequestError,
} from 'viem'
import { describe, expect, it, vi } from 'vitest'

import { REVERTED_ON_CHAIN, runTransaction, type TxProgress } from './runTransaction'

const hash: Hash = `0x${'12'.repeat(32)}`
const abi = parseAbi(['function deposit(uint256 amount)', 'error ZeroAmount()'])

type FakeReceipt = { status: 'success' | 'reverted' }

type Overrides = {
  request?: () => Promise<Hash>
  receipt?: (hash: Hash) => Promise<FakeReceipt>
  replay?: (receipt: FakeReceipt) => Promise<unknown>
}

function harness(overrides: Overrides = {}) {
  const progress: TxProgress[] = []
  const refresh = vi.fn(async () => undefined)
  const run = () =>
    runTransaction({
      request: overrides.request ?? (async () => hash),
      waitForReceipt: overrides.receipt ?? (async () => ({ status: 'success' })),
      refresh,
      onProgress: (step) => progress.push(step),
      replay: overrides.replay,
      abis: [abi],
    })
  return { run, progress, refresh }
}

describe('runTransaction', () => {
  it('goes signing → pending → confirmed and refreshes reads', async () => {
    const { run, progress, refresh } = harness()
    const outcome = await run()
    expect(outcome).toEqual({ status: 'confirmed', hash, receipt: { status: 'success' } })
    expect(progress.map((step) => step.phase)).toEqual(['signing', 'pending', 'confirmed'])
    expect(refresh).toHaveBeenCalledOnce()
  })

  it('waits for the receipt of the hash the wallet returned', async () => {
    const waitForReceipt = vi.fn(async (_hash: Hash) => ({ status: 'success' as const }))
    const { run } = harness({ receipt: waitForReceipt })
    await run()
    expect(waitForReceipt).toHaveBeenCalledExactlyOnceWith(hash)
  })

  it('treats a wallet rejection as a calm cancellation without refreshing', async () => {
    const { run, progress, refresh } = harness({
      request: async () => {
        throw new UserRejectedRequestError(new Error('User denied transaction signature.'))
      },
    })
    expect(await run()).toEqual({ status: 'cancelled' })
    expect(progress.at(-1)).toEqual({ phase: 'cancelled', message: 'Request cancelled in wallet' })
    expect(refresh).not.toHaveBeenCalled()
  })

  it('fails with the decoded custom error when the call would revert', async () => {
    const data = encodeErrorResult({ abi, errorName: 'ZeroAmount' })
    const reverted = new ContractFunctionRevertedError({ abi, data, functionName: 'deposit' })
    const { run, progress } = harness({
      request: async () => {
        throw new ContractFunctionExecutionError(reverted, { abi, functionName: 'deposit', args: [0n] })
      },
    })
    const outcome = await run()
    expect(outcome).toEqual({ status: 'failed', error: { kind: 'reverted', message: 'Amount must be greater than zero' } })
    expect(progress.at(-1)).toEqual({ phase: 'failed', message: 'Amount must be greater than zero' })
  })

  it('fails, keeping the hash, when the mined transaction reverted', async () => {
    const { run, progress, refresh } = harness({ receipt: async () => ({ status: 'reverted' }) })
    const outcome = await run()
    expect(outcome).toEqual({ status: 'failed', error: { kind: 'reverted', message: REVERTED_ON_CHAIN }, hash })
    expect(progress.at(-1)).toEqual({ phase: 'failed', message: REVERTED_ON_CHAIN, hash })
    expect(refresh).toHaveBeenCalledOnce()
  })

  it('explains a mined revert by replaying it as a call', async () => {
    const data = encodeErrorResult({ abi, errorName: 'ZeroAmount' })
    const { run } = harness({
      receipt: async () => ({ status: 'reverted' }),
      replay: async () => {
        throw new RpcRequestError({ body: {}, url: 'http://127.0.0.1:8545', error: { code: 3, message: 'execution reverted', data } })
      },
    })
    expect(await run()).toEqual({ status: 'failed', error: { kind: 'reverted', message: 'Amount must be greater than zero' }, hash })
  })

  it('falls back to a plain sentence when the replay explains nothing', async () => {
    const { run } = harness({ receipt: async () => ({ status: 'reverted' }), replay: async () => '0x' })
    expect(await run()).toEqual({ status: 'failed', error: { kind: 'reverted', message: REVERTED_ON_CHAIN }, hash })
  })

  it('fails, keeping the hash, when waiting for the receipt breaks', async () => {
    const { run } = harness({
      receipt: async () => {
        throw new Error('socket hang up')
      },
    })
    expect(await run()).toEqual({ status: 'failed', error: { kind: 'unknown', message: 'socket hang up' }, hash })
  })

  it('still confirms when the refresh afterwards fails', async () => {
    const { run, refresh } = harness()
    refresh.mockRejectedValueOnce(new Error('rpc down'))
    expect((await run()).status).toBe('confirmed')
  })
})
