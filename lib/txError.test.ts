import {
  type Abi,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
  HttpRequestError,
  InsufficientFundsError,
  parseAbi,
  RpcRequestError,
  stringToHex,
  UserRejectedRequestError,
  WaitForTransactionReceiptTimeoutError,
} from 'viem'
import { describe, expect, it } from 'vitest'

import { PROTOCOL_ABIS } from './abis'
import { livestockEngineAbi, orderRouterAbi } from './generated'
import { describeErrorData, describeTxError, KNOWN_ERROR_MESSAGES, REJECTED_MESSAGE } from './txError'

const engineAbi = parseAbi([
  'function openPosition(bytes32 market, uint256 size)',
  'error StalePrice(bytes32 feed)',
  'error InsufficientMargin(uint256 equity, uint256 required)',
  'error PegNotHealthy(address token)',
  'error ZeroAmount()',
  'error Mystery(uint256 code, address who)',
])
const functionName = 'openPosition'

/** What wagmi's writeContractAsync throws when a call reverts: execution error → reverted error. */
function revertedCall(data: `0x${string}`, abi: Abi = engineAbi) {
  const reverted = new ContractFunctionRevertedError({ abi, data, functionName })
  return new ContractFunctionExecutionError(reverted, { abi, functionName, args: [] })
}

function encode(errorName: string, args?: readonly unknown[]) {
  return encodeErrorResult({ abi: engineAbi, errorName, args } as Parameters<typeof encodeErrorResult>[0])
}

describe('describeTxError: user rejection', () => {
  it('is a calm message for a viem UserRejectedRequestError inside a contract error', () => {
    const rejected = new UserRejectedRequestError(new Error('MetaMask Tx Signature: User denied transaction signature.'))
    const error = new ContractFunctionExecutionError(rejected, { abi: engineAbi, functionName, args: [] })
    expect(describeTxError(error)).toEqual({ kind: 'rejected', message: REJECTED_MESSAGE })
  })

  it('recognises a bare EIP-1193 error object with code 4001', () => {
    expect(describeTxError({ code: 4001, message: 'rejected' })).toEqual({ kind: 'rejected', message: 'Request cancelled in wallet' })
  })

  it('recognises a wallet that only says so in words', () => {
    expect(describeTxError(new Error('User rejected the request.')).kind).toBe('rejected')
  })
})

