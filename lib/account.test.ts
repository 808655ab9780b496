import { describe, expect, it } from 'vitest'

import { isEmptyAccount, planDeposit, type RawAccountView, toAccountView } from './account'

const WAD = 10n ** 18n

describe('planDeposit', () => {
  it('deposits straight away when the allowance covers the amount', () => {
    expect(planDeposit(5n * WAD, 5n * WAD, true)).toEqual({ kind: 'deposit' })
    expect(planDeposit(5n * WAD, 10n * WAD, false)).toEqual({ kind: 'deposit' })
  })

  it('signs a permit when the token supports it, else approves first', () => {
    expect(planDeposit(5n * WAD, 0n, true)).toEqual({ kind: 'permit' })
    expect(planDeposit(5n * WAD, WAD, false)).toEqual({ kind: 'approve' })
    expect(planDeposit(5n * WAD, undefined, false)).toEqual({ kind: 'approve' })
  })
})

describe('toAccountView', () => {
  const raw: RawAccountView = {
    collateral: 10n * WAD,
    health: {
      collateralValue: 4_300n * WAD,
      equityInitial: 1_505n * WAD,
      equityMaintenance: 1_935n * WAD,
      pnl: -5n * WAD,
      unpaidFunding: WAD,
      initialMargin: 100n * WAD,
      maintenanceMargin: 50n * WAD,
    },
    marginRatioWad: WAD / 40n,
    liquidatable: false,
    positions: [
      { marketId: 3n, underlying: 1, isCall: false, strike: 3_000n * WAD, size: WAD, entryPrice: 100n * WAD, markPrice: 95n * WAD, pnlUsd: -5n * WAD, unpaidFundingUsd: WAD, liquidationPrice: 0n },
    ],
  }

  it('narrows the underlying to BTC | ETH and keeps every number', () => {
    const view = toAccountView(raw)
    expect(view.positions[0].underlying).toBe(1)
    expect(view.health.equityInitial).toBe(1_505n * WAD)
    expect(isEmptyAccount(view)).toBe(false)
  })

  it('calls an account with no margin and no positions empty', () => {
    expect(isEmptyAccount(undefined)).toBe(true)
    expect(isEmptyAccount(toAccountView({ ...raw, collateral: 0n, positions: [] }))).toBe(true)
  })
})
