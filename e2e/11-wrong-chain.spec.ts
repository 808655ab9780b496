import { formatToken } from "../lib/format";
import { attachScreenshot, expect, test } from "./fixtures";

test("wrong chain: the banner says so, forms are gone, and its switch button brings the wallet back", async ({ page, wallet, chain }, testInfo) => {
  const symbol = "TSLA.M";
  const balance = await chain.balanceOf(symbol, wallet.address);
  const banner = page.getByTestId("wrong-chain-banner");
  const switchButton = banner.getByRole("button", { name: "Switch to Livestock Local" });
  const accountButton = page.getByTestId("rk-account-button");
  const balanceHint = page.getByText(`Balance: ${formatToken(balance, 18)} ${symbol}`);
  const switchRequests = async () => (await wallet.requests()).filter((r) => r.method === "wallet_switchEthereumChain").map((r) => `${JSON.stringify(r.params)}:${r.outcome}`);

  await page.goto("/trade");
  await wallet.connect();
  await expect(accountButton).toContainText("0x70…79C8");
  await expect(balanceHint).toBeVisible();
  await expect(banner).toHaveCount(0);
  // The keeper's background price updates would mine blocks: "nothing changes on chain" is about this wallet.
  if (chain.streams) await chain.keeperDuties({ prices: false, settle: false, liquidate: false });
  const blockBefore = await chain.blockNumber();

  // The user moves the wallet to Ethereum mainnet: not a chain this app is configured for.
  await wallet.switchChain(1);
  await expect(banner).toContainText("Your wallet is on a network Livestock does not support (chain 1).");
  await expect(switchButton).toBeEnabled();
  // RainbowKit's chain button (labelled "Chain Selector") reads "Wrong network".
  await expect(page.getByRole("button", { name: "Chain Selector" })).toHaveText(/Wrong network/);
  // Nothing to sign on the wrong chain: the trade forms give way to a notice.
  await expect(page.getByText("Livestock is not deployed on this network: switch to a supported chain.")).toBeVisible();
  await expect(page.getByTestId("account-panel")).toHaveCount(0);
  await expect(page.getByTestId("order-ticket")).toHaveCount(0);
  await attachScreenshot(page, testInfo, "wallet on chain 1");

  // The user declines the switch in the wallet: the banner stays and says why, calmly.
  await wallet.rejectNext(1, ["wallet_switchEthereumChain"]);
  await switchButton.click();
  await expect(banner).toContainText("Request cancelled in wallet");
  await expect(switchButton).toBeEnabled();
  expect((await wallet.state()).chainId).toBe(1);

  // Accepting it brings everything back on the local chain.
  await switchButton.click();
  await expect(banner).toHaveCount(0);
  expect((await wallet.state()).chainId).toBe(31337);
  expect(await switchRequests()).toEqual(['[{"chainId":"0x7a69"}]:rejected', '[{"chainId":"0x7a69"}]:ok']);
  await expect(accountButton).toContainText("0x70…79C8");
  await expect(page.getByTestId("account-panel")).toBeVisible();
  await expect(balanceHint).toBeVisible();

  // A configured chain with no deployment (Base Sepolia) gets its own sentence and the same way back.
  await wallet.switchChain(84532);
  await expect(banner).toContainText("Livestock is not deployed on Base Sepolia.");
  await expect(page.getByTestId("account-panel")).toHaveCount(0);
  await switchButton.click();
  await expect(banner).toHaveCount(0);
  expect((await wallet.state()).chainId).toBe(31337);
  await expect(page.getByTestId("account-panel")).toBeVisible();
  await expect(balanceHint).toBeVisible();

  // Switching networks sent nothing.
  expect(await wallet.signingRequests()).toEqual([]);
  expect(await chain.blockNumber()).toBe(blockBefore);

  await attachScreenshot(page, testInfo, "back on the local chain");
});
