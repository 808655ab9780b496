import type { WalletDetailsParams } from '@rainbow-me/rainbowkit'
import { injectedWallet } from '@rainbow-me/rainbowkit/wallets'
import { createConfig, http } from 'wagmi'

import { baseChain, baseSepoliaChain, localChain, supportedChains } from './chains'

/**
 * Injected wallets only (MetaMask, Rabby, Brave, …, and any EIP-6963 wallet, which wagmi discovers on its
 * own): WalletConnect needs a cloud project id and a network connection this project does not assume.
 *
 * This is what RainbowKit's `connectorsForWallets([{ groupName: 'Browser wallet', wallets: [injectedWallet] }])`
 * returns (the injected connector tagged with the `rkDetails` its modal lists it by), built here without
 * importing RainbowKit's main entry: that module carries the modals, i18n and ENS code, and importing it
 * for one function put all of it in every page's first load. RainbowKit itself loads on demand
 * (components/wallet/WalletButton.tsx).
 */
const { createConnector: createInjectedConnector, ...injectedMeta } = injectedWallet()
const rkDetails: WalletDetailsParams['rkDetails'] = {
  ...injectedMeta,
  index: 0,
  groupIndex: 1,
  groupName: 'Browser wallet',
  isRainbowKitConnector: true,
}
const connectors = [createInjectedConnector({ rkDetails })]

/**
 * JSON-RPC batching: the requests made within 16 ms of each other travel as one HTTP request (a JSON-RPC batch).
 * A page's first reads start from several components at once (the block watchers, each panel's multicall, the
 * history indexer); without this each was its own round trip.
 */
const RPC_BATCH = { batch: { wait: 16, batchSize: 50 } } // capped: some public RPCs refuse large batches

export const wagmiConfig = createConfig({
  chains: supportedChains,
  connectors,
  transports: {
    [localChain.id]: http(undefined, RPC_BATCH),
    [baseSepoliaChain.id]: http(undefined, RPC_BATCH),
    [baseChain.id]: http(undefined, RPC_BATCH),
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
