import { describe, expect, it } from 'vitest'

import {
  baseChain,
  baseSepoliaChain,
  describeChainSupport,
  explorerTxUrl,
  isSimulatedChain,
  isSupportedChainId,
  localChain,
  supportedChains,
} from './chains'

const deployedOn = (...ids: number[]) => (chainId: number) => ids.includes(chainId)

describe('chains', () => {
  it('puts the local anvil chain first so it is the default', () => {
    expect(supportedChains[0]).toBe(localChain)
    expect(localChain.id).toBe(31337)
    expect(localChain.rpcUrls.default.http[0]).toBe(process.env.NEXT_PUBLIC_RPC_URL || 'http://127.0.0.1:8545')
  })

  it('knows Base Sepolia and Base', () => {
    expect(isSupportedChainId(84532)).toBe(true)
    expect(isSupportedChainId(8453)).toBe(true)
    expect(isSupportedChainId(1)).toBe(false)
    expect(isSupportedChainId(undefined)).toBe(false)
  })

  it('marks only the local chain as simulated', () => {
    expect(isSimulatedChain(31337)).toBe(true)
    expect(isSimulatedChain(8453)).toBe(false)
  })

  it('links transactions to an explorer only where one exists', () => {
    expect(explorerTxUrl(31337, '0xabc')).toBeUndefined()
    expect(explorerTxUrl(8453, '0xabc')).toMatch(/^https:\/\/.+\/tx\/0xabc$/)
  })
})

describe('describeChainSupport', () => {
  it('is ok on a configured chain with a deployment', () => {
    expect(describeChainSupport(31337, deployedOn(31337))).toEqual({ kind: 'ok', chain: localChain })
  })

  it('flags an unconfigured chain and proposes the first deployed chain', () => {
    expect(describeChainSupport(1, deployedOn(84532))).toEqual({ kind: 'unsupported', chainId: 1, target: baseSepoliaChain })
  })

  it('proposes the local chain when nothing is deployed anywhere yet', () => {
    expect(describeChainSupport(1, deployedOn())).toEqual({ kind: 'unsupported', chainId: 1, target: localChain })
  })

  it('flags a configured chain without contracts', () => {
    expect(describeChainSupport(8453, deployedOn(31337))).toEqual({ kind: 'not-deployed', chain: baseChain, target: localChain })
    expect(describeChainSupport(31337, deployedOn())).toEqual({ kind: 'not-deployed', chain: localChain, target: undefined })
  })
})
