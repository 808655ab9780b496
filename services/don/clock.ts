/**
 * The DON's clock. Reports are stamped with "now" = the chain's latest block timestamp plus the real seconds
 * elapsed since the DON first saw that block, never going backwards. The simulator jumps chain time 60 s per
 * step (anvil_setNextBlockTimestamp) and automined blocks then advance with wall time, so this tracks the
 * timestamp the next block will carry.
 */
import { createPublicClient, http, type PublicClient } from "viem";

export interface DonClock {
  /** unix seconds, fractional */
  now(): number;
}

/** A clock tests set by hand. */
export class ManualClock implements DonClock {
  constructor(private time: number) {}
  now(): number {
    return this.time;
  }
  set(time: number): void {
    this.time = time;
  }
  advance(seconds: number): void {
    this.time += seconds;
  }
}

export class ChainClock implements DonClock {
  private block: { number: bigint; timestamp: number; seenAtMs: number } | undefined;
  private last = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly client: PublicClient;

  constructor(
    rpcUrl: string,
    private readonly pollMs = 500,
    private readonly wallMs: () => number = Date.now,
  ) {
    this.client = createPublicClient({ transport: http(rpcUrl, { retryCount: 0, timeout: 5_000 }) });
  }

  /** Read the latest block once (throws while the chain is unreachable), then keep polling. */
  async start(): Promise<void> {
    await this.poll();
    this.timer = setInterval(() => void this.poll().catch(() => undefined), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  get ready(): boolean {
    return this.block !== undefined;
  }

  now(): number {
    if (!this.block) throw new Error("ChainClock has not seen a block yet");
    const t = this.block.timestamp + (this.wallMs() - this.block.seenAtMs) / 1000;
    this.last = Math.max(this.last, t);
    return this.last;
  }

  /** Exposed for tests: feed a block as if polled. */
  observeBlock(number: bigint, timestamp: number): void {
    if (this.block && this.block.number === number && this.block.timestamp === timestamp) return;
    if (this.block && number < this.block.number) this.last = 0; // a new chain (anvil restarted): start over
    this.block = { number, timestamp, seenAtMs: this.wallMs() };
  }

  private async poll(): Promise<void> {
    const block = await this.client.getBlock({ blockTag: "latest" });
    this.observeBlock(block.number, Number(block.timestamp));
  }
}
