/**
 * Everlasting option pricing in plain float64, mirroring contracts/src/pricing/EverlastingOption.sol.
 * Units: spot and strike in USD, sigma annualised (1 = 100%), tYears in years.
 * The Solidity version is checked against this one over a grid in lib/pricing.grid.test.ts.
 */

export const SECONDS_PER_YEAR = 365 * 24 * 60 * 60;

export type OptionKind = "call" | "put";

/** u = sqrt(1 + 8 / (σ² T)) */
export function uFactor(sigma: number, tYears: number): number {
  if (!(sigma > 0) || !(tYears > 0)) throw new RangeError("sigma and tYears must be positive");
  return Math.sqrt(1 + 8 / (sigma * sigma * tYears));
}

/** Exponent of (S/K) in the time value: (1−u)/2 at or above the strike, (1+u)/2 below it. */
function moneynessExponent(spot: number, strike: number, u: number): number {
  return spot >= strike ? (1 - u) / 2 : (1 + u) / 2;
}

function assertPrices(spot: number, strike: number): void {
  if (!(spot > 0) || !(strike > 0)) throw new RangeError("spot and strike must be positive");
}

/** Time value V, the same for a call and a put. Computed in log space like the contract. */
export function timeValue(spot: number, strike: number, sigma: number, tYears: number): number {
  assertPrices(spot, strike);
  const u = uFactor(sigma, tYears);
  return Math.exp(moneynessExponent(spot, strike, u) * Math.log(spot / strike) + Math.log(strike / u));
}

export function intrinsic(kind: OptionKind, spot: number, strike: number): number {
  return kind === "call" ? Math.max(spot - strike, 0) : Math.max(strike - spot, 0);
}

export function theo(kind: OptionKind, spot: number, strike: number, sigma: number, tYears: number): number {
  return intrinsic(kind, spot, strike) + timeValue(spot, strike, sigma, tYears);
}

/** dTheo/dS: call in [0, 1], put = call − 1. */
export function delta(kind: OptionKind, spot: number, strike: number, sigma: number, tYears: number): number {
  assertPrices(spot, strike);
  const u = uFactor(sigma, tYears);
  const v = timeValue(spot, strike, sigma, tYears);
  const callDelta = (spot >= strike ? 1 : 0) + (v * moneynessExponent(spot, strike, u)) / spot;
  return kind === "call" ? callDelta : callDelta - 1;
}

/** Funding a long pays per day, in USD per unit, at a given mark: (mark − intrinsic) / T per year. */
export function fundingPerDay(mark: number, intrinsicValue: number, tYears: number): number {
  return ((mark - intrinsicValue) / tYears) * (86_400 / SECONDS_PER_YEAR);
}

/** Funding as an annual rate of the mark price. */
export function fundingApr(mark: number, intrinsicValue: number, tYears: number): number {
  if (!(mark > 0)) return 0;
  return (mark - intrinsicValue) / tYears / mark;
}

export function yearsFromSeconds(seconds: number): number {
  return seconds / SECONDS_PER_YEAR;
}
