import { parseEventLogs, parseUnits } from "viem";
import { formatToken } from "../lib/format";
import { mainVaultAbi } from "../lib/generated";
import { attachScreenshot, expect, test } from "./fixtures";

test("LP: deposit NVDA.M into the main vault, request a withdrawal, wait out the cooldown, execute", async ({ page, wallet, chain }, testInfo) => {
  const symbol = "NVDA.M";
  const id = `${symbol}-main`;
  const vault = chain.stock(symbol).mainVault;
  const amount = parseUnits("100", 18);
  const read = <name extends "totalAssets" | "exitFeeBps">(functionName: name) => chain.client.readContract({ address: vault, abi: mainVaultAbi, functionName });
  const sharesOf = () => chain.client.readContract({ address: vault, abi: mainVaultAbi, functionName: "balanceOf", args: [wallet.address] });
  const tvlBefore = await read("totalAssets");
  const balanceBefore = await chain.balanceOf(symbol, wallet.address);

  await page.goto("/pool");
  await wallet.connect();
  const card = page.getByTestId(`vault-${id}`);
  await expect(page.getByTestId(`vault-tvl-${id}`)).toHaveText(`${formatToken(tvlBefore, 18, 2)} ${symbol}`);
  await expect(page.getByTestId(`vault-shares-${id}`)).toHaveText("0");

  // ERC4626 has no permit: approve, then deposit.
  await page.getByTestId(`vault-deposit-${id}`).fill("100");
  const deposit = page.getByTestId(`vault-deposit-submit-${id}`);
  await expect(deposit).toHaveText(`Approve ${symbol}`);
  await deposit.click();
  await expect(deposit).toHaveText(`Deposit 100 ${symbol}`);
  await deposit.click();
  await expect(page.getByTestId(`vault-deposit-${id}`)).toHaveValue("");

  const shares = await sharesOf();
  expect(shares).toBeGreaterThan(0n);
  const tvl = await read("totalAssets");
  expect(tvl).toBe(tvlBefore + amount);
  expect(await chain.balanceOf(symbol, wallet.address)).toBe(balanceBefore - amount);
  await expect(page.getByTestId(`vault-shares-${id}`)).toHaveText(formatToken(shares, 24, 4));
  await expect(page.getByTestId(`vault-tvl-${id}`)).toHaveText(`${formatToken(tvl, 18, 2)} ${symbol}`);

  // Request all of it back: the cooldown (60 s on the local chain) is shown and blocks execution.
  await page.getByTestId(`vault-request-${id}-max`).click();
  await card.getByTestId(`vault-request-submit-${id}`).click();
  const status = page.getByTestId(`vault-request-status-${id}`);
  await expect(status).toHaveAttribute("data-state", "cooling");
  await expect(page.getByTestId(`vault-cooldown-${id}`)).toContainText(/Cooldown: (1m|\d+s) remaining \(chain time\)/);
  const execute = page.getByTestId(`vault-execute-submit-${id}`);
  await expect(execute).toBeDisabled();
  await expect(execute).toHaveAttribute("data-disabled-reason", /^Cooldown: (1m|\d+s) left$/);
  const [requested, readyAt] = await chain.client.readContract({ address: vault, abi: mainVaultAbi, functionName: "withdrawalRequest", args: [wallet.address] });
  expect(requested).toBe(shares);
  expect(readyAt - (await chain.timestamp())).toBeLessThanOrEqual(60n);
  expect(await sharesOf()).toBe(0n); // escrowed in the vault

  // After the cooldown: execute, and the tokens come back minus the 0.3% exit fee (which stays in the vault).
  // The keeper executes due withdrawals for everyone; this journey is the LP doing it from the page (as on a
  // deployment whose keeper is late or down), so its withdrawal duty is off here.
  if (chain.streams) await chain.keeperDuties({ withdrawals: false });
  await chain.advanceTime(61);
  await expect(status).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId(`vault-cooldown-${id}`)).toContainText("Cooldown over: ready to execute.");
  const fromBlock = (await chain.blockNumber()) + 1n;
  await execute.click();
  await expect(status).toHaveCount(0);

  const logs = await chain.client.getLogs({ address: vault, fromBlock, toBlock: "latest" });
  const executed = parseEventLogs({ abi: mainVaultAbi, logs, eventName: "WithdrawalExecuted" })[0];
  expect(executed.args.owner).toBe(wallet.address);
  expect(executed.args.shares).toBe(shares);
  const gross = executed.args.assets + executed.args.fee;
  expect(gross).toBeLessThanOrEqual(amount);
  expect(amount - gross).toBeLessThan(10n ** 6n); // share rounding only: the vault had no trading in between
  const exitFeeBps = BigInt(await read("exitFeeBps"));
  expect(exitFeeBps).toBe(30n);
  expect(executed.args.fee).toBe((gross * exitFeeBps + 9_999n) / 10_000n);
  const balanceAfter = await chain.balanceOf(symbol, wallet.address);
  expect(balanceAfter).toBe(balanceBefore - amount + executed.args.assets);
  expect(await read("totalAssets")).toBe(tvl - executed.args.assets);

  await expect(page.getByTestId(`vault-shares-${id}`)).toHaveText("0");
  await expect(card.getByText(`Balance: ${formatToken(balanceAfter, 18)} ${symbol}`)).toBeVisible();
  await attachScreenshot(page, testInfo, "withdrawal executed");
});
