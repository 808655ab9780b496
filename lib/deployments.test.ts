import { describe, expect, it } from 'vitest'

import { getDeployment, listStocks, parseDeployment, stockByToken } from './deployments'

const a = '0x5FbDB2315678afecb367f032d93F642f64180aa3'
const b = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512'
const c = '0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0'

/** The shape scripts/lib/deploy.ts writes to lib/deployments/<chainId>.json. */
const localFile = {
  chainId: 31337,
  mode: 'local',
  startBlock: 17,
  contracts: { OracleHub: a, USDC: b },
  stocks: {
    'NVDA.M': {
      index: 1,
      name: 'NVIDIA MyStonks',
      feedName: 'NVDA',
      token: b,
      feed: c,
      pair: a,
      mainVault: c,
      insuranceVault: a,
      initialWeightBps: 4500,
      maintenanceWeightBps: 5500,
    },
    'TSLA.M': {
      index: 0,
      name: 'Tesla MyStonks',
      feedName: 'TSLA',
      token: a,
      feed: b,
      pair: c,
      mainVault: b,
      insuranceVault: c,
      initialWeightBps: 3500,
      maintenanceWeightBps: 4500,
    },
  },
}

describe('parseDeployment', () => {
  it('accepts the file the deploy script writes', () => {
    expect(parseDeployment(localFile)).toEqual({
      ...localFile,
      startBlock: 17n,
      stocks: {
        'NVDA.M': { ...localFile.stocks['NVDA.M'], symbol: 'NVDA.M' },
        'TSLA.M': { ...localFile.stocks['TSLA.M'], symbol: 'TSLA.M' },
      },
    })
  })

  it('leaves weights undefined when a file has none (the engine is authoritative anyway)', () => {
    const { initialWeightBps: _i, maintenanceWeightBps: _m, ...bare } = localFile.stocks['TSLA.M']
    const parsed = parseDeployment({ ...localFile, stocks: { 'TSLA.M': bare } })
    expect(parsed?.stocks['TSLA.M']?.initialWeightBps).toBeUndefined()
    expect(parsed?.stocks['TSLA.M']?.mainVault).toBe(b)
  })

  it('fills in what an older or hand-written file leaves out', () => {
    expect(parseDeployment({ chainId: 1, contracts: {} })).toEqual({
      chainId: 1,
      mode: 'local',
      startBlock: 0n,
      contracts: {},
      stocks: {},
    })
  })

  it('reads the streams section of a deployment with an order router', () => {
    const streams = {
      verifierProxy: a,
      verifier: b,
      feeds: { 'BTC/USD': `0x0003${'11'.repeat(30)}`, TSLA: `0x0008${'22'.repeat(30)}` },
      minDelay: 2,
      settleWindow: 5,
      maxLifetime: 120,
      liquidationMaxAge: 10,
    }
    const withRouter = { ...localFile, contracts: { ...localFile.contracts, OrderRouter: c, ReportStore: a }, streams }
    expect(parseDeployment(withRouter)?.streams).toEqual(streams)
    // Without the router the section is only the DON's business: the app keeps the direct flow.
    expect(parseDeployment({ ...localFile, streams })?.streams).toBeUndefined()
    // A malformed section is no router, not a broken file.
    const bad = parseDeployment({ ...withRouter, streams: { ...streams, minDelay: '2' } })
    expect(bad?.streams).toBeUndefined()
    expect(bad?.contracts.OrderRouter).toBe(c)
    expect(parseDeployment({ ...withRouter, streams: { ...streams, feeds: { 'BTC/USD': '0x12' } } })?.streams).toBeUndefined()
  })

  it('keeps the external-feeds mode', () => {
    expect(parseDeployment({ ...localFile, mode: 'external' })?.mode).toBe('external')
  })

  it.each([
    ['null', null],
    ['an array', []],
    ['no chain id', { contracts: {} }],
    ['a string chain id', { chainId: '31337', contracts: {} }],
    ['no contracts', { chainId: 31337 }],
    ['a bad contract address', { chainId: 31337, contracts: { OracleHub: '0x1234' } }],
    ['a non-string address', { chainId: 31337, contracts: { OracleHub: 42 } }],
    ['a stock without a pair', { ...localFile, stocks: { 'TSLA.M': { ...localFile.stocks['TSLA.M'], pair: undefined } } }],
    ['a stock without an index', { ...localFile, stocks: { 'TSLA.M': { ...localFile.stocks['TSLA.M'], index: '0' } } }],
    ['a stock without vaults', { ...localFile, stocks: { 'TSLA.M': { ...localFile.stocks['TSLA.M'], mainVault: undefined } } }],
  ])('refuses %s', (_label, value) => {
    expect(parseDeployment(value)).toBeUndefined()
  })
})

describe('getDeployment', () => {
  it('returns undefined for a chain without a deployment file', () => {
    expect(getDeployment(8453)).toBeUndefined()
    expect(getDeployment(undefined)).toBeUndefined()
  })
})

describe('listStocks / stockByToken', () => {
  const deployment = parseDeployment(localFile)

  it('lists stocks in protocol order, whatever the key order of the file', () => {
    expect(listStocks(deployment).map((stock) => stock.symbol)).toEqual(['TSLA.M', 'NVDA.M'])
    expect(listStocks(undefined)).toEqual([])
  })

  it('finds a stock by its token address in any letter case', () => {
    expect(stockByToken(deployment, b.toLowerCase())?.symbol).toBe('NVDA.M')
    expect(stockByToken(deployment, c)).toBeUndefined()
  })
})

describe('the committed local deployment', () => {
  it('parses, with every stock wired to its vaults', () => {
    const local = getDeployment(31337)
    expect(local).toBeDefined()
    for (const stock of listStocks(local)) {
      expect(stock.mainVault).toMatch(/^0x[0-9a-fA-F]{40}$/)
      expect(stock.insuranceVault).toMatch(/^0x[0-9a-fA-F]{40}$/)
    }
  })
})
