import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { startAnvil, type AnvilHandle } from "../scripts/lib/anvil";
import { deployPricingLens } from "../scripts/lib/pricingGrid";
import { pricingLensAbi } from "./generated";
import { skewedPrice } from "./impact";

const WAD = 10n ** 18n;
const wad = (x: number) => BigInt(Math.round(x * 1e6)) * 10n ** 12n;

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

  it("agrees within 1e-12 over theo, |Δ|, S, N, L and α, and prices N = 0 at theo", async () => {
    const points: [number, number, number, number, number, number][] = [];
    for (const theo of [12.5, 355, 2_685, 16_000])
      for (const absDelta of [0.064, 0.514, 0.98])
        for (const spot of [3_200, 95_000])
          for (const n of [0, 0.1, 1, 10, 50])
            for (const capital of [1e6, 1e7, 1e8])
              for (const alpha of [0.02, 0.1]) points.push([theo, absDelta, spot, n, capital, alpha]);
    const column = (i: number) => points.map((p) => wad(p[i] ?? 0));
    const onChain = await client.readContract({
      address: lens,
      abi: pricingLensAbi,
      functionName: "skewedPriceBatch",
      args: [column(0), column(1), column(2), column(3), column(4), column(5)],
    });
    let worst = 0;
    points.forEach(([theo, absDelta, spot, n, capital, alpha], i) => {
      const ts = skewedPrice(theo, absDelta, spot, n, capital, alpha);
      const sol = Number(onChain[i] ?? 0n) / Number(WAD);
      worst = Math.max(worst, Math.abs(sol - ts) / ts);
      if (n === 0) expect(onChain[i]).toBe(wad(theo));
    });
    console.log(`skew grid: ${points.length} points, worst relative error ${worst.toExponential(3)}`);
    expect(points.length).toBe(720);
    expect(worst).toBeLessThanOrEqual(1e-12);
  }, 120_000);
});
