import { parseSignature, serializeSignature, type Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, it } from 'vitest'

import { splitSignature } from './signature'

const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')

describe('splitSignature', () => {
  it('matches viem parseSignature on real typed-data signatures (both parities)', async () => {
    const parities = new Set<number>()
    for (let i = 0; i < 12; i++) {
      const signature = await account.signTypedData({
        domain: { name: 'Tesla xStock', version: '1', chainId: 31337, verifyingContract: '0x5FbDB2315678afecb367f032d93F642f64180aa3' },
        types: { Permit: [{ name: 'value', type: 'uint256' }] },
        primaryType: 'Permit',
        message: { value: BigInt(i) },
      })
      const mine = splitSignature(signature)
      const viem = parseSignature(signature)
      expect(mine.r).toBe(viem.r)
      expect(mine.s).toBe(viem.s)
      expect(BigInt(mine.v)).toBe(viem.v ?? BigInt(viem.yParity + 27))
      parities.add(mine.v)
      // The compact (EIP-2098) form of the same signature splits to the same values.
      const compact = serializeSignature({ ...viem, to: 'hex' }) as Hex
      expect(splitSignature(compact)).toEqual(mine)
      const eip2098 = `${viem.r}${((BigInt(viem.s) | (BigInt(viem.yParity) << 255n)).toString(16)).padStart(64, '0')}` as Hex
      expect(splitSignature(eip2098)).toEqual(mine)
    }
    expect(parities.size).toBe(2)
  })

  it('accepts v as 0/1 and rejects anything else', () => {
    const body = `${'11'.repeat(32)}${'22'.repeat(32)}`
    expect(splitSignature(`0x${body}00`).v).toBe(27)
    expect(splitSignature(`0x${body}01`).v).toBe(28)
    expect(splitSignature(`0x${body}1c`).v).toBe(28)
    expect(() => splitSignature(`0x${body}05`)).toThrow(/neither/)
    expect(() => splitSignature('0x1234')).toThrow(/64- or 65-byte/)
  })
})
