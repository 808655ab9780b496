import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPublicClient, createWalletClient, getAddress, http, type Abi, type Address, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { oracleHubAbi } from "../lib/generated";
import { ANVIL_KEYS, BIN, ROOT, startAnvil, type AnvilHandle } from "./lib/anvil";
import { loadArtifact } from "./lib/artifacts";
import { deploy } from "./lib/deploy";

const GENERATED = path.join(ROOT, "contracts", "deploy", ".generated");
const BTC = 0;
const anvils: AnvilHandle[] = [];

async function freshChain() {
  const anvil = await startAnvil();
  anvils.push(anvil);
  return anvil;
}

afterAll(async () => {
  await Promise.all(anvils.map((a) => a.stop()));
});

describe("local deploy", () => {
  it("seeds feeds and pools, and gives the same addresses on a fresh anvil", async () => {
    mkdirSync(GENERATED, { recursive: true });
    const first = await freshChain();
    const a = await deploy({ rpcUrl: first.rpcUrl, out: path.join(GENERATED, "local-a.json") });
    const second = await freshChain();
    const b = await deploy({ rpcUrl: second.rpcUrl, out: path.join(GENERATED, "local-b.json") });
    expect(b.deployment.contracts).toEqual(a.deployment.contracts);
    expect(b.deployment.stocks).toEqual(a.deployment.stocks);
    expect(Object.keys(a.deployment.stocks).sort()).toEqual(["AAPLx", "AMZNx", "NVDA.M", "TSLA.M"]);

    // A feed read with cast, as a newcomer would.
    const btcAnswer = execFileSync(
      BIN("cast"),
      ["call", a.deployment.contracts.BtcUsdFeed, "latestRoundData()(uint80,int256,uint256,uint256,uint80)", "--rpc-url", first.rpcUrl],
      { encoding: "utf8" },
    ).split("\n")[1];
    expect(btcAnswer.split(" ")[0]).toBe("9500000000000");

    // A price through the OracleHub, normalised to 18 decimals.
    const client = createPublicClient({ chain: foundry, transport: http(first.rpcUrl) });
    const hub = a.deployment.contracts.OracleHub;
    expect(await client.readContract({ address: hub, abi: oracleHubAbi, functionName: "underlyingPrice", args: [BTC] })).toBe(95_000n * 10n ** 18n);
    expect(await client.readContract({ address: hub, abi: oracleHubAbi, functionName: "refPrice", args: [a.deployment.stocks["TSLA.M"].token] })).toBe(430n * 10n ** 18n);
  }, 180_000);
});

describe("external-feeds deploy", () => {
  it("wires the OracleHub to feeds that someone else deployed first", async () => {
    mkdirSync(GENERATED, { recursive: true });
    const chain = await freshChain();
    const owner = privateKeyToAccount(ANVIL_KEYS[1] as Hex); // not the protocol deployer: "someone else's" feeds
    const wallet = createWalletClient({ account: owner, chain: foundry, transport: http(chain.rpcUrl) });
    const client = createPublicClient({ chain: foundry, transport: http(chain.rpcUrl) });
    const deployFeed = async (name: string, args: unknown[]): Promise<Address> => {
      const { abi, bytecode } = loadArtifact(name);
      const hash = await wallet.deployContract({ abi: abi as Abi, bytecode, args });
      const receipt = await client.waitForTransactionReceipt({ hash });
      return getAddress(receipt.contractAddress as Address);
    };
    const feeds = {
      btcUsd: await deployFeed("PushPriceFeed", [8, "BTC / USD", 101_000n * 10n ** 8n, owner.address]),
      ethUsd: await deployFeed("PushPriceFeed", [8, "ETH / USD", 2_900n * 10n ** 8n, owner.address]),
      btcVol: await deployFeed("VolatilityFeed", ["BTC IV", 50_000_000n, owner.address]),
      ethVol: await deployFeed("VolatilityFeed", ["ETH IV", 65_000_000n, owner.address]),
    };
    const tslaFeed = await deployFeed("StockPriceFeed", ["TSLA / USD", 455n * 10n ** 8n, 2, owner.address]);
    const config = {
      mode: "external",
      underlyingMaxAge: 3600,
      volMaxAge: 86400,
      stockHeartbeat: 86400,
      twapWindow: 1800,
      twapSpacing: 300,
      seedAccounts: 0,
      seedStockPerAccount: 0,
      seedUsdcPerAccount: 0,
      feeds,
      vaultCooldown: 259200,
      exitFeeBps: 30,
      strikeRangeBps: 1000,
      stocks: [
        {
          symbol: "TSLA.M",
          name: "Tesla MyStonks",
          feed: "TSLA",
          feedAddress: tslaFeed,
          poolUsd: 100_000,
          initialWeightBps: 3500,
          maintenanceWeightBps: 4500,
          mainVaultSeed: 0,
          insuranceVaultSeed: 0,
        },
      ],
    };
    const configFile = path.join(GENERATED, "external-test.json");
    writeFileSync(configFile, JSON.stringify(config, null, 2));
    const { deployment } = await deploy({
      rpcUrl: chain.rpcUrl,
      config: configFile,
      out: path.join(GENERATED, "external-out.json"),
      seedVaults: false,
    });

    expect(deployment.mode).toBe("external");
    expect(deployment.contracts.BtcUsdFeed).toBe(feeds.btcUsd);
    expect(deployment.stocks["TSLA.M"].feed).toBe(tslaFeed);
    const hub = deployment.contracts.OracleHub;
    const [priceFeed, volFeed] = await client.readContract({ address: hub, abi: oracleHubAbi, functionName: "underlyingFeeds", args: [BTC] });
    expect([priceFeed, volFeed]).toEqual([feeds.btcUsd, feeds.btcVol]);
    expect(await client.readContract({ address: hub, abi: oracleHubAbi, functionName: "underlyingPrice", args: [BTC] })).toBe(101_000n * 10n ** 18n);
    expect(await client.readContract({ address: hub, abi: oracleHubAbi, functionName: "volatility", args: [BTC] })).toBe(5n * 10n ** 17n);
    expect(await client.readContract({ address: hub, abi: oracleHubAbi, functionName: "refPrice", args: [deployment.stocks["TSLA.M"].token] })).toBe(455n * 10n ** 18n);
  }, 180_000);
});
