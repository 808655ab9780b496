/**
 * The DON's clock. Reports are stamped with "now" = the chain's latest block timestamp plus the real seconds
 * elapsed since the DON first saw that block, never going backwards. Anvil stamps a block with its own clock
 * (wall time plus an offset) rounded down, and the DON sees it up to a poll later, so every block gives a lower
 * bound of that offset: the clock keeps the best (largest) one, which brings it within a fraction of a second of
 * the timestamp the next block will carry, never past it. The simulator jumps chain time 60 s per
 * step (anvil_setNextBlockTimestamp) and automined blocks then advance with wall time, so this tracks the
 * timestamp the next block will carry.
 */
import { createPublicClient, http, type PublicClient } from "viem";

export interface DonClock {
  /** unix seconds, fractional */
  now(): number;
  /** Read the chain head now (instead of waiting for the next poll). */
  sync?(): Promise<void>;
  /** Forget the time seen so far (the chain was rewound, e.g. a snapshot revert): follow the chain back. */
  reset?(): void;
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
  /** Largest timestamp − wall seconds seen at any block since the chain was last rewound. */
  private offset: number | undefined;
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
    if (!this.block || this.offset === undefined) throw new Error("ChainClock has not seen a block yet");
    const t = this.wallMs() / 1000 + this.offset;
    this.last = Math.max(this.last, t);
    return this.last;
  }

  async sync(): Promise<void> {
    await this.poll();
  }

  reset(): void {
    this.block = undefined;
    this.offset = undefined;
    this.last = 0;
  }

  /** Exposed for tests: feed a block as if polled. */
  observeBlock(number: bigint, timestamp: number): void {
    if (this.block && this.block.number === number && this.block.timestamp === timestamp) return;
    if (this.block && number < this.block.number) this.reset(); // a new chain (anvil restarted): start over
    const seenAtMs = this.wallMs();
    const offset = timestamp - seenAtMs / 1000;
    this.offset = this.offset === undefined ? offset : Math.max(this.offset, offset);
    this.block = { number, timestamp, seenAtMs };
  }

  private async poll(): Promise<void> {
    const block = await this.client.getBlock({ blockTag: "latest" });
    this.observeBlock(block.number, Number(block.timestamp));
  }
}
