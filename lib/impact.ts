/**
 * Price impact of the vault's skew, in plain float64, mirroring `MarginMath.skewedPrice`
 * (contracts/src/core/MarginMath.sol):
 *
 *   mark = max(0, theo + α · S² · |Δ| · N / L)
 *
 * N is the traders' signed net size in the market AFTER the trade (long − short: the vault's net short; a buy adds
 * its size, a sell subtracts it; every unit of the trade pays the premium at N_after), L the vault's capital in
 * USD, α `RiskParams.skewAlphaWad`. N > 0 prices above theo, N < 0 below (never below 0). N = 0 or L = 0 prices
 * at theo, as on chain. The skew is a one-off trade cost: PnL and funding are computed from theo, not from the
 * mark. On chain a buy rounds up and a sell down (one wei); float64 has no such distinction.
 * Calibration and the table of impacts: docs/decisions/009-skew-calibration.md.
 */
import { delta, theo, yearsFromSeconds, type OptionKind } from "./pricing";

/**
 * α, kept equal to `r.skewAlphaWad` in contracts/src/core/LivestockEngine.sol's constructor
 * (lib/impact.test.ts reads the Solidity source and fails when they differ).
 */
export const SKEW_ALPHA = 0.02;

/** Defaults of the BTC markets: σ floor, the σ surcharge below the utilisation kink, the funding period. */
export const BTC_SIGMA_FLOOR = 0.35;
export const SIGMA_MULTIPLIER_LOW_UTILIZATION = 1.05;
export const FUNDING_PERIOD_YEARS = yearsFromSeconds(7 * 86_400);

/** MarginMath.skewedPrice: max(0, theo + α·S²·|Δ|·N/L) (USD per unit), N signed. */
export function skewedPrice(theoUsd: number, absDelta: number, spot: number, netAfter: number, capitalUsd: number, alpha: number): number {
  if (netAfter === 0) return theoUsd;
  if (capitalUsd === 0) return theoUsd; // on chain the OI cap (0) already refuses new exposure
  return Math.max(0, theoUsd + (alpha * spot * spot * absDelta * netAfter) / capitalUsd);
}

export type ImpactOptions = {
  /** N before the trade, signed: traders' long − short (default 0: the book is flat in this market). */
  netBefore?: number;
  /** σ floor of the underlying (default BTC's 35 %). */
  sigmaFloor?: number;
  /** 1 + base + slope·max(0, U − kink): 1.05 below the kink (default). */
  sigmaMultiplier?: number;
  /** Funding period T in years (default 7 days). */
  tYears?: number;
};

export type Impact = {
  sigmaUsed: number;
  theo: number;
  absDelta: number;
  /** N after the trade (N before + size). */
  netAfter: number;
  /** Price per unit the trader pays (before the taker fee). */
  price: number;
  /** price − theo per unit. */
  premium: number;
  /** (price − theo) / theo · 100. */
  impactPct: number;
};

/**
 * Impact of buying `size` units of one option from a vault of `vaultUsd` capital, with the σ the engine uses
 * (max(σ_oracle, floor) × multiplier).
 */
export function priceImpact(
  kind: OptionKind,
  spot: number,
  strike: number,
  sigmaOracle: number,
  size: number,
  vaultUsd: number,
  alpha: number = SKEW_ALPHA,
  options: ImpactOptions = {},
): Impact {
  if (!(size >= 0) || !(vaultUsd >= 0) || !(alpha >= 0)) throw new RangeError("size, vaultUsd and alpha must be non-negative");
  const { netBefore = 0, sigmaFloor = BTC_SIGMA_FLOOR, sigmaMultiplier = SIGMA_MULTIPLIER_LOW_UTILIZATION, tYears = FUNDING_PERIOD_YEARS } = options;
  const sigmaUsed = Math.max(sigmaOracle, sigmaFloor) * sigmaMultiplier;
  const theoUsd = theo(kind, spot, strike, sigmaUsed, tYears);
  const absDelta = Math.abs(delta(kind, spot, strike, sigmaUsed, tYears));
  const netAfter = netBefore + size;
  const price = skewedPrice(theoUsd, absDelta, spot, netAfter, vaultUsd, alpha);
  const premium = price - theoUsd;
  return { sigmaUsed, theo: theoUsd, absDelta, netAfter, price, premium, impactPct: (premium / theoUsd) * 100 };
}
