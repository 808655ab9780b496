import { type Abi, BaseError, decodeErrorResult, type Hex, isHex } from 'viem'

/**
 * Turns whatever a wallet, viem or wagmi throws into one sentence a trader can act on.
 * Pure (no React, no network) so it can be tested with real viem errors.
 */

export type TxErrorKind = 'rejected' | 'reverted' | 'rpc' | 'unknown'

export type TxErrorDescription = { kind: TxErrorKind; message: string }

export const REJECTED_MESSAGE = 'Request cancelled in wallet'

type ErrorArgs = readonly unknown[]

/**
 * Messages for the protocol's custom errors (SPEC §6) and the OpenZeppelin errors users can hit.
 * A function receives the decoded error args when the sentence can use them. Governance-only errors
 * (InvalidParams, StrikeNotOnGrid, …) keep the decoded `Name(args)` fallback: no trader can hit them.
 */
export const KNOWN_ERROR_MESSAGES: Readonly<Record<string, string | ((args: ErrorArgs) => string)>> = {
  StalePrice: (args) => {
    const feed = bytes32Label(args[0])
    return `Price feed${feed ? ` ${feed}` : ''} is stale: trading in this market is reduce-only`
  },
  InsufficientMargin: 'Not enough margin for this trade',
  PegNotHealthy: 'Token peg is not healthy: new positions are paused',
  ZeroAmount: 'Amount must be greater than zero',
  SlippageExceeded: 'The price moved beyond your slippage limit: review the new price and try again',
  DeadlinePassed: 'The transaction deadline passed before it was mined: please try again',
  CooldownNotOver: 'The withdrawal cooldown has not ended yet',
  UtilizationTooHigh: 'The vault would be over its utilization limit: try a smaller amount',
  OpenInterestCapExceeded: 'Open interest cap for this market reached: try a smaller size',
  ShortInterestCapExceeded: (args) => `The cap on options sold on ${Number(args[0] ?? 0) === 1 ? 'ETH' : 'BTC'} is reached for this token: try a smaller size, or buy instead`,
  CloseOnlyMarket: 'This market is close-only: positions can be reduced or closed, not opened',
  UnknownMarket: 'This market does not exist',
  UnknownToken: 'This token is not supported',
  NotLiquidatable: 'This account is above maintenance margin and cannot be liquidated',
  WithdrawExceedsCollateral: 'You cannot withdraw more margin than you deposited',
  NoPosition: 'You have no position of that size in this market',
  TooManyPositions: (args) => `An account can hold at most ${String(args[0] ?? 8)} positions per token: close one first`,
  Paused: 'Trading is paused by the guardian: closing and withdrawing still work',
  PriceUnavailable: 'This token has no usable price right now: try again after the next oracle update',
  PegUnavailable: 'The DEX price of this token is not available yet',
  UnknownStock: 'This token is not supported',
  VaultEntryPaused: (args) => `Vault deposits are paused: ${vaultPauseWords(args[0])}`,
  VaultExitPaused: (args) => `Vault withdrawals are paused: ${vaultPauseWords(args[0])}`,
  UseWithdrawalRequest: 'Vault exits go through a withdrawal request and a cooldown',
  NoWithdrawalRequest: 'There is no withdrawal request to execute',
  InsufficientLiquidity: 'The vault does not hold enough tokens right now: try again later or a smaller amount',
  ZeroShares: 'This amount is too small to buy a single vault share',
  // Two-step orders (OrderRouter) and the engine's side of them.
  OrderAlreadyPending: (args) =>
    `Order #${String(args[0] ?? '')} is still pending on this account: wait for it to fill, or cancel it once it expires`,
  OrderPending: 'An order is pending on this account: withdraw after it fills or is cancelled',
  NotOrderRouter: 'Trades on this deployment go through the order router: place an order instead',
  InvalidExpiry: 'The order expiry is outside the window the router allows: try again',
  FeeTooLow: 'The execution fee is below the router’s minimum: reload the page and try again',
  OrderMismatch: (args) => `Order #${String(args[0] ?? '')} does not match what was committed: reload the page and try again`,
  OrderNotExpired: (args) => `Order #${String(args[0] ?? '')} has not expired yet: it can be cancelled once its expiry has passed`,
  OrderExpired: (args) => `Order #${String(args[0] ?? '')} expired before a signed price settled it: the fee was returned`,
  UnknownOrder: (args) => `Order #${String(args[0] ?? '')} is no longer pending (already filled or cancelled)`,
  NotOrderOwner: 'Only the trader who placed this order can cancel it',
  NothingSettled: 'No order could be settled with these price reports',
  InsufficientGas: 'The settlement was sent with too little gas for the order to execute',
  ReportTooOld: (args) => {
    const age = args[2] !== undefined ? ` (at most ${String(args[2])} s old)` : ''
    return `The signed price is too old for a liquidation${age}: fetch a newer report`
  },
  ZeroSize: 'Size must be greater than zero',
  // Signed price reports: the ReportStore, the report codec and Chainlink's Verifier.
  UnknownFeed: 'The signed price report is for a feed this deployment does not use',
  NotPinner: 'Only the order router may pin a price report',
  UnsupportedSchema: 'The signed price report has a format this deployment does not read',
  ReportExpired: 'The signed price report has expired: fetch a newer one',
  InvalidReportPrice: 'The signed price report carries an invalid price',
  BadVerification: 'The price report’s signatures do not verify',
  AccessForbidden: 'The price verifier refused this caller',
  InactiveFeed: 'The price feed is deactivated in the verifier',
  InvalidFeed: 'The price feed is not configured in the verifier',
  DigestInactive: 'The price report was signed under a deactivated signer set',
  DigestNotSet: 'The price report was signed under an unknown signer set',
  VerifierNotFound: 'The price report was signed under an unknown signer set',
  IncorrectSignatureCount: 'The price report has the wrong number of signatures',
  InsufficientSigners: 'The price report has too few signatures',
  NonUniqueSignatures: 'The price report repeats a signer',
  MismatchedSignatures: 'The price report’s signatures are malformed',
  // OpenZeppelin 5 errors that reach users through tokens and vaults.
  ERC20InsufficientBalance: 'Token balance too low',
  ERC20InsufficientAllowance: 'Token allowance too low: approve the token first',
  ERC4626ExceededMaxDeposit: 'Deposit is above what the vault accepts right now',
  ERC4626ExceededMaxWithdraw: 'Withdrawal is above what the vault allows right now',
  ERC4626ExceededMaxRedeem: 'Redemption is above what the vault allows right now',
  ERC2612ExpiredSignature: 'The permit signature has expired: sign again',
  ERC2612InvalidSigner: 'The permit signature is not from your account: sign again',
  InvalidAccountNonce: 'That permit was already used: sign again',
  ERC4626ExceededMaxMint: 'Mint is above what the vault accepts right now',
  ReentrancyGuardReentrantCall: 'The contract refused a nested call',
  Reentrancy: 'The contract refused a nested call',
  SafeCastOverflowedUintDowncast: 'The amount is too large',
  OwnableUnauthorizedAccount: 'Your account is not allowed to do this',
  AccessControlUnauthorizedAccount: 'Your account is not allowed to do this',
  SafeERC20FailedOperation: 'The token transfer failed',
}

