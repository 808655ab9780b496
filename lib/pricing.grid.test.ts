import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAnvil, type AnvilHandle } from "../scripts/lib/anvil";
import { comparePricingGrid, deployPricingLens } from "../scripts/lib/pricingGrid";

/** Solidity (EverlastingOption via PricingLens on anvil) against lib/pricing.ts over the grid. */
describe("Solidity pricing matches float64 pricing", () => {
  let anvil: AnvilHandle;

  beforeAll(async () => {
    anvil = await startAnvil();
  }, 60_000);

  afterAll(async () => {
    await anvil?.stop();
  });

  it("worst relative error over the grid is at most 1e-9", async () => {
    const { client, lens } = await deployPricingLens(anvil.rpcUrl);
    const result = await comparePricingGrid(client, lens);
    const w = result.worst;
    console.log(
      `pricing grid: ${result.points} points, worst relative error ${result.maxRelError.toExponential(3)}` +
        (w ? ` at ${w.point.kind} S=${Number(w.point.spot) / 1e18} K=${Number(w.point.strike) / 1e18} σ=${Number(w.point.sigma) / 1e18} T=${w.point.tDays}d (sol ${w.solidity}, f64 ${w.float64})` : "") +
        `; worst delta error ${result.maxDeltaAbsError.toExponential(3)}` +
        `; ${result.pointsBelowFloor} prices under $${result.floorUsd} off by at most ${result.maxAbsErrorBelowFloorWei.toFixed(2)} wei`,
    );
    expect(result.points).toBeGreaterThan(5_000);
    expect(result.maxRelError).toBeLessThanOrEqual(1e-9);
    expect(result.maxDeltaAbsError).toBeLessThanOrEqual(1e-9);
    expect(result.maxAbsErrorBelowFloorWei).toBeLessThanOrEqual(2);
  }, 120_000);
});
