/**
 * ABIs the keeper talks to (generated from the Foundry artifacts in lib/generated.ts) and the union of every
 * custom error a keeper's transaction can hit, so a revert is reported by name whichever contract raised it (a
 * settlement can fail in the router, the report store, Chainlink's verifier, the engine or a vault).
 */
import type { Abi } from 'viem';
import { PROTOCOL_ABIS } from '../../lib/abis';
import {
  iLivestockAbi,
  orderRouterAbi,
  pushPriceFeedAbi,
  reportStoreAbi,
  stockPriceFeedAbi,
  volatilityFeedAbi,
} from '../../lib/generated';

export { orderRouterAbi, reportStoreAbi };

/**
 * The engine's whole interface at its one address (ILivestock: trading, liquidation and upkeep, views and
 * governance, every event and error), though the code lives in four modules behind it.
 */
export const engineAbi = iLivestockAbi;

type AbiError = Extract<Abi[number], { type: 'error' }>;

// The app's list of protocol ABIs (lib/abis.ts), the engine's whole interface, plus the feeds a push-mode deployment's keeper writes to.
export const knownErrorsAbi: readonly AbiError[] = dedupeErrors([
  ...PROTOCOL_ABIS,
  iLivestockAbi,
  pushPriceFeedAbi,
  stockPriceFeedAbi,
  volatilityFeedAbi,
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
