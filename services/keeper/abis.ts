/**
 * ABIs the keeper talks to (generated from the Foundry artifacts in lib/generated.ts) and the union of every
 * custom error a keeper's transaction can hit, so a revert is reported by name whichever contract raised it (a
 * settlement can fail in the router, the report store, Chainlink's verifier, the engine or a vault).
 */
import type { Abi } from 'viem';
import {
  engineExtensionAbi,
  insuranceVaultAbi,
  livestockEngineAbi,
  mainVaultAbi,
  oracleHubAbi,
  orderRouterAbi,
  pegOracleAbi,
  pushPriceFeedAbi,
  reportStoreAbi,
  stockPriceFeedAbi,
  stockTokenAbi,
  volatilityFeedAbi,
} from '../../lib/generated';
import { VERIFIER_ABI, VERIFIER_PROXY_ABI } from '../../lib/streams/verifierAbi';

export { orderRouterAbi, reportStoreAbi };

/** The engine's trading half plus its extension (views, governance), both reached at the engine's address. */
export const engineAbi = [...livestockEngineAbi, ...engineExtensionAbi] as const;

type AbiError = Extract<Abi[number], { type: 'error' }>;

export const knownErrorsAbi: readonly AbiError[] = dedupeErrors([
  livestockEngineAbi,
  engineExtensionAbi,
  mainVaultAbi,
  insuranceVaultAbi,
  oracleHubAbi,
  pegOracleAbi,
  pushPriceFeedAbi,
  stockPriceFeedAbi,
  volatilityFeedAbi,
  stockTokenAbi,
  orderRouterAbi,
  reportStoreAbi,
  VERIFIER_PROXY_ABI,
  VERIFIER_ABI,
]);

function dedupeErrors(abis: readonly Abi[]): AbiError[] {
  const bySignature = new Map<string, AbiError>();
  for (const abi of abis) {
    for (const item of abi) {
      if (item.type !== 'error') continue;
      const signature = `${item.name}(${item.inputs.map((input) => input.type).join(',')})`;
      if (!bySignature.has(signature)) bySignature.set(signature, item);
    }
  }
  return [...bySignature.values()];
}
