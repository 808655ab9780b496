import { type Chain, defineChain } from 'viem'
import { anvil, base, baseSepolia } from 'viem/chains'

/**
 * The chains the app knows how to talk to. The local anvil chain comes first so that it is the
 * default when no wallet is connected ("local chain first"); Base Sepolia and Base are reached by
 * configuration only, never by code changes (SPEC §8).
 *
 * NEXT_PUBLIC_* variables are inlined at build time, so changing an RPC URL needs a rebuild.
 */

export const LOCAL_CHAIN_ID = 31337

const localRpcUrl = process.env.NEXT_PUBLIC_RPC_URL || 'http://127.0.0.1:8545'

export const localChain = defineChain({
  ...anvil,
  id: LOCAL_CHAIN_ID,
  name: 'Livestock Local',
  rpcUrls: { default: { http: [localRpcUrl] } },
  testnet: true,
  // RainbowKit draws the chain's icon in the connect button; the app icon ships with the app (offline).
  iconUrl: '/icon.svg',
  iconBackground: '#09090b',
})

/** Public chains keep viem's definitions (and their multicall3 addresses); only the RPC may be overridden. */
function withRpcOverride<chain extends Chain>(chain: chain, rpcUrl: string | undefined): chain {
  if (!rpcUrl) return chain
  return { ...chain, rpcUrls: { ...chain.rpcUrls, default: { http: [rpcUrl] } } }
}

export const baseSepoliaChain = withRpcOverride(baseSepolia, process.env.NEXT_PUBLIC_BASE_SEPOLIA_RPC_URL)
export const baseChain = withRpcOverride(base, process.env.NEXT_PUBLIC_BASE_RPC_URL)

export const supportedChains = [localChain, baseSepoliaChain, baseChain] as const

export type SupportedChainId = (typeof supportedChains)[number]['id']

export function isSupportedChainId(chainId: number | undefined): chainId is SupportedChainId {
  return supportedChains.some((chain) => chain.id === chainId)
}

export function getSupportedChain(chainId: number | undefined): Chain | undefined {
  return supportedChains.find((chain) => chain.id === chainId)
}

/** The local chain runs simulated feeds and a keeper, so its prices are not real markets. */
export function isSimulatedChain(chainId: number | undefined): boolean {
  return chainId === LOCAL_CHAIN_ID
}

export function explorerTxUrl(chainId: number | undefined, hash: string): string | undefined {
  const explorer = getSupportedChain(chainId)?.blockExplorers?.default.url
  return explorer ? `${explorer}/tx/${hash}` : undefined
}

/**
 * Where the connected wallet stands, decided without React so it can be tested:
 * - `ok`: a configured chain with a deployment file;
 * - `unsupported`: the wallet is on a chain this app is not configured for;
 * - `not-deployed`: a configured chain without Livestock contracts (yet).
 * `target` is the chain a "switch" button should propose: the first configured chain that has a
 * deployment, or the local chain when nothing is deployed anywhere yet.
 */
export type ChainSupport =
  | { kind: 'ok'; chain: Chain }
  | { kind: 'unsupported'; chainId: number; target: Chain }
  | { kind: 'not-deployed'; chain: Chain; target: Chain | undefined }

export function describeChainSupport(
  chainId: number,
  hasDeployment: (chainId: number) => boolean,
): ChainSupport {
  const deployedChain = supportedChains.find((chain) => hasDeployment(chain.id))
  const chain = getSupportedChain(chainId)
  if (!chain) return { kind: 'unsupported', chainId, target: deployedChain ?? localChain }
  if (hasDeployment(chainId)) return { kind: 'ok', chain }
  return { kind: 'not-deployed', chain, target: deployedChain }
}
