/**
 * ABIs the simulator talks to. Livestock's come from lib/generated.ts (wagmi CLI over the Foundry
 * artifacts), so a contract change that breaks the simulator breaks its type check too. The Uniswap
 * V2 pair is bytecode from @uniswap/v2-core and has no generated ABI: the few functions used are
 * declared here.
 */
import { parseAbi } from 'viem';
import {
  insuranceVaultAbi,
  mainVaultAbi,
  oracleHubAbi,
  orderRouterAbi,
  pegOracleAbi,
  pushPriceFeedAbi,
  reportStoreAbi,
  stockPriceFeedAbi,
  stockTokenAbi,
  volatilityFeedAbi,
} from '../../../lib/generated';

export {
  insuranceVaultAbi,
  mainVaultAbi,
  oracleHubAbi,
  orderRouterAbi,
  reportStoreAbi,
  pegOracleAbi,
  pushPriceFeedAbi,
  stockPriceFeedAbi,
  stockTokenAbi,
  volatilityFeedAbi,
};

/** The engine's trading half plus its extension, at the engine's address: the keeper service's definition. */
export { engineAbi } from '../../../services/keeper/abis';

export const uniswapV2PairAbi = parseAbi([
  'function token0() view returns (address)',
  'function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)',
  'function totalSupply() view returns (uint256)',
  'function balanceOf(address owner) view returns (uint256)',
  'function transfer(address to, uint256 value) returns (bool)',
  'function swap(uint256 amount0Out, uint256 amount1Out, address to, bytes data)',
  'function burn(address to) returns (uint256 amount0, uint256 amount1)',
]);

/** Every custom error of every Livestock contract: with the keeper service, which decodes the same reverts. */
export { knownErrorsAbi } from '../../../services/keeper/abis';
