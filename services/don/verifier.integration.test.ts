/**
 * The reports the local DON signs are accepted by Chainlink's real Data Streams verifier (VerifierProxy +
 * Verifier 1.2.0 bytecode from contracts/out-chainlink) on anvil; a report with too few signatures, a non-signer,
 * a repeated signer or another feed's digest is rejected.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  BaseError, ContractFunctionRevertedError, createPublicClient, createWalletClient, http, keccak256, stringToBytes,
  type Hex, type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANVIL_KEYS, startAnvil, type AnvilHandle } from "../../scripts/lib/anvil";
import { deployStreamsVerifier, type StreamsVerifierDeployment } from "../../scripts/lib/streamsVerifier";
import { createStreamsClient, decodeApiReport } from "../../lib/streams/client";
import { feedId } from "../../lib/streams/feeds";
import { decodeFullReport, signReport } from "../../lib/streams/fullReport";
import { LOCAL_F, LOCAL_SIGNER_KEYS, LOCAL_SIGNERS } from "../../lib/streams/localSigners";
import { encodeReportData } from "../../lib/streams/report";
import { VERIFIER_PROXY_ABI } from "../../lib/streams/verifierAbi";
import { DigestWatcher } from "./chain";
import { ChainClock } from "./clock";
import { LocalDon } from "./server";

const BTC = feedId(3, "BTC/USD");
const TSLA = feedId(8, "TSLA");

function revertName(error: unknown): string | undefined {
  const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : undefined;
  return reverted instanceof ContractFunctionRevertedError ? reverted.data?.errorName : undefined;
}

describe("local DON reports against Chainlink's Verifier on anvil", () => {
  let anvil: AnvilHandle;
  let publicClient: PublicClient;
  let deployment: StreamsVerifierDeployment;
  let clock: ChainClock;
  let don: LocalDon;
  let url: string;
  let close: () => Promise<void>;
  let tmp: string;

  const verify = async (fullReport: Hex): Promise<{ ok: true; data: Hex } | { ok: false; error: string }> => {
    try {
      const { result } = await publicClient.simulateContract({
        address: deployment.proxy, abi: VERIFIER_PROXY_ABI, functionName: "verify", args: [fullReport, "0x"], account: privateKeyToAccount(ANVIL_KEYS[1]).address,
      });
      return { ok: true, data: result };
    } catch (error) {
      return { ok: false, error: revertName(error) ?? String(error) };
    }
  };

  beforeAll(async () => {
    anvil = await startAnvil();
    publicClient = createPublicClient({ chain: foundry, transport: http(anvil.rpcUrl) });
    const walletClient = createWalletClient({ chain: foundry, transport: http(anvil.rpcUrl), account: privateKeyToAccount(ANVIL_KEYS[0]) });
    deployment = await deployStreamsVerifier({ walletClient, publicClient, feedIds: [BTC, TSLA], signers: LOCAL_SIGNERS, f: LOCAL_F });

    tmp = mkdtempSync(path.join(tmpdir(), "don-"));
    const deploymentFile = path.join(tmp, "local.json");
    writeFileSync(deploymentFile, JSON.stringify({ streams: { verifierProxy: deployment.proxy, verifier: deployment.verifier, feeds: { "BTC/USD": BTC, TSLA } } }));

    clock = new ChainClock(anvil.rpcUrl);
    await clock.start();
    don = new LocalDon({
      feeds: [{ name: "BTC/USD", id: BTC, schema: 3 }, { name: "TSLA", id: TSLA, schema: 8 }],
      clock,
      signerKeys: LOCAL_SIGNER_KEYS.slice(0, LOCAL_F + 1),
    });
    don.observe({ "BTC/USD": { value: 95_000n * 10n ** 18n }, TSLA: { value: 430n * 10n ** 18n, marketStatus: 2 } }, clock.now() - 10);
    expect(await new DigestWatcher(don, anvil.rpcUrl, deploymentFile, () => undefined).refresh()).toBe(true);
    ({ url, close } = await don.listen(0));
  }, 60_000);

  afterAll(async () => {
    clock?.stop();
    await close?.();
    await anvil?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("deploys with one config digest per feed, each with Chainlink's 0x0006 prefix, as the DON reads them", () => {
    expect(Object.keys(deployment.digests)).toEqual([BTC, TSLA]);
    for (const feed of [BTC, TSLA]) {
      expect(deployment.digests[feed]).toMatch(/^0x0006/);
      expect(don.configDigest(feed)).toBe(deployment.digests[feed]);
    }
  });

  it("accepts the DON's v3 and v8 reports and returns their report data", async () => {
    const client = createStreamsClient({ endpoint: url });
    const latest = await client.latest(BTC);
    const atTime = (await client.at(TSLA, latest.observationsTimestamp - 5))!;
    for (const report of [latest, atTime]) {
      const result = await verify(report.fullReport);
      expect(result).toEqual({ ok: true, data: decodeFullReport(report.fullReport).reportData });
    }
    expect(decodeApiReport(atTime).report).toMatchObject({ version: 8, midPrice: 430n * 10n ** 18n, marketStatus: 2 });
    const { result } = await publicClient.simulateContract({
      address: deployment.proxy, abi: VERIFIER_PROXY_ABI, functionName: "verifyBulk", args: [[latest.fullReport, atTime.fullReport], "0x"],
    });
    expect(result).toHaveLength(2);
  });

  it("rejects one signature, a non-signer, a repeated signer and another feed's digest", async () => {
    const t = Math.floor(clock.now());
    const reportData = encodeReportData({
      version: 3, feedId: BTC, validFromTimestamp: t, observationsTimestamp: t, nativeFee: 0n, linkFee: 0n, expiresAt: t + 3600,
      benchmarkPrice: 1n, bid: 1n, ask: 1n,
    });
    const signed = (privateKeys: Hex[], configDigest = deployment.digests[BTC]) => signReport({ reportData, configDigest, epoch: t, privateKeys });
    const stranger = keccak256(stringToBytes("not a DON signer"));
    expect(await verify(await signed(LOCAL_SIGNER_KEYS.slice(2, 4)))).toMatchObject({ ok: true });
    expect(await verify(await signed([LOCAL_SIGNER_KEYS[0]]))).toEqual({ ok: false, error: "IncorrectSignatureCount" });
    expect(await verify(await signed(LOCAL_SIGNER_KEYS.slice(0, 3)))).toEqual({ ok: false, error: "IncorrectSignatureCount" });
    expect(await verify(await signed([LOCAL_SIGNER_KEYS[0], stranger]))).toEqual({ ok: false, error: "BadVerification" });
    expect(await verify(await signed([LOCAL_SIGNER_KEYS[1], LOCAL_SIGNER_KEYS[1]]))).toEqual({ ok: false, error: "BadVerification" });
    expect(await verify(await signed(LOCAL_SIGNER_KEYS.slice(0, 2), deployment.digests[TSLA]))).toEqual({ ok: false, error: "DigestInactive" });
  });

  it("does not check expiresAt or the observation time: an expired report still verifies (the consumer must check)", async () => {
    const reportData = encodeReportData({
      version: 3, feedId: BTC, validFromTimestamp: 1000, observationsTimestamp: 1000, nativeFee: 0n, linkFee: 0n, expiresAt: 1001,
      benchmarkPrice: 1n, bid: 1n, ask: 1n,
    });
    const fullReport = await signReport({ reportData, configDigest: deployment.digests[BTC], epoch: 1, privateKeys: LOCAL_SIGNER_KEYS.slice(0, 2) });
    expect(await verify(fullReport)).toEqual({ ok: true, data: reportData });
  });
});
