import type { Hex } from 'viem'

export type SplitSignature = { r: Hex; s: Hex; v: 27 | 28 }

/**
 * r, s and v (27/28) of an ECDSA signature as wallets return it from `eth_signTypedData_v4`: 65 bytes
 * r‖s‖v (v as 27/28 or as 0/1), or 64 bytes in EIP-2098 compact form (the parity in s's top bit).
 * Plain byte slicing: viem's `parseSignature` does the same through @noble/curves, which would put an
 * elliptic-curve library into every page's JavaScript for a split.
 */
export function splitSignature(signature: Hex): SplitSignature {
  const hex = signature.slice(2)
  if (!/^[0-9a-fA-F]*$/.test(hex) || (hex.length !== 130 && hex.length !== 128)) {
    throw new Error(`Not a 64- or 65-byte signature: ${signature}`)
  }
  const r = `0x${hex.slice(0, 64)}` as Hex
  if (hex.length === 128) {
    const vs = BigInt(`0x${hex.slice(64)}`)
    const parity = vs >> 255n
    const s = `0x${(vs & ((1n << 255n) - 1n)).toString(16).padStart(64, '0')}` as Hex
    return { r, s, v: parity === 0n ? 27 : 28 }
  }
  const s = `0x${hex.slice(64, 128)}` as Hex
  const vByte = parseInt(hex.slice(128), 16)
  const v = vByte < 27 ? vByte + 27 : vByte
  if (v !== 27 && v !== 28) throw new Error(`Signature recovery byte ${vByte} is neither 27/28 nor 0/1`)
  return { r, s, v }
}
