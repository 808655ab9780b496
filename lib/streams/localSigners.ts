import { keccak256, stringToBytes, type Address, type Hex } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'

/**
 * The local DON's signer set: n = 4 oracles, fault tolerance f = 1, so a report carries f + 1 = 2 signatures.
 * PUBLIC TEST KEYS FOR THE LOCAL CHAIN ONLY: anyone can derive them (keccak256("livestock-local-don-signer-" + i)),
 * so a verifier configured with these addresses accepts reports from anyone. Never configure them on a real network.
 */
export const LOCAL_SIGNER_KEYS: readonly Hex[] = [0, 1, 2, 3].map((i) => keccak256(stringToBytes(`livestock-local-don-signer-${i}`)))
export const LOCAL_SIGNERS: readonly Address[] = LOCAL_SIGNER_KEYS.map((key) => privateKeyToAddress(key))
export const LOCAL_F = 1
