/**
 * Reads a contract's logs incrementally and notices when the chain under it was rewound (an e2e test reverting an
 * anvil snapshot, a restarted anvil, a reorg): the block it last read then has another hash, or is gone. The owner
 * then throws away what it derived and reads again from the start block.
 */
import type { Chain, Hex, PublicClient, Transport } from 'viem';
import { withRetry } from './retry';

/** Some RPCs cap the block span of eth_getLogs; anvil does not, but a long gap should not be one request. */
export const MAX_BLOCKS_PER_QUERY = 5_000n;

export type BlockRange = { fromBlock: bigint; toBlock: bigint };

export class LogCursor {
  private nextBlock: bigint;
  private last: { number: bigint; hash: Hex } | undefined;
  /** A block the owner acted on beyond `last` (its own transaction's): a rewind past it must be noticed too. */
  private watched: { number: bigint; hash: Hex } | undefined;
  /** Latest block seen by the last `ranges()`. */
  latest = 0n;
  latestTimestamp = 0;

  constructor(
    private readonly client: PublicClient<Transport, Chain | undefined>,
    private readonly startBlock: bigint,
  ) {
    this.nextBlock = startBlock;
  }

  /**
   * The block ranges not read yet, and whether the chain was rewound since the last call (then the ranges start at
   * the start block again and the caller must drop what it derived). Call `done()` after reading them.
   */
  async ranges(): Promise<{ rewound: boolean; ranges: BlockRange[]; head: { number: bigint; hash: Hex } }> {
    const block = await withRetry(() => this.client.getBlock({ blockTag: 'latest' }));
    const head = { number: block.number, hash: block.hash };
    this.latest = head.number;
    this.latestTimestamp = Number(block.timestamp);
    let rewound = false;
    if (this.watched && this.watched.number > (this.last?.number ?? -1n)) {
      if (head.number < this.watched.number) rewound = true;
      else {
        const then = await withRetry(() => this.client.getBlock({ blockNumber: this.watched!.number })).catch(() => undefined);
        rewound = then?.hash !== this.watched.hash;
      }
    }
    if (!rewound && this.last) {
      if (head.number < this.last.number) rewound = true;
      else if (head.number === this.last.number) rewound = head.hash !== this.last.hash;
      else {
        const then = await withRetry(() => this.client.getBlock({ blockNumber: this.last!.number })).catch(() => undefined);
        rewound = then?.hash !== this.last.hash;
      }
    }
    if (rewound) {
      this.nextBlock = this.startBlock;
      this.last = undefined;
      this.watched = undefined;
    }
    const ranges: BlockRange[] = [];
    for (let from = this.nextBlock; from <= head.number; from += MAX_BLOCKS_PER_QUERY) {
      const to = from + MAX_BLOCKS_PER_QUERY - 1n;
      ranges.push({ fromBlock: from, toBlock: to < head.number ? to : head.number });
    }
    return { rewound, ranges, head };
  }

  /** Everything up to `head` has been read. */
  done(head: { number: bigint; hash: Hex }): void {
    this.nextBlock = head.number + 1n;
    this.last = head;
  }

  /** Remember a block the owner acted on (e.g. its settle transaction's) before having read its logs. */
  watch(block: { number: bigint; hash: Hex }): void {
    if (!this.watched || block.number > this.watched.number) this.watched = block;
  }

  reset(): void {
    this.nextBlock = this.startBlock;
    this.last = undefined;
    this.watched = undefined;
  }
}
