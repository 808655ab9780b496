/**
 * The pending orders, derived from the OrderRouter's events since the deployment's start block and then read
 * incrementally: OrderCommitted adds (the event carries the whole order, which settle passes back; the router
 * stores only its hash), OrderSettled / OrderCancelled remove. After a rewind of the chain (snapshot revert, restart) everything is read again, so a restarted or
 * rewound keeper never acts on orders that no longer exist.
 */
import { getAbiItem, type Address, type Chain, type PublicClient, type Transport } from 'viem';
import { orderRouterAbi } from './abis';
import { LogCursor } from './cursor';
import { OrderBook, pendingOrder } from './orders';
import { withRetry } from './retry';

const committedEvent = getAbiItem({ abi: orderRouterAbi, name: 'OrderCommitted' });
const settledEvent = getAbiItem({ abi: orderRouterAbi, name: 'OrderSettled' });
const cancelledEvent = getAbiItem({ abi: orderRouterAbi, name: 'OrderCancelled' });

export class OrderTracker {
  readonly book = new OrderBook();
  private readonly cursor: LogCursor;

  constructor(
    private readonly client: PublicClient<Transport, Chain | undefined>,
    private readonly router: Address,
    fromBlock: bigint,
  ) {
    this.cursor = new LogCursor(client, fromBlock);
  }

  get latestBlock(): bigint {
    return this.cursor.latest;
  }

  /** Timestamp of the latest block seen by the last sync. */
  get latestTimestamp(): number {
    return this.cursor.latestTimestamp;
  }

  /**
   * The keeper's own transaction mined in this block (and it already applied its events): should the chain be
   * rewound past it (a snapshot revert), the next sync notices and reads everything again.
   */
  noteBlock(number: bigint, hash: `0x${string}`): void {
    this.cursor.watch({ number, hash });
  }

  /** Forget everything and read from the start block on the next sync. */
  reset(): void {
    this.book.clear();
    this.cursor.reset();
  }

  /** Returns whether the chain was rewound since the last sync. */
  async sync(): Promise<boolean> {
    const { rewound, ranges, head } = await this.cursor.ranges();
    if (rewound) this.book.clear();
    for (const { fromBlock, toBlock } of ranges) {
      const logs = await withRetry(() =>
        this.client.getLogs({ address: this.router, events: [committedEvent, settledEvent, cancelledEvent], fromBlock, toBlock }),
      );
      for (const log of logs) {
        const id = log.args.orderId;
        if (id === undefined) continue;
        if (log.eventName === 'OrderCommitted') {
          if (log.args.order) this.book.committed(pendingOrder(id, log.args.order));
        } else {
          this.book.finished(id);
        }
      }
    }
    this.cursor.done(head);
    return rewound;
  }
}
