/**
 * Keeps the DON's config digests in step with the chain: reads the verifier address from the deployment file
 * (`streams.verifier`) and each feed's Verifier.latestConfigDigestAndEpoch(feedId), every 2 s until all are
 * known, then every 15 s (a redeploy or a new setConfig changes them).
 */
import { createPublicClient, http, type Address, type PublicClient } from "viem";
import { VERIFIER_ABI } from "../../lib/streams/verifierAbi";
import { readStreamsDeployment } from "./config";
import type { LocalDon } from "./server";

export class DigestWatcher {
  private readonly client: PublicClient;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  verifier: Address | undefined;

  constructor(
    private readonly don: LocalDon,
    rpcUrl: string,
    private readonly deploymentFile: string,
    private readonly log: (message: string) => void = console.log,
  ) {
    this.client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 5_000 }) });
  }

  start(): void {
    this.running = true;
    void this.tick();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
  }

  /** One refresh; true when every feed has a digest. */
  async refresh(): Promise<boolean> {
    const verifier = readStreamsDeployment(this.deploymentFile)?.verifier;
    if (!verifier) return false;
    if (verifier !== this.verifier) this.log(`[don] verifier ${verifier}`);
    this.verifier = verifier;
    let all = true;
    for (const feed of this.don.feeds) {
      const [, digest] = await this.client.readContract({
        address: verifier,
        abi: VERIFIER_ABI,
        functionName: "latestConfigDigestAndEpoch",
        args: [feed.id],
      });
      if (digest !== this.don.configDigest(feed.id) && BigInt(digest) !== 0n) this.log(`[don] ${feed.name} config digest ${digest}`);
      this.don.setConfigDigest(feed.id, digest);
      if (BigInt(digest) === 0n) all = false;
    }
    return all;
  }

  private async tick(): Promise<void> {
    let done = false;
    try {
      done = await this.refresh();
    } catch {
      done = false; // chain not up or verifier not deployed yet
    }
    if (this.running) {
      this.timer = setTimeout(() => void this.tick(), done ? 15_000 : 2_000);
      this.timer.unref();
    }
  }
}
