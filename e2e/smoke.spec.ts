import { expect, test } from "@playwright/test";
import { createPublicClient, http } from "viem";
import { foundry } from "viem/chains";
import { E2E_RPC_URL } from "./ports";

const client = createPublicClient({ chain: foundry, transport: http(E2E_RPC_URL) });

test("every page renders against the local chain, labelled as simulated", async ({ page }) => {
  expect(await client.getChainId()).toBe(31337);
  for (const [route, heading] of [
    ["/", "Livestock"],
    ["/trade", "Trade"],
    ["/pool", "Pool"],
    ["/peg", "Peg"],
    ["/premiums", "Premiums"],
    ["/learn", "How it works"],
  ] as const) {
    await page.goto(route);
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(page.getByTestId("simulated-badge")).toBeVisible();
  }
});
