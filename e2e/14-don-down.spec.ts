import { parseUnits } from "viem";
import { formatToken } from "../lib/format";
import { attachScreenshot, expect, test } from "./fixtures";

/**
 * The price service (the DON that signs the prices orders settle at) stops: the app says so without hiding
 * anything, an order committed meanwhile waits (nobody can settle it without a signed price), margin cannot be
 * withdrawn while it is pending, and once it has expired its trader cancels it and gets the execution fee back.
 */
test("DON down: the order waits, the app says why, after expiry the trader cancels and gets the fee back", async ({ page, wallet, chain }, testInfo) => {
  // The local deployment has an OrderRouter (contracts/deploy/local.json streams.enabled): two-step orders.
  expect(chain.streams, "two-step orders need a streams deployment (OrderRouter)").toBe(true);
  const symbol = "TSLA.M";
  await chain.depositMargin(wallet.address, symbol, parseUnits("200", 18));
  const walletBefore = await chain.balanceOf(symbol, wallet.address);

  await page.goto("/trade");
  await wallet.connect();
  await expect(page.getByTestId("account-collateral")).toHaveText(`200 ${symbol}`);
  await expect(page.getByTestId("price-service-down")).toHaveCount(0);

  await chain.donStop();
  const notice = page.getByTestId("price-service-down");
  await expect(notice).toHaveText(
    "Price service unreachable: orders wait for signed prices and expire after 60 s; you can cancel them then.",
  );
  // Nothing else went blank: the chain, the ticket and the account still show.
  await expect(page.getByTestId("spot-price")).toHaveText(/\$\d/);

  await page.getByTestId("chain-call-95000").click();
  await page.getByTestId("ticket-size").fill("0.5");
  await expect(page.getByTestId("ticket-submit")).toHaveText("Buy 0.5 BTC call");
  await page.getByTestId("ticket-submit").click();
  const row = page.locator('[data-testid^="order-row-"]').first();
  await expect(row).toBeVisible();
  const orderId = (await row.getAttribute("data-testid"))!.replace("order-row-", "");
  await expect(page.getByTestId(`order-status-${orderId}`)).toHaveText("Pending");
  await expect(page.getByTestId(`order-expiry-${orderId}`)).toHaveText(/^expires in \d+ s$/);
  expect(await chain.pendingOrderId(wallet.address, symbol)).toBe(BigInt(orderId));
  const fee = walletBefore - (await chain.balanceOf(symbol, wallet.address));
  expect(fee).toBeGreaterThan(0n);

  // Past its settlement window it is still pending: no signed price, no settlement.
  await page.waitForTimeout(8_000);
  await expect(page.getByTestId(`order-status-${orderId}`)).toHaveText("Pending");
  await expect(page.getByTestId("ticket-submit")).toHaveText(`Order #${orderId} is pending: wait for it to fill`);
  await page.getByTestId("margin-mode").getByRole("radio", { name: "Withdraw" }).click();
  await page.getByTestId("margin-withdraw-amount").fill("1");
  await expect(page.getByTestId("margin-withdraw-pending")).toHaveText(`Order #${orderId} is pending: withdraw after it fills or is cancelled.`);
  await expect(page.getByTestId("margin-withdraw-submit")).toBeDisabled();
  await attachScreenshot(page, testInfo, "DON down, order pending");

  // A minute later (chain time) it has expired: only its trader's cancel is left, and the fee comes back.
  await chain.rpc("evm_increaseTime", [65]);
  await chain.rpc("evm_mine", []);
  const cancel = page.getByTestId(`order-cancel-${orderId}`);
  await expect(cancel).toHaveText(`Cancel order #${orderId} (fee ${formatToken(fee, 18, 6)} ${symbol} back)`);
  await cancel.click();
  await expect(page.getByTestId(`order-status-${orderId}`)).toHaveText("Cancelled");
  await expect(page.getByTestId(`order-reason-${orderId}`)).toHaveText(`Order #${orderId} expired before a signed price settled it: the fee was returned`);
  expect(await chain.balanceOf(symbol, wallet.address)).toBe(walletBefore);
  expect(await chain.pendingOrderId(wallet.address, symbol)).toBe(0n);
  expect(await chain.positionIds(wallet.address, symbol)).toEqual([]);
  await expect(page.getByTestId("margin-withdraw-pending")).toHaveCount(0);

  // The DON comes back: the notice goes.
  await chain.donStart();
  await expect(notice).toHaveCount(0);
  await attachScreenshot(page, testInfo, "order cancelled after expiry, fee back");
});
