/**
 * Watches a local chain for a rewind below what the indexer has indexed (an e2e test's evm_revert to its
 * snapshot). Ponder handles reorgs within its finality (30 blocks for an unknown chain id) but not deeper ones:
 * it then keeps the reverted blocks' rows and waits for the chain to grow past them. The supervisor in
 * scripts/indexer.ts restarts it on a fresh database instead.
 */
import { rpc } from "./deploy";

/**
 * Ponder's output while it retries logs of a block hash the chain no longer has (`eth_getLogs` by `blockHash`
 * answered "unknown block"): a rewind that neither check of `waitForRewind` saw (reverted and regrown between two
 * polls, past the block the watch had seen). Ponder retries it with backoff for minutes, so history stalls.
 */
export class UnknownBlockStall {
  private count = 0;
  private resolve: (() => void) | undefined;
  /** Resolves at the `threshold`-th "unknown block" line (a single one can be a race Ponder recovers from). */
  readonly stalled: Promise<void>;

  constructor(private readonly threshold = 2) {
    this.stalled = new Promise((r) => (this.resolve = r));
  }

  /** Feed one line of Ponder's output. */
  observe(line: string): void {
    if (!/unknown block/i.test(line)) return;
    this.count += 1;
    if (this.count >= this.threshold) this.resolve?.();
  }
}

/** The block the indexer has indexed (GET /status), or undefined while it does not answer. */
export async function indexedBlock(indexerUrl: string): Promise<number | undefined> {
  try {
    const res = await fetch(`${indexerUrl}/status`, { signal: AbortSignal.timeout(2_000) });
    const status = (await res.json()) as Record<string, { block?: { number?: number } }>;
    return Object.values(status)[0]?.block?.number;
  } catch {
    return undefined;
  }
}

/** Why the indexer must start again: the chain went back below what it indexed, or replaced a block it had seen. */
export interface Rewind {
  head: number;
  indexed: number;
  /** A block whose hash changed at the same height: an evm_revert followed by new blocks, faster than one poll. */
  replaced?: number;
}

interface SeenBlock {
  number: number;
  hash: string;
}

async function blockAt(rpcUrl: string, tag: string): Promise<SeenBlock | undefined> {
  const block = await rpc<{ number: string; hash: string } | null>(rpcUrl, "eth_getBlockByNumber", [tag, false]).catch(() => undefined);
  return block ? { number: Number(block.number), hash: block.hash } : undefined;
}

/**
 * Resolves once the chain was rewound under the indexer: its head is below the indexed block, or the head seen at the
 * previous poll was replaced. The second catches a revert that the e2e fixture follows with new blocks within one
 * poll: the head is back above the indexed block, and Ponder keeps retrying logs of a block hash that no longer
 * exists ("unknown block", with backoff), stalling history for a minute. Polls every `intervalMs`.
 */
export async function waitForRewind(rpcUrl: string, indexerUrl: string, isStopped: () => boolean, intervalMs = 500): Promise<Rewind | undefined> {
  let seen: SeenBlock | undefined;
  while (!isStopped()) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const indexed = await indexedBlock(indexerUrl);
    const head = await blockAt(rpcUrl, "latest");
    if (head === undefined) continue; // the chain is down: nothing to compare
    if (indexed !== undefined && head.number < indexed) return { head: head.number, indexed };
    if (seen && seen.number <= head.number) {
      const now = await blockAt(rpcUrl, `0x${seen.number.toString(16)}`);
      if (now && now.hash !== seen.hash) return { head: head.number, indexed: indexed ?? seen.number, replaced: seen.number };
    }
    seen = head;
  }
  return undefined;
}
