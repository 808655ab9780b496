import { BaseError, ContractFunctionRevertedError, maxUint256, parseUnits } from "viem";
import { formatPercentWad } from "../lib/format";
import { attachScreenshot, expect, test } from "./fixtures";
import { engineAbi } from "./fixtures/chain";

test("peg: a $500 buy pins AMZNx 100× on its thin pool → the peg page says broken, the trade page refuses AMZNx-settled positions", async ({ page, wallet, chain }, testInfo) => {
  const symbol = "AMZNx";
  const pin = await chain.pinPair(symbol, 500, 100);
  expect(pin.priceAfter / pin.priceBefore).toBeGreaterThan(99);
  expect(pin.priceAfter / pin.priceBefore).toBeLessThan(101);
  expect(Number(pin.usdcIn) / 1e6).toBeCloseTo(500, -1);
  // The pumped price has to last to move the 30-minute TWAP: two minutes and one keeper update.
  await chain.advanceTime(120);

  const state = await chain.stockState(symbol);
  expect(state.peg).toBe(2); // Broken
  expect(state.deviationWad).toBeGreaterThan(parseUnits("0.05", 18));
  expect(state.collateralPrice).toBe(state.refPrice); // margin stays valued at the reference, never at the pump

  await page.goto("/peg");
  await expect(page.getByTestId(`peg-state-${symbol}`)).toHaveAttribute("data-state", "broken");
  await expect(page.getByTestId(`peg-state-${symbol}`)).toHaveText("Broken");
  await expect(page.getByTestId(`peg-deviation-${symbol}`)).toHaveText(formatPercentWad(state.deviationWad, { signed: true }));
  await expect(page.getByTestId("peg-state-TSLA.M")).toHaveAttribute("data-state", "healthy");
  await attachScreenshot(page, testInfo, "peg page");

  await page.goto("/trade");
  await wallet.connect();
  await page.getByRole("radiogroup", { name: "Settlement token" }).getByRole("radio", { name: symbol }).click();
  await expect(page.getByTestId("trade-peg-state")).toHaveAttribute("data-state", "broken");
  const reason = `${symbol} peg broken: new positions paused`;
  await expect(page.getByTestId("trade-blocked")).toContainText(`New positions are paused: ${reason}.`);
  await page.getByTestId("chain-call-95000").click();
  await page.getByTestId("ticket-size").fill("0.1");
  const buy = page.getByTestId("ticket-submit");
  await expect(buy).toBeDisabled();
  await expect(buy).toHaveAttribute("data-disabled-reason", reason);
  await expect(buy).toHaveText(reason);
  expect(await wallet.signingRequests()).toEqual([]);

  // The engine refuses the same trade for the same reason.
  const marketId = await chain.marketId(symbol, "BTC", "call", 95_000);
  const refusal = await chain.client
    .simulateContract({
      // With an order router only the router calls the engine: simulate the settlement's call.
      account: chain.streams ? chain.router : wallet.address,
      address: chain.engine,
      abi: engineAbi,
      functionName: "trade",
      args: [wallet.address, marketId, parseUnits("0.1", 18), maxUint256],
    })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  expect(refusal).toBeInstanceOf(BaseError);
  const revert = (refusal as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
  expect(revert instanceof ContractFunctionRevertedError ? revert.data?.errorName : undefined).toBe("PegNotHealthy");

  await attachScreenshot(page, testInfo, "trade refused");
});
