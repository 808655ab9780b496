import { describe, expect, it } from 'vitest'

import { absSize, isEmptyAccount, nearestLiquidationPrice, planDeposit, positionSide, type RawAccountView, toAccountView } from './account'
import { WAD } from './fixedPoint'


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
      fundingReceivable: 0n,
      initialMargin: 100n * WAD,
      maintenanceMargin: 50n * WAD,
    },
    marginRatioWad: WAD / 40n,
    liquidatable: false,
    positions: [
      {
        marketId: 3n,
        underlying: 1,
        isCall: false,
        strike: 3_000n * WAD,
        size: WAD,
        entryPrice: 100n * WAD,
        markPrice: 95n * WAD,
        pnlUsd: -5n * WAD,
        unpaidFundingUsd: WAD,
        fundingReceivableUsd: 0n,
        initialMargin: 95n * WAD,
        maintenanceMargin: 50n * WAD,
        liquidationPriceDown: 0n,
        liquidationPriceUp: 0n,
      },
    ],
    groups: [
      { initialMargin: 0n, maintenanceMargin: 0n, standaloneIm: 0n, maxLossBounded: true, maxLoss: 0n },
      { initialMargin: 100n * WAD, maintenanceMargin: 50n * WAD, standaloneIm: 100n * WAD, maxLossBounded: true, maxLoss: 100n * WAD },
    ],
  }

  it('narrows the underlying to BTC | ETH and keeps every number', () => {
    const view = toAccountView(raw)
    expect(view.positions[0].underlying).toBe(1)
    expect(view.health.equityInitial).toBe(1_505n * WAD)
    expect(view.positions[0].fundingReceivableUsd).toBe(0n)
    expect(view.groups[1].standaloneIm).toBe(100n * WAD)
    expect(isEmptyAccount(view)).toBe(false)
  })

  it('calls an account with no margin and no positions empty', () => {
    expect(isEmptyAccount(undefined)).toBe(true)
    expect(isEmptyAccount(toAccountView({ ...raw, collateral: 0n, positions: [] }))).toBe(true)
  })
})

describe('signed positions', () => {
  it('names the side by the sign and moves |size| to close', () => {
    expect(positionSide(WAD)).toBe('Long')
    expect(positionSide(-WAD)).toBe('Short')
    expect(absSize(-2n * WAD)).toBe(2n * WAD)
    expect(absSize(2n * WAD)).toBe(2n * WAD)
  })
})

describe('nearestLiquidationPrice', () => {
  const spot = 95_000n * WAD
  const at = (down: number, up: number) => ({ liquidationPriceDown: BigInt(down) * WAD, liquidationPriceUp: BigInt(up) * WAD })

  it('shows the one direction that has a price, or none', () => {
    expect(nearestLiquidationPrice(at(80_000, 0), spot)).toBe(80_000n * WAD) // a long call: BTC falling
    expect(nearestLiquidationPrice(at(0, 120_000), spot)).toBe(120_000n * WAD) // a short call: BTC rising
    expect(nearestLiquidationPrice(at(0, 0), spot)).toBe(0n)
    expect(nearestLiquidationPrice(at(80_000, 0), undefined)).toBe(80_000n * WAD)
  })

  it('with both, shows the nearer to spot (ties go up), and waits for spot to choose', () => {
    expect(nearestLiquidationPrice(at(85_000, 120_000), spot)).toBe(85_000n * WAD)
    expect(nearestLiquidationPrice(at(60_000, 100_000), spot)).toBe(100_000n * WAD)
    expect(nearestLiquidationPrice(at(90_000, 100_000), spot)).toBe(100_000n * WAD)
    // Already liquidatable: the lens answers spot both ways.
    expect(nearestLiquidationPrice(at(95_000, 95_000), spot)).toBe(spot)
    expect(nearestLiquidationPrice(at(85_000, 120_000), undefined)).toBeUndefined()
  })
})
