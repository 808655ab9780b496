/**
 * Deploy Chainlink's Data Streams verifier (VerifierProxy + Verifier from @chainlink/contracts 1.2.0, compiled by
 * scripts/build-chainlink.mjs into contracts/out-chainlink) and configure a signer set for each feed:
 * proxy = VerifierProxy(address(0)) (no access controller), verifier = Verifier(proxy),
 * proxy.initializeVerifier(verifier), then verifier.setConfig(feedId, signers, transmitters, f, "", 1, "", [])
 * once per feed id (Verifier 1.2.0 keeps its config per feed). The config digest of each feed is read back with
 * latestConfigDigestAndEpoch(feedId).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { keccak256, stringToBytes, type Account, type Address, type Chain, type Hex, type PublicClient, type Transport, type WalletClient } from "viem";
import { VERIFIER_ABI, VERIFIER_PROXY_ABI } from "../../lib/streams/verifierAbi";
import { ROOT } from "./anvil";

const OUT = path.join(ROOT, "contracts", "out-chainlink");

/** Bytecode of Verifier / VerifierProxy, building it first if contracts/out-chainlink is missing. */
export function loadChainlinkBytecode(name: "Verifier" | "VerifierProxy"): Hex {
  const file = path.join(OUT, `${name}.json`);
  if (!existsSync(file)) execFileSync(process.execPath, [path.join(ROOT, "scripts", "build-chainlink.mjs")], { cwd: ROOT, stdio: "ignore" });
  return (JSON.parse(readFileSync(file, "utf8")) as { bytecode: { object: Hex } }).bytecode.object;
}

export interface StreamsVerifierDeployment {
  proxy: Address;
  verifier: Address;
  digests: Record<Hex, Hex>;
}

/** Any non-zero, distinct bytes32 per signer (Chainlink puts each oracle's CSA key there; unused on chain). */
const transmitterOf = (signer: Address): Hex => keccak256(stringToBytes(`transmitter:${signer.toLowerCase()}`));

export async function deployStreamsVerifier(args: {
  walletClient: WalletClient<Transport, Chain, Account>;
  publicClient: PublicClient;
  feedIds: readonly Hex[];
  signers: readonly Address[];
  f: number;
}): Promise<StreamsVerifierDeployment> {
  const { walletClient, publicClient } = args;
  const mined = async (hash: Hex) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`Transaction ${hash} reverted`);
    return receipt;
  };
  const zero = "0x0000000000000000000000000000000000000000" as const;

  const proxyReceipt = await mined(
    await walletClient.deployContract({ abi: VERIFIER_PROXY_ABI, bytecode: loadChainlinkBytecode("VerifierProxy"), args: [zero] }),
  );
  const proxy = proxyReceipt.contractAddress!;
  const verifierReceipt = await mined(
    await walletClient.deployContract({ abi: VERIFIER_ABI, bytecode: loadChainlinkBytecode("Verifier"), args: [proxy] }),
  );
  const verifier = verifierReceipt.contractAddress!;
  await mined(await walletClient.writeContract({ address: proxy, abi: VERIFIER_PROXY_ABI, functionName: "initializeVerifier", args: [verifier] }));

  const digests: Record<Hex, Hex> = {};
  for (const feedId of args.feedIds) {
    await mined(
      await walletClient.writeContract({
        address: verifier,
        abi: VERIFIER_ABI,
        functionName: "setConfig",
        args: [feedId, [...args.signers], args.signers.map(transmitterOf), args.f, "0x", 1n, "0x", []],
      }),
    );
    digests[feedId] = await readConfigDigest(publicClient, verifier, feedId);
  }
  return { proxy, verifier, digests };
}

/** The feed's latest config digest (zero while no config is set). */
export async function readConfigDigest(publicClient: PublicClient, verifier: Address, feedId: Hex): Promise<Hex> {
  const [, digest] = await publicClient.readContract({ address: verifier, abi: VERIFIER_ABI, functionName: "latestConfigDigestAndEpoch", args: [feedId] });
  return digest;
}
