import { formatToken } from "../lib/format";
import { ANVIL_ACCOUNTS, attachScreenshot, expect, test } from "./fixtures";

test("connect shows the address and the wallet's balances; disconnect from the app and from the wallet", async ({ page, wallet, chain }, testInfo) => {
  await page.goto("/trade");
  await expect(page.getByRole("heading", { level: 1, name: "Trade" })).toBeVisible();
  await expect(page.getByTestId("positions")).toContainText("Connect a wallet to see your positions.");

  // RainbowKit lists the wallet through EIP-6963 (under "Installed"), by the name it announced.
  await page.getByRole("button", { name: /connect wallet/i }).first().click();
  await expect(page.getByTestId("rk-wallet-option-dev.livestock.e2e-wallet")).toContainText(wallet.name);
  await page.getByTestId("rk-wallet-option-dev.livestock.e2e-wallet").click();

  const accountButton = page.getByTestId("rk-account-button");
  await expect(accountButton).toContainText("0x70…79C8");
  expect((await wallet.requests()).map((r) => r.method)).toContain("eth_requestAccounts");

  // The app reads the connected account's state from the chain: its TSLA.M balance and empty margin account.
  const balance = await chain.balanceOf("TSLA.M", wallet.address);
  expect(balance).toBe(1000n * 10n ** 18n);
  await expect(page.getByText(`Balance: ${formatToken(balance, 18)} TSLA.M`)).toBeVisible();
  await expect(page.getByTestId("positions-empty")).toHaveText("No open positions in TSLA.M.");
  expect((await chain.marginAccount(wallet.address, "TSLA.M")).collateral).toBe(0n);

  // A reload keeps the connection (the wallet remembers the site, wagmi reconnects).
  await page.reload();
  await expect(accountButton).toContainText("0x70…79C8");

  // Disconnect from the app.
  await accountButton.click();
  await page.getByTestId("rk-disconnect-button").click();
  await expect(page.getByRole("button", { name: /connect wallet/i }).first()).toBeVisible();
  await expect(page.getByTestId("positions")).toContainText("Connect a wallet to see your positions.");

  // Connect again, then switch accounts and disconnect from the wallet's side.
  await wallet.connect();
  await expect(accountButton).toContainText("0x70…79C8");
  await wallet.setAccounts([ANVIL_ACCOUNTS[2]]);
  await expect(accountButton).toContainText("0x3C…93BC");
  await wallet.disconnect();
  await expect(page.getByRole("button", { name: /connect wallet/i }).first()).toBeVisible();
  await expect(accountButton).toHaveCount(0);

  await attachScreenshot(page, testInfo, "disconnected");
});
