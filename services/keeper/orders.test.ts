import { describe, expect, it } from 'vitest';
import { OrderBook, orderState, pendingOrder, settleBatches, settleGasLimit, type RouterOrder } from './orders';
import { liquidatable, pricesDue } from './selection';

const TRADER = '0x00000000000000000000000000000000000000a1' as const;
const TOKEN = '0x00000000000000000000000000000000000000b2' as const;
const timing = { minDelay: 2, settleWindow: 5 };

function order(id: number, committedAt: number, underlying = 0, expiresAt = committedAt + 120) {
  const o: RouterOrder = {
    trader: TRADER, committedAt, expiresAt, marketId: 1, isBuy: true, size: 10n ** 18n, acceptablePrice: 1n, token: TOKEN, underlying, fee: 1n,
  };
  return pendingOrder(BigInt(id), o);
}

describe('which orders are due', () => {
  it('waits until committedAt + minDelay on the Data Streams clock, then is due until expiry', () => {
    const o = order(1, 1_000);
    expect(orderState(o, timing, 1_001.9, 1_001)).toBe('waiting');
    expect(orderState(o, timing, 1_002, 1_002)).toBe('due');
    expect(orderState(o, timing, 1_060, 1_060)).toBe('due'); // reports at 1002 are still admissible: the window is about observation time
    expect(orderState(o, timing, 1_121, 1_120)).toBe('due');
    expect(orderState(o, timing, 1_121, 1_121)).toBe('expired');
  });

  it('groups due orders by underlying and report second, oldest first, at most maxBatch per settle; skips expired and waiting', () => {
    const orders = [
      order(5, 1_000, 1),
      order(1, 1_000, 0),
      order(2, 1_000, 0),
      order(3, 990, 0),
      order(4, 1_010, 0), // waiting at now = 1005
      order(6, 900, 0, 1_000), // expired
    ];
    const batches = settleBatches(orders, timing, 1_005, 1_005);
    expect(batches.map((b) => [b.underlying, b.reportTime, b.orders.map((o) => Number(o.id))])).toEqual([
      [0, 992, [3]],
      [0, 1_002, [1, 2]],
      [1, 1_002, [5]],
    ]);
    const many = Array.from({ length: 23 }, (_, i) => order(i + 1, 1_000));
    expect(settleBatches(many, timing, 1_010, 1_010, 10).map((b) => b.orders.length)).toEqual([10, 10, 3]);
  });

  it('gives settle the gas the router demands before each order, capped by the block', () => {
    expect(settleGasLimit(1)).toBe(2_400_000n);
    expect(settleGasLimit(10)).toBe(7_800_000n);
    expect(settleGasLimit(10, 5_000_000n)).toBe(5_000_000n);
  });
});

describe('OrderBook', () => {
  it('adds committed orders, removes finished ones, and never revives a finished one', () => {
    const book = new OrderBook();
    book.committed(order(1, 1_000));
    book.committed(order(2, 1_000));
    book.finished(1n);
    book.committed(order(1, 1_000)); // the same log read again
    expect(book.orders().map((o) => o.id)).toEqual([2n]);
    book.clear(); // the chain was rewound: ids may be reused
    book.committed(order(1, 2_000));
    expect(book.get(1n)?.committedAt).toBe(2_000);
  });
});

describe('prices and liquidations', () => {
  it('submits prices every interval, or earlier once a stored report is too old', () => {
    const base = { intervalMs: 5_000, maxAgeSeconds: 30, chainTime: 1_000 };
    expect(pricesDue({ ...base, sinceLastSubmitMs: Infinity, storedObservedAt: [1_000] })).toBe(true);
    expect(pricesDue({ ...base, sinceLastSubmitMs: 1_000, storedObservedAt: [995, 990] })).toBe(false);
    expect(pricesDue({ ...base, sinceLastSubmitMs: 1_000, storedObservedAt: [995, 969] })).toBe(true);
    expect(pricesDue({ ...base, sinceLastSubmitMs: 5_000, storedObservedAt: [1_000] })).toBe(true);
  });

  it('liquidates accounts with positions below maintenance only', () => {
    const a = (n: number) => ({ trader: `0x${n.toString(16).padStart(40, '0')}` as const, token: TOKEN });
    const out = liquidatable(
      [a(1), a(2), a(3), a(4)],
      [
        { equityMaintenance: 99n, maintenanceMargin: 100n },
        { equityMaintenance: 100n, maintenanceMargin: 100n },
        { equityMaintenance: -5n, maintenanceMargin: 0n },
        undefined,
      ],
    );
    expect(out).toEqual([{ account: a(1), equity: 99n, maintenance: 100n }]);
  });
});
