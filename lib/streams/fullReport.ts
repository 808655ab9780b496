import {
  concat, decodeAbiParameters, encodeAbiParameters, keccak256, numberToHex, recoverAddress,
  type Address, type Hex,
} from 'viem'
import { sign } from 'viem/accounts'

/**
 * The signed envelope Chainlink's Verifier takes ("fullReport"):
 * abi.encode(bytes32[3] reportContext, bytes reportData, bytes32[] rs, bytes32[] ss, bytes32 rawVs), where
 * reportContext = [configDigest, epoch << 8 | round (uint40 in the low bytes), extraHash]. Each signer signs
 * keccak256(keccak256(reportData) ‖ reportContext[0] ‖ [1] ‖ [2]) raw (no Ethereum message prefix); byte i of
 * rawVs (byte 0 = most significant) is signature i's v − 27. Verifier 1.2.0 wants exactly f + 1 signatures from
 * distinct configured signers (`_validateReport`, `_verifySignatures`).
 */
export type ReportContext = readonly [configDigest: Hex, epochAndRound: Hex, extraHash: Hex]
export type FullReport = { reportContext: ReportContext; reportData: Hex; rs: readonly Hex[]; ss: readonly Hex[]; rawVs: Hex }

export const FULL_REPORT_ABI = [
  { name: 'reportContext', type: 'bytes32[3]' },
  { name: 'reportData', type: 'bytes' },
  { name: 'rs', type: 'bytes32[]' },
  { name: 'ss', type: 'bytes32[]' },
  { name: 'rawVs', type: 'bytes32' },
] as const

const ZERO32: Hex = `0x${'0'.repeat(64)}`

export function reportContext(configDigest: Hex, epoch: number, round = 0, extraHash: Hex = ZERO32): ReportContext {
  if (!Number.isInteger(epoch) || epoch < 0 || epoch > 0xffffffff) throw new Error(`Epoch ${epoch} is not a uint32`)
  if (!Number.isInteger(round) || round < 0 || round > 0xff) throw new Error(`Round ${round} is not a uint8`)
  return [configDigest, numberToHex((BigInt(epoch) << 8n) | BigInt(round), { size: 32 }), extraHash]
}

/** Epoch and round from reportContext[1] (the Verifier reads uint40: epoch = bits 8..39, round = bits 0..7). */
export function epochAndRound(context: ReportContext): { epoch: number; round: number } {
  const low40 = BigInt(context[1]) & ((1n << 40n) - 1n)
  return { epoch: Number(low40 >> 8n), round: Number(low40 & 0xffn) }
}

export function encodeFullReport(report: FullReport): Hex {
  return encodeAbiParameters(FULL_REPORT_ABI, [report.reportContext, report.reportData, report.rs, report.ss, report.rawVs])
}

export function decodeFullReport(fullReport: Hex): FullReport {
  const [ctx, reportData, rs, ss, rawVs] = decodeAbiParameters(FULL_REPORT_ABI, fullReport)
  return { reportContext: [ctx[0], ctx[1], ctx[2]], reportData, rs, ss, rawVs }
}

/** The hash each oracle signs: keccak256(abi.encodePacked(keccak256(reportData), reportContext)). */
export function reportSigningHash(reportData: Hex, context: ReportContext): Hex {
  return keccak256(concat([keccak256(reportData), ...context]))
}

/** Sign report data with each key (in order) and return the encoded full report. */
export async function signReport(args: {
  reportData: Hex
  configDigest: Hex
  epoch: number
  round?: number
  extraHash?: Hex
  privateKeys: readonly Hex[]
}): Promise<Hex> {
  if (args.privateKeys.length > 32) throw new Error('rawVs holds at most 32 signatures')
  const context = reportContext(args.configDigest, args.epoch, args.round ?? 0, args.extraHash ?? ZERO32)
  const hash = reportSigningHash(args.reportData, context)
  const signatures = await Promise.all(args.privateKeys.map((privateKey) => sign({ hash, privateKey })))
  const vs = signatures.map((signature) => (signature.yParity ?? Number(signature.v ?? 27n) - 27).toString(16).padStart(2, '0'))
  return encodeFullReport({
    reportContext: context,
    reportData: args.reportData,
    rs: signatures.map((signature) => signature.r),
    ss: signatures.map((signature) => signature.s),
    rawVs: `0x${vs.join('').padEnd(64, '0')}`,
  })
}

/** The addresses that signed a full report, in signature order (as the Verifier's ecrecover sees them). */
export async function recoverReportSigners(fullReport: Hex): Promise<Address[]> {
  const { reportContext: context, reportData, rs, ss, rawVs } = decodeFullReport(fullReport)
  const hash = reportSigningHash(reportData, context)
  return Promise.all(
    rs.map((r, i) => {
      const yParity = parseInt(rawVs.slice(2 + 2 * i, 4 + 2 * i), 16)
      return recoverAddress({ hash, signature: { r, s: ss[i], yParity } })
    }),
  )
}
