import { parseUnits } from "viem";
import { formatToken, formatUsdWad } from "../lib/format";
import { stockTokenAbi } from "../lib/generated";
import { attachScreenshot, expect, test } from "./fixtures";

test("deposit TSLA.M as margin with a permit: equity shows the weighted value", async ({ page, wallet, chain }, testInfo) => {
  const symbol = "TSLA.M";
  const amount = parseUnits("100", 18);
  const token = chain.stock(symbol).token;
  const balanceBefore = await chain.balanceOf(symbol, wallet.address);

  await page.goto("/trade");
  await wallet.connect();
  await expect(page.getByTestId("margin-deposit-method")).toContainText("TSLA.M supports permits");

  await page.getByTestId("margin-deposit-amount").fill("100");
  const submit = page.getByTestId("margin-deposit-submit");
  await expect(submit).toHaveText("Sign permit & deposit 100 TSLA.M");
  await submit.click();
  await expect(page.getByTestId("tx-toast").filter({ hasText: "Confirmed" })).toBeVisible();

  // One signature (the permit) and one transaction, no separate approval.
  const signing = (await wallet.signingRequests()).map((r) => r.method);
  expect(signing).toEqual(["eth_signTypedData_v4", "eth_sendTransaction"]);

  // On chain: the margin is in the engine, the wallet paid it, the permit nonce moved and no allowance is left.
  expect((await chain.marginAccount(wallet.address, symbol)).collateral).toBe(amount);
  expect(await chain.balanceOf(symbol, wallet.address)).toBe(balanceBefore - amount);
  expect(await chain.client.readContract({ address: token, abi: stockTokenAbi, functionName: "nonces", args: [wallet.address] })).toBe(1n);
  expect(await chain.client.readContract({ address: token, abi: stockTokenAbi, functionName: "allowance", args: [wallet.address, chain.engine] })).toBe(0n);

  // Equity (initial weight) = weight × amount × P_coll, P_coll = min(reference, DEX TWAP): 35% for TSLA.M.
  const state = await chain.stockState(symbol);
  const weighted = ((amount * state.collateralPrice) / 10n ** 18n) * 3500n / 10_000n;
  const view = await chain.accountView(wallet.address, symbol);
  expect(view.health.equityInitial).toBe(weighted);
  expect(view.health.collateralValue).toBe((amount * state.collateralPrice) / 10n ** 18n);

  await expect(page.getByTestId("account-collateral")).toHaveText(`${formatToken(amount, 18)} ${symbol}`);
  await expect(page.getByTestId("account-equity")).toHaveText(formatUsdWad(weighted));
  await expect(page.getByText(`Balance: ${formatToken(balanceBefore - amount, 18)} ${symbol}`)).toBeVisible();

  await attachScreenshot(page, testInfo, "margin deposited");
});