export function describeTxError(error: unknown, abis: readonly Abi[] = []): TxErrorDescription {
  if (isUserRejection(error)) return { kind: 'rejected', message: REJECTED_MESSAGE }

  const revert = describeRevert(error, abis)
  if (revert) return { kind: 'reverted', message: revert }

  const rpc = describeRpcFailure(error)
  if (rpc) return { kind: 'rpc', message: rpc }

  return { kind: 'unknown', message: describeOther(error) }
}

/**
 * ABI-encoded error bytes on their own (an `OrderCancelled` reason, not a thrown error) in words. `undefined`
 * for empty bytes (a revert without data: out of gas, or a bare `revert()`).
 */
export function describeErrorData(data: Hex, abis: readonly Abi[] = []): string | undefined {
  const text: string = data
  if (!isRevertBytes(text)) return text.length > 2 && isHex(text) ? `Unknown error (${text.slice(0, 10)})` : undefined
  const decoded = decodeWithAbis(data, abis)
  return decoded ? describeDecodedRevert(decoded) : `Unknown error (${data.slice(0, 10)})`
}

/** Name and arguments of ABI-encoded error bytes, for callers that word some errors their own way. */
export function decodeErrorData(data: Hex, abis: readonly Abi[] = []): { errorName: string; args: readonly unknown[] } | undefined {
  return decodeWithAbis(isRevertBytes(data) ? data : undefined, abis)
}

