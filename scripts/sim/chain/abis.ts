/**
 * ABIs the simulator talks to. Livestock's come from lib/generated.ts (wagmi CLI over the Foundry
 * artifacts), so a contract change that breaks the simulator breaks its type check too. The Uniswap
 * V2 pair is bytecode from @uniswap/v2-core and has no generated ABI: the few functions used are
 * declared here.
 */
import { parseAbi, type Abi } from 'viem';
import {
  engineExtensionAbi,
  insuranceVaultAbi,
  livestockEngineAbi,
  mainVaultAbi,
  oracleHubAbi,
  pegOracleAbi,
  pushPriceFeedAbi,
  stockPriceFeedAbi,
  stockTokenAbi,
  volatilityFeedAbi,
} from '../../../lib/generated';

type AbiError = Extract<Abi[number], { type: 'error' }>;

export {
  insuranceVaultAbi,
  mainVaultAbi,
  oracleHubAbi,
  pegOracleAbi,
  pushPriceFeedAbi,
  stockPriceFeedAbi,
  stockTokenAbi,
  volatilityFeedAbi,
};

/**
 * The engine's trading half plus its extension (governance and views). The extension is only ever
 * called at the engine's address: the engine's fallback delegates unknown selectors to it.
 */
export const engineAbi = [...livestockEngineAbi, ...engineExtensionAbi] as const;

export const uniswapV2PairAbi = parseAbi([
  'function token0() view returns (address)',
  'function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)',
  'function totalSupply() view returns (uint256)',
  'function balanceOf(address owner) view returns (uint256)',
  'function transfer(address to, uint256 value) returns (bool)',
  'function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes data)',
  'function burn(address to) returns (uint256 amount0, uint256 amount1)',
]);

/**
 * Every custom error of every Livestock contract, so a revert is reported by name whichever
 * contract raised it (an engine call can fail inside the OracleHub or a vault).
 */
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