describe('describeTxError: custom errors', () => {
  it('turns InsufficientMargin into words', () => {
    const error = revertedCall(encode('InsufficientMargin', [1n, 2n]))
    expect(describeTxError(error)).toEqual({ kind: 'reverted', message: 'Not enough margin for this trade' })
  })

  it('turns PegNotHealthy into words', () => {
    const error = revertedCall(encode('PegNotHealthy', ['0x000000000000000000000000000000000000dEaD']))
    expect(describeTxError(error).message).toBe('Token peg is not healthy: new positions are paused')
  })

  it('names the stale feed when its id is readable text', () => {
    const feed = stringToHex('BTC/USD', { size: 32 })
    expect(describeTxError(revertedCall(encode('StalePrice', [feed]))).message).toBe(
      'Price feed BTC/USD is stale: trading in this market is reduce-only',
    )
  })

  it('leaves a hashed feed id out of the sentence', () => {
    const feed = `0x${'ab'.repeat(32)}` as const
    expect(describeTxError(revertedCall(encode('StalePrice', [feed]))).message).toBe(
      'Price feed is stale: trading in this market is reduce-only',
    )
  })

  it('falls back to the error name and its args for an error without a message', () => {
    const error = revertedCall(encode('Mystery', [7n, '0x000000000000000000000000000000000000dEaD']))
    expect(describeTxError(error)).toEqual({
      kind: 'reverted',
      message: 'The contract rejected the transaction: Mystery(7, 0x000000000000000000000000000000000000dEaD)',
    })
  })

  it('decodes with extra ABIs when the called function ABI does not know the error', () => {
    const callAbi = parseAbi(['function openPosition(bytes32 market, uint256 size)'])
    const error = revertedCall(encode('ZeroAmount'), callAbi)
    expect(describeTxError(error).message).toMatch(/unknown error \(0x/)
    expect(describeTxError(error, [engineAbi])).toEqual({ kind: 'reverted', message: 'Amount must be greater than zero' })
  })

  it('decodes raw revert data carried by an RPC error', () => {
    const rpc = new RpcRequestError({ body: {}, url: 'http://127.0.0.1:8545', error: { code: 3, message: 'execution reverted', data: encode('ZeroAmount') } })
    expect(describeTxError(rpc, [engineAbi])).toEqual({ kind: 'reverted', message: 'Amount must be greater than zero' })
  })

  it('names the selector of raw revert data no ABI knows', () => {
    const rpc = new RpcRequestError({ body: {}, url: 'http://127.0.0.1:8545', error: { code: 3, message: 'execution reverted', data: encode('ZeroAmount') } })
    expect(describeTxError(rpc)).toEqual({ kind: 'reverted', message: 'The contract rejected the transaction with an unknown error (0x1f2a2005)' })
  })

  it('recognises an RPC revert without data', () => {
    const rpc = new RpcRequestError({ body: {}, url: 'http://127.0.0.1:8545', error: { code: 3, message: 'execution reverted' } })
    expect(describeTxError(rpc)).toEqual({ kind: 'reverted', message: 'The contract rejected the transaction without giving a reason' })
  })

  it('has a message for every error a trader or LP can hit', () => {
    const required = [
      'StalePrice', 'InsufficientMargin', 'PegNotHealthy', 'VaultEntryPaused', 'VaultExitPaused', 'ZeroAmount',
      'SlippageExceeded', 'DeadlinePassed', 'CooldownNotOver', 'UtilizationTooHigh', 'OpenInterestCapExceeded',
      'ShortInterestCapExceeded',
      'CloseOnlyMarket', 'UnknownMarket', 'NotLiquidatable', 'WithdrawExceedsCollateral', 'ERC2612InvalidSigner',
      // Two-step orders (issue 13): the router, the engine's side of it, signed reports and Chainlink's Verifier.
      'OrderAlreadyPending', 'OrderPending', 'NotOrderRouter', 'InvalidExpiry', 'FeeTooLow', 'OrderNotExpired',
      'OrderExpired', 'NothingSettled', 'ReportTooOld', 'UnknownFeed', 'ReportExpired', 'BadVerification',
      'InsufficientSigners',
    ]
    for (const name of required) expect(KNOWN_ERROR_MESSAGES[name], name).toBeDefined()
  })

  it('decodes the order router’s errors through PROTOCOL_ABIS', () => {
    const data = encodeErrorResult({ abi: orderRouterAbi, errorName: 'OrderAlreadyPending', args: [3n] })
    const rpc = new RpcRequestError({ body: {}, url: 'http://127.0.0.1:8545', error: { code: 3, message: 'execution reverted', data } })
    expect(describeTxError(rpc, PROTOCOL_ABIS).message).toBe('Order #3 is still pending on this account: wait for it to fill, or cancel it once it expires')
    expect(describeErrorData(encodeErrorResult({ abi: livestockEngineAbi, errorName: 'OrderPending' }), PROTOCOL_ABIS)).toBe(
      'An order is pending on this account: withdraw after it fills or is cancelled',
    )
    expect(describeErrorData('0x', PROTOCOL_ABIS)).toBeUndefined()
  })

  it('words only errors the contracts can actually raise', () => {
    // A message keyed by a name no ABI declares is dead: the contract's real error falls through to the raw name.
    const declared = new Set(PROTOCOL_ABIS.flatMap((abi) => abi.flatMap((item) => (item.type === 'error' ? [item.name] : []))))
    expect(Object.keys(KNOWN_ERROR_MESSAGES).filter((name) => !declared.has(name))).toEqual([])
  })
})

describe('describeTxError: Solidity built-in errors', () => {
  it('shows a require reason string', () => {
    const data = encodeErrorResult({ abi: parseAbi(['error Error(string)']), errorName: 'Error', args: ['Vault: paused'] })
    expect(describeTxError(revertedCall(data))).toEqual({ kind: 'reverted', message: 'The contract rejected the transaction: Vault: paused' })
  })

  it('explains a panic code', () => {
    const data = encodeErrorResult({ abi: parseAbi(['error Panic(uint256)']), errorName: 'Panic', args: [0x11n] })
    expect(describeTxError(revertedCall(data)).message).toBe('The contract stopped on an arithmetic overflow or underflow')
  })

  it('handles a revert without data', () => {
    expect(describeTxError(revertedCall('0x'))).toEqual({ kind: 'reverted', message: 'The contract rejected the transaction without giving a reason' })
  })
})

describe('describeTxError: network and other failures', () => {
  it('reports an unreachable RPC', () => {
    const error = new HttpRequestError({ url: 'http://127.0.0.1:8545', details: 'fetch failed' })
    expect(describeTxError(error).kind).toBe('rpc')
    expect(describeTxError(error).message).toMatch(/Could not reach the network/)
  })

  it('reports a receipt timeout as an RPC problem', () => {
    const error = new WaitForTransactionReceiptTimeoutError({ hash: `0x${'1'.repeat(64)}` })
    expect(describeTxError(error)).toEqual({ kind: 'rpc', message: 'Timed out waiting for the transaction to be mined: check it in your wallet' })
  })

  it('reports missing gas money', () => {
    expect(describeTxError(new InsufficientFundsError())).toEqual({ kind: 'unknown', message: 'Not enough ETH to pay for gas' })
  })

  it('keeps the first line of an unknown error and never throws on odd values', () => {
    expect(describeTxError(new Error('boom\nstack-ish detail'))).toEqual({ kind: 'unknown', message: 'boom' })
    expect(describeTxError(undefined)).toEqual({ kind: 'unknown', message: 'Something went wrong' })
    expect(describeTxError('plain text')).toEqual({ kind: 'unknown', message: 'plain text' })
  })
})