// ---------------------------------------------------------------------------------------------
// Walking the cause chain

type ErrorLike = { name?: unknown; code?: unknown; message?: unknown; shortMessage?: unknown; details?: unknown; data?: unknown; cause?: unknown }

function isObject(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null
}

/** viem's `walk` where the error is a viem BaseError; a plain `.cause` walk for anything else. */
function findCause(error: unknown, matches: (candidate: ErrorLike) => boolean): ErrorLike | undefined {
  const test = (candidate: unknown) => isObject(candidate) && matches(candidate)
  if (error instanceof BaseError) {
    const found = error.walk(test)
    return isObject(found) ? found : undefined
  }
  let current: unknown = error
  for (let depth = 0; depth < 20 && isObject(current); depth++) {
    if (matches(current)) return current
    current = current.cause
  }
  return undefined
}

function hasName(name: string) {
  return (candidate: ErrorLike) => candidate.name === name
}

// ---------------------------------------------------------------------------------------------
// Rejections

const REJECTION_TEXT = /user (rejected|denied|cancel)|rejected by (the )?user/i

function isUserRejection(error: unknown): boolean {
  return (
    findCause(
      error,
      (candidate) =>
        candidate.code === 4001 ||
        candidate.name === 'UserRejectedRequestError' ||
        (typeof candidate.message === 'string' && REJECTION_TEXT.test(candidate.message)),
    ) !== undefined
  )
}

// ---------------------------------------------------------------------------------------------
// Reverts

type DecodedRevert = { errorName: string; args: ErrorArgs }

const EXECUTION_REVERTED = /execution reverted/i

function describeRevert(error: unknown, abis: readonly Abi[]): string | undefined {
  const reverted = findCause(error, hasName('ContractFunctionRevertedError'))
  const data = revertData(error)
  const decoded = decodedFrom(reverted) ?? decodeWithAbis(data, abis)
  if (decoded) return describeDecodedRevert(decoded)
  if (!reverted) {
    // A raw eth_call / eth_estimateGas revert (code 3), not decoded by a contract-aware viem action.
    if (data) return `The contract rejected the transaction with an unknown error (${data.slice(0, 10)})`
    const says = findCause(error, (candidate) => candidate.code === 3 || EXECUTION_REVERTED.test(String(candidate.details ?? candidate.message)))
    return says ? 'The contract rejected the transaction without giving a reason' : undefined
  }

  const { signature, reason } = reverted as ErrorLike & { signature?: unknown; reason?: unknown }
  if (typeof signature === 'string') return `The contract rejected the transaction with an unknown error (${signature})`
  if (typeof reason === 'string' && reason !== 'execution reverted') return `The contract rejected the transaction: ${reason}`
  return 'The contract rejected the transaction without giving a reason'
}

/** viem already decoded the error when the call's ABI knew it. */
function decodedFrom(reverted: ErrorLike | undefined): DecodedRevert | undefined {
  if (!reverted || !isObject(reverted.data)) return undefined
  const { errorName, args } = reverted.data as { errorName?: unknown; args?: unknown }
  if (typeof errorName !== 'string') return undefined
  return { errorName, args: Array.isArray(args) ? args : [] }
}

/** Raw revert bytes anywhere in the chain: ContractFunctionRevertedError.raw or an RPC error's data. */
function revertData(error: unknown): Hex | undefined {
  const withData = findCause(error, (candidate) => {
    const raw = (candidate as { raw?: unknown }).raw
    return isRevertBytes(raw) || isRevertBytes(candidate.data) || (isObject(candidate.data) && isRevertBytes(candidate.data.data))
  })
  if (!withData) return undefined
  const raw = (withData as { raw?: unknown }).raw
  if (isRevertBytes(raw)) return raw
  if (isRevertBytes(withData.data)) return withData.data
  if (isObject(withData.data) && isRevertBytes(withData.data.data)) return withData.data.data
  return undefined
}

function isRevertBytes(value: unknown): value is Hex {
  // At least a 4-byte selector: "0x" + 8 hex digits.
  return typeof value === 'string' && value.length >= 10 && isHex(value)
}

/**
 * The ABI of the called function may not list errors thrown deeper (a library, an oracle), so the
 * caller can pass every ABI it knows. decodeErrorResult always knows Error(string) and Panic(uint256).
 */
