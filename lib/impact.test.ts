import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { priceImpact, SKEW_ALPHA, skewedPrice } from "./impact";
import { theo, yearsFromSeconds } from "./pricing";

const S = 95_000;

describe("skew price impact (mirror of MarginMath.skewedPrice)", () => {
  it("skewedPrice is theo + α·S²·|Δ|·N/L, and theo when N = 0 or L = 0", () => {
    // 100 + 0.1 · 100² · 0.5 · 10 / 1,000 = 100 + 5
    expect(skewedPrice(100, 0.5, 100, 10, 1_000, 0.1)).toBeCloseTo(105, 12);
    expect(skewedPrice(100, 0.5, 100, 0, 1_000, 0.1)).toBe(100);
    expect(skewedPrice(100, 0.5, 100, 10, 0, 0.1)).toBe(100);
  });

  it("prices below theo when traders are net short after the trade, and never below 0", () => {
    // 100 − 0.1 · 100² · 0.5 · 10 / 1,000 = 100 − 5
    expect(skewedPrice(100, 0.5, 100, -10, 1_000, 0.1)).toBeCloseTo(95, 12);
    // 100 − 0.1 · 100² · 0.5 · 300 / 1,000 = 100 − 150 → 0
    expect(skewedPrice(100, 0.5, 100, -300, 1_000, 0.1)).toBe(0);
  });

  it("1 BTC of the ATM call on a $10M vault at α = 0.1: 1.72807 % over theo, computed by hand", () => {
    // σ used = 55 % × 1.05 = 0.5775; σ²T = 0.5775² · 7/365 = 0.0063960; u = √(1 + 8/0.0063960) = 35.3805.
    // At the money V = K/u and |Δ| = (u+1)/(2u), so (price − theo)/theo = α · (q·S/L) · (u+1)/2
    // = 0.1 · (95,000 / 10,000,000) · 18.19025 = 1.72807 %.
    const r = priceImpact("call", S, 95_000, 0.55, 1, 10_000_000, 0.1);
    expect(r.sigmaUsed).toBeCloseTo(0.5775, 12);
    expect(r.theo).toBeCloseTo(95_000 / 35.3805, 1);
    expect(r.absDelta).toBeCloseTo(36.3805 / (2 * 35.3805), 5);
    expect(r.impactPct).toBeCloseTo(1.72807, 4);
    expect(r.price - r.theo).toBeCloseTo(0.1 * S * S * r.absDelta / 10_000_000, 9);
  });

  it("an out-of-the-money put: |Δ|·S/theo = (u−1)/2, so its impact is the ATM call's × (u−1)/(u+1)", () => {
    // Above the strike V = (K/u)·(S/K)^((1−u)/2) and the put's Δ = V·(1−u)/(2S): |Δ|·S/V = (u−1)/2 = 17.19025.
    const call = priceImpact("call", S, 95_000, 0.55, 1, 10_000_000, 0.1);
    const put = priceImpact("put", S, 85_000, 0.55, 1, 10_000_000, 0.1);
    expect(put.theo).toBeLessThan(call.theo / 5);
    expect(put.impactPct).toBeCloseTo(0.1 * (S / 10_000_000) * 17.19025 * 100, 4);
    expect(put.impactPct).toBeCloseTo((call.impactPct * 34.3805) / 36.3805, 4);
  });

  it("is linear in size and in 1/L", () => {
    const one = priceImpact("call", S, 95_000, 0.55, 1, 10_000_000, 0.1).impactPct;
    expect(priceImpact("call", S, 95_000, 0.55, 10, 10_000_000, 0.1).impactPct).toBeCloseTo(10 * one, 9);
    expect(priceImpact("call", S, 95_000, 0.55, 1, 2_500_000, 0.1).impactPct).toBeCloseTo(4 * one, 9);
    expect(priceImpact("call", S, 95_000, 0.55, 1, 10_000_000, 0.02).impactPct).toBeCloseTo(one / 5, 9);
  });

  it("zero size costs nothing over theo", () => {
    const r = priceImpact("put", S, 85_000, 0.55, 0, 10_000_000, 0.1);
    expect(r.price).toBe(r.theo);
    expect(r.impactPct).toBe(0);
  });

  it("every unit pays at N after the trade: 1 unit onto 7 already sold costs what 8 from flat do", () => {
    const onto = priceImpact("call", S, 95_000, 0.55, 1, 8_600_000, 0.1, { netBefore: 7 });
    const flat = priceImpact("call", S, 95_000, 0.55, 8, 8_600_000, 0.1);
    expect(onto.price).toBeCloseTo(flat.price, 9);
    // Issue 12 item 9: 8 BTC of OI on an $8.6M vault put the ATM call's mark about 16–17 % above theo at α = 0.1.
    expect(flat.impactPct).toBeGreaterThan(15);
    expect(flat.impactPct).toBeLessThan(18);
  });

  it("a buy into a net-short book pays less than theo: N after is negative", () => {
    const intoShort = priceImpact("call", S, 95_000, 0.55, 1, 10_000_000, 0.1, { netBefore: -3 });
    const fromFlat = priceImpact("call", S, 95_000, 0.55, 2, 10_000_000, 0.1);
    expect(intoShort.netAfter).toBe(-2);
    expect(intoShort.price).toBeLessThan(intoShort.theo);
    // Symmetric around theo: N = −2 discounts what N = +2 charges.
    expect(intoShort.impactPct).toBeCloseTo(-fromFlat.impactPct, 9);
  });

  it("uses σ = max(σ_oracle, floor) × 1.05 for theo and Δ", () => {
    const low = priceImpact("call", S, 95_000, 0.2, 1, 10_000_000, 0.1);
    expect(low.sigmaUsed).toBeCloseTo(0.35 * 1.05, 12);
    expect(low.theo).toBeCloseTo(theo("call", S, 95_000, 0.35 * 1.05, yearsFromSeconds(7 * 86_400)), 9);
  });

  it("rejects a negative size, vault or α", () => {
    expect(() => priceImpact("call", S, 95_000, 0.55, -1, 10_000_000, 0.1)).toThrow(RangeError);
    expect(() => priceImpact("call", S, 95_000, 0.55, 1, -1, 0.1)).toThrow(RangeError);
    expect(() => priceImpact("call", S, 95_000, 0.55, 1, 10_000_000, -0.1)).toThrow(RangeError);
  });

  it("SKEW_ALPHA equals r.skewAlphaWad in LivestockEngine.sol's constructor", () => {
    const source = readFileSync(path.join(__dirname, "../contracts/src/core/LivestockEngine.sol"), "utf8");
    const matches = [...source.matchAll(/r\.skewAlphaWad\s*=\s*([0-9_]+(?:\.[0-9_]+)?)e([0-9]+)\s*;/g)];
    expect(matches, "exactly one `r.skewAlphaWad = <value>e<exp>;` in the constructor").toHaveLength(1);
    const [, mantissa, exponent] = matches[0];
    const alpha = Number(mantissa.replaceAll("_", "")) * 10 ** (Number(exponent) - 18);
    expect(alpha).toBeCloseTo(SKEW_ALPHA, 15);
  });
});
