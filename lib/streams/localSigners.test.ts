import { getAddress, keccak256, stringToBytes } from 'viem'
import { describe, expect, it } from 'vitest'

import { LOCAL_F, LOCAL_SIGNER_KEYS, LOCAL_SIGNERS } from './localSigners'

describe('local DON signers', () => {
  it('are 4 keys derived from fixed strings, with distinct checksummed addresses and f = 1', () => {
    expect(LOCAL_SIGNER_KEYS).toHaveLength(4)
    expect(LOCAL_SIGNER_KEYS[2]).toBe(keccak256(stringToBytes('livestock-local-don-signer-2')))
    expect(new Set(LOCAL_SIGNERS).size).toBe(4)
    for (const address of LOCAL_SIGNERS) expect(address).toBe(getAddress(address))
    expect(LOCAL_F).toBe(1)
    expect(LOCAL_SIGNERS.length).toBeGreaterThan(3 * LOCAL_F) // the Verifier's n > 3f
  })
})