function decodeWithAbis(data: Hex | undefined, abis: readonly Abi[]): DecodedRevert | undefined {
  if (!data) return undefined
  for (const abi of [...abis, []]) {
    try {
      const { errorName, args } = decodeErrorResult({ abi, data })
      return { errorName, args: args ?? [] }
    } catch {
      // Not in this ABI: try the next one.
    }
  }
  return undefined
}

const PANIC_REASONS: Readonly<Record<number, string>> = {
  0x01: 'an assertion failed',
  0x11: 'an arithmetic overflow or underflow',
  0x12: 'a division by zero',
  0x21: 'an invalid enum value',
  0x31: 'a pop from an empty array',
  0x32: 'an out-of-bounds array access',
  0x41: 'too much memory allocated',
  0x51: 'a call to an uninitialized function',
}

function describeDecodedRevert({ errorName, args }: DecodedRevert): string {
  if (errorName === 'Error') return `The contract rejected the transaction: ${String(args[0])}`
  if (errorName === 'Panic') {
    const code = Number(args[0])
    return `The contract stopped on ${PANIC_REASONS[code] ?? `panic code ${code}`}`
  }
  const known = KNOWN_ERROR_MESSAGES[errorName]
  if (typeof known === 'function') return known(args)
  if (typeof known === 'string') return known
  return `The contract rejected the transaction: ${errorName}(${args.map(formatArg).join(', ')})`
}

function vaultPauseWords(reason: unknown): string {
  switch (Number(reason)) {
    case 1:
      return 'the stock market is closed'
    case 2:
      return 'the token peg is not healthy'
    case 3:
      return 'the vault owes more than it holds'
    default:
      return 'try again later'
  }
}

function formatArg(arg: unknown): string {
  if (typeof arg === 'bigint') return arg.toString()
  if (typeof arg === 'string') return arg
  if (Array.isArray(arg)) return `[${arg.map(formatArg).join(', ')}]`
  if (isObject(arg)) return JSON.stringify(arg, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))
  return String(arg)
}

/** A bytes32 feed id written as `bytes32("BTC/USD")` reads back as text; a hash does not. */
function bytes32Label(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(value)) return undefined
  const bytes = value.slice(2).match(/../g)?.map((pair) => Number.parseInt(pair, 16)) ?? []
  const end = bytes.indexOf(0) === -1 ? bytes.length : bytes.indexOf(0)
  const text = bytes.slice(0, end)
  const paddingIsZero = bytes.slice(end).every((byte) => byte === 0)
  const printable = text.length > 0 && text.every((byte) => byte >= 0x20 && byte < 0x7f)
  return paddingIsZero && printable ? String.fromCharCode(...text) : undefined
}

// ---------------------------------------------------------------------------------------------
// Network and provider failures

const UNREACHABLE = ['HttpRequestError', 'TimeoutError', 'WebSocketRequestError', 'SocketClosedError']

function describeRpcFailure(error: unknown): string | undefined {
  if (findCause(error, (candidate) => UNREACHABLE.includes(String(candidate.name)))) {
    return 'Could not reach the network (RPC): check your connection and try again'
  }
  if (findCause(error, hasName('WaitForTransactionReceiptTimeoutError'))) {
    return 'Timed out waiting for the transaction to be mined: check it in your wallet'
  }
  const rpcError = findCause(error, (candidate) => {
    const name = String(candidate.name)
    return name === 'RpcRequestError' || name.endsWith('RpcError') || name === 'ProviderDisconnectedError' || name === 'ChainDisconnectedError'
  })
  if (rpcError) return `The network refused the request: ${shortText(rpcError)}`
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Everything else

function describeOther(error: unknown): string {
  if (findCause(error, hasName('InsufficientFundsError'))) return 'Not enough ETH to pay for gas'
  if (findCause(error, hasName('ChainMismatchError'))) return 'Your wallet is on a different network: switch network and try again'
  if (findCause(error, hasName('ConnectorNotConnectedError'))) return 'Connect a wallet first'
  if (isObject(error)) return shortText(error)
  return typeof error === 'string' && error ? error : 'Something went wrong'
}

function shortText(error: ErrorLike): string {
  const text = [error.shortMessage, error.details, error.message].find((value) => typeof value === 'string' && value.length > 0)
  if (typeof text !== 'string') return 'Something went wrong'
  const firstLine = text.split('\n')[0] ?? text
  return firstLine.length > 200 ? `${firstLine.slice(0, 197)}…` : firstLine
}
