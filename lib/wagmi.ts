import { connectorsForWallets } from '@rainbow-me/rainbowkit'
import { injectedWallet } from '@rainbow-me/rainbowkit/wallets'
import { createConfig, http } from 'wagmi'

import { baseChain, baseSepoliaChain, localChain, supportedChains } from './chains'

/**
 * Injected wallets only (MetaMask, Rabby, Brave, …): WalletConnect needs a cloud project id and a
 * network connection this project does not assume. RainbowKit still types `projectId` as required,
 * but only its WalletConnect-based wallets read it, so a placeholder is safe here.
 */
const connectors = connectorsForWallets(
  [{ groupName: 'Browser wallet', wallets: [injectedWallet] }],
  { appName: 'Livestock', projectId: 'unused-injected-wallets-only' },
)

export const wagmiConfig = createConfig({
  chains: supportedChains,
  connectors,
  transports: {
    [localChain.id]: http(),
    [baseSepoliaChain.id]: http(),
    [baseChain.id]: http(),
  },
  /**
   * Read batching: concurrent reads in one tick become one multicall3 `eth_call`.
   * A fresh anvil chain has no multicall3 contract, so the local chain uses viem's "deployless"
   * multicall (the bytecode travels inside the eth_call); Base and Base Sepolia use their
   * deployed multicall3 from viem's chain definitions.
   */
  batch: {
    [localChain.id]: { multicall: { deployless: true } },
    [baseSepoliaChain.id]: { multicall: true },
    [baseChain.id]: { multicall: true },
  },
  /** Local blocks arrive on demand, so poll fast there; Base produces a block every 2 s. */
  pollingInterval: {
    [localChain.id]: 1_000,
    [baseSepoliaChain.id]: 2_000,
    [baseChain.id]: 2_000,
  },
  ssr: true,
})

declare module 'wagmi' {
  interface Register {
    config: typeof wagmiConfig
  }
}
