import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { startAnvil, type AnvilHandle } from "../scripts/lib/anvil";
import { deployPricingLens } from "../scripts/lib/pricingGrid";
import { pricingLensAbi } from "./generated";
import { skewedPrice } from "./impact";
import { WAD } from "./fixedPoint";

const wad = (x: number) => BigInt(Math.round(x * 1e6)) * 10n ** 12n;

type Point = { theo: number; absDelta: number; spot: number; n: number; capital: number; alpha: number; buying: boolean };

/** The skew exists twice: MarginMath.skewedPrice on chain, lib/impact.ts for the calibration and the bench. */
describe("Solidity skew matches lib/impact.ts", () => {
  let anvil: AnvilHandle;
  let lens: Address;
  let client: Awaited<ReturnType<typeof deployPricingLens>>["client"];

  beforeAll(async () => {
    anvil = await startAnvil();
    ({ client, lens } = await deployPricingLens(anvil.rpcUrl));
  }, 60_000);

  afterAll(async () => {
    await anvil?.stop();
  });

  it("agrees within 1e-12 over theo, |Δ|, S, signed N, L, α and side; N = 0 prices at theo, a deep net short at 0", async () => {
    const points: Point[] = [];
    for (const theo of [12.5, 355, 2_685, 16_000])
      for (const absDelta of [0.064, 0.514, 0.98])
        for (const spot of [3_200, 95_000])
          for (const n of [-50, -10, -1, -0.1, 0, 0.1, 1, 10, 50])
            for (const capital of [1e6, 1e7, 1e8])
              for (const alpha of [0.02, 0.1])
                for (const buying of [true, false]) points.push({ theo, absDelta, spot, n, capital, alpha, buying });
    const onChain = await client.readContract({
      address: lens,
      abi: pricingLensAbi,
      functionName: "skewedPriceBatch",
      args: [
        points.map((p) => ({
          theo: wad(p.theo),
          absDelta: wad(p.absDelta),
          spot: wad(p.spot),
          netAfter: wad(p.n),
          capitalUsd: wad(p.capital),
          alphaWad: wad(p.alpha),
          buying: p.buying,
        })),
      ],
    });
    expect(onChain.length).toBe(points.length);

    let worst = 0;
    let floored = 0;
    const buyPrice = new Map<string, bigint>();
    points.forEach((p, i) => {
      const sol = onChain[i];
      const ts = skewedPrice(p.theo, p.absDelta, p.spot, p.n, p.capital, p.alpha);
      if (p.n === 0) expect(sol).toBe(wad(p.theo));
      if (p.n > 0) expect(sol).toBeGreaterThan(wad(p.theo));
      if (p.n < 0) expect(sol).toBeLessThan(wad(p.theo));
      if (ts === 0) {
        // The discount exceeds theo: both floor the price at 0.
        expect(sol).toBe(0n);
        floored++;
      } else {
        // Relative to the larger of price and theo: for N < 0 the price is theo minus the discount, and float64's
        // subtraction is exact only to theo's last bits, not the (smaller) price's.
        worst = Math.max(worst, Math.abs(Number(sol) / Number(WAD) - ts) / Math.max(ts, p.theo));
      }
      // Against the trader: a buy never pays less than a sale of the same point is paid, by at most 2 wei.
      const key = `${p.theo}:${p.absDelta}:${p.spot}:${p.n}:${p.capital}:${p.alpha}`;
      if (p.buying) buyPrice.set(key, sol);
      else {
        const buy = buyPrice.get(key)!;
        expect(buy - sol).toBeGreaterThanOrEqual(0n);
        expect(buy - sol).toBeLessThanOrEqual(2n);
      }
    });
    console.log(`skew grid: ${points.length} points (${floored} floored at 0), worst relative error ${worst.toExponential(3)}`);
    expect(points.length).toBe(2_592);
    expect(floored).toBeGreaterThan(0);
    expect(floored).toBeLessThan(points.length / 4);
    expect(worst).toBeLessThanOrEqual(1e-12);
  }, 120_000);
});
