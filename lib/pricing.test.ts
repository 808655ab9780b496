import { describe, expect, it } from "vitest";
import { delta, fundingPerDay, intrinsic, theo, timeValue, uFactor, yearsFromSeconds } from "./pricing";

const SEVEN_DAYS = yearsFromSeconds(7 * 86_400);

describe("everlasting option pricing (float64)", () => {
  it("matches SPEC's check value: σ=100%, T=7d, S=K=50,000 → V≈2,445 and funding≈349/day", () => {
    const v = timeValue(50_000, 50_000, 1, SEVEN_DAYS);
    expect(v).toBeGreaterThan(2_440);
    expect(v).toBeLessThan(2_450);
    expect(v).toBeCloseTo(50_000 / uFactor(1, SEVEN_DAYS), 9); // at the money V = K/u
    const funding = fundingPerDay(theo("call", 50_000, 50_000, 1, SEVEN_DAYS), 0, SEVEN_DAYS);
    expect(funding).toBeGreaterThan(345);
    expect(funding).toBeLessThan(352);
  });

  it("keeps put–call parity C − P = S − K", () => {
    for (const spot of [30_000, 49_999, 50_000, 72_000]) {
      const c = theo("call", spot, 50_000, 0.6, SEVEN_DAYS);
      const p = theo("put", spot, 50_000, 0.6, SEVEN_DAYS);
      expect(c - p).toBeCloseTo(spot - 50_000, 6);
    }
  });

  it("delta is the slope of theo", () => {
    for (const kind of ["call", "put"] as const) {
      for (const spot of [40_000, 55_000]) {
        const h = 1e-3;
        const slope = (theo(kind, spot + h, 50_000, 0.8, SEVEN_DAYS) - theo(kind, spot - h, 50_000, 0.8, SEVEN_DAYS)) / (2 * h);
        expect(delta(kind, spot, 50_000, 0.8, SEVEN_DAYS)).toBeCloseTo(slope, 6);
      }
    }
  });

  it("time value grows with volatility and is positive", () => {
    let previous = 0;
    for (const sigma of [0.1, 0.5, 1, 2, 3]) {
      const v = timeValue(45_000, 50_000, sigma, SEVEN_DAYS);
      expect(v).toBeGreaterThan(previous);
      previous = v;
    }
    expect(intrinsic("put", 45_000, 50_000)).toBe(5_000);
  });

  it("rejects non-positive inputs", () => {
    expect(() => theo("call", 0, 50_000, 1, SEVEN_DAYS)).toThrow(RangeError);
    expect(() => theo("call", 1, 50_000, 0, SEVEN_DAYS)).toThrow(RangeError);
    expect(() => theo("call", 1, 50_000, 1, Number.NaN)).toThrow(RangeError);
  });
});
