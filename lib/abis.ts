import type { Abi } from 'viem'

import {
  accountLensAbi,
  iLivestockAbi,
  insuranceVaultAbi,
  mainVaultAbi,
  oracleHubAbi,
  orderRouterAbi,
  pegOracleAbi,
  reportStoreAbi,
  stockTokenAbi,
} from './generated'
import { VERIFIER_ABI, VERIFIER_PROXY_ABI } from './streams/verifierAbi'

/**
 * Every protocol ABI, for decoding custom errors thrown anywhere along a call: an engine write can
 * revert in the OracleHub, a vault or a token, and the called function's own ABI does not list those; an order's
 * settlement in the OrderRouter, the ReportStore or Chainlink's Verifier.
 */
export const PROTOCOL_ABIS: readonly Abi[] = [
  // The engine's four modules behind one address, with every error any of them raises.
  iLivestockAbi,
  accountLensAbi,
  oracleHubAbi,
  pegOracleAbi,
  mainVaultAbi,
  insuranceVaultAbi,
  stockTokenAbi,
  orderRouterAbi,
  reportStoreAbi,
  VERIFIER_PROXY_ABI,
  VERIFIER_ABI,
]
