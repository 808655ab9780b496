/**
 * The indexer's pure helpers: the engine's position rounding mirrored from PositionMath.sol, and the request
 * rewrite that keeps /sql/db answers out of Ponder's query cache.
 */
import { describe, expect, it } from 'vitest';
import { averageEntry, fundingOwed, fundingReceived, openingIndex, settledIndex } from '../lib/positionMath';
import { uncachedSqlRequest } from '../lib/uncachedSql';

const WAD = 10n ** 18n;

describe('positionMath (PositionMath.sol)', () => {
  it('keeps funding indexes in nano-USD and rounds what a position owes up', () => {
    expect(settledIndex(1_234_567_891_999n)).toBe(1_234_000_000_000n);
    // 0.1 unit over an index step of 1e9 + 1 wei: the step is floored to 1e9, the product 1e8 rounds to itself.
    expect(fundingOwed(WAD / 10n, 0n, 1_000_000_001n)).toBe(100_000_000n);
    // 3 wei of size over one nano step: 3e9 / 1e18 rounds up to 1 wei, never down to 0.
    expect(fundingOwed(3n, 0n, 1_000_000_000n)).toBe(1n);
    expect(fundingOwed(WAD, 5_000_000_000n, 5_000_000_999n)).toBe(0n);
  });

  it('starts a long at the index rounded down and a short at it rounded up', () => {
    expect(openingIndex(1_234_567_891_999n, true)).toBe(1_234_000_000_000n);
    expect(openingIndex(1_234_567_891_999n, false)).toBe(1_235_000_000_000n);
    expect(openingIndex(7_000_000_000n, false)).toBe(7_000_000_000n);
  });

  it("gives a short the main vault's share of a long's funding, each step rounded down", () => {
    // 0.1 unit over a nano step: a long owes 1e8; a short gets 70 % of the floored 1e8.
    expect(fundingReceived(WAD / 10n, 0n, 1_000_000_001n, 7_000n)).toBe(70_000_000n);
    // 3 wei of size: a long owes 1 wei (up), a short receives 0 (3e9 / 1e18 floors to 0).
    expect(fundingReceived(3n, 0n, 1_000_000_000n, 7_000n)).toBe(0n);
    // 15 wei of gross funding: 15 · 0.7 = 10.5 floors to 10.
    expect(fundingReceived(15n * 10n ** 9n, 0n, 10n ** 9n, 7_000n)).toBe(10n);
    expect(fundingReceived(WAD, 5_000_000_000n, 5_000_000_999n, 7_000n)).toBe(0n);
  });

  it('averages the entry in nano-USD, rounded up for a long and down for a short, as the engine stores it', () => {
    expect(averageEntry(0n, 0n, WAD, 1_500n * WAD + 1n, true)).toBe(1_500n * WAD + 1_000_000_000n);
    expect(averageEntry(0n, 0n, WAD, 1_500n * WAD + 1n, false)).toBe(1_500n * WAD);
    expect(averageEntry(WAD, 1_000n * WAD, WAD, 2_000n * WAD, true)).toBe(1_500n * WAD);
    expect(averageEntry(WAD, 1_000n * WAD, WAD, 2_000n * WAD, false)).toBe(1_500n * WAD);
    expect(averageEntry(2n * WAD, 1_000n * WAD, WAD, 1_001n * WAD, true)).toBe(1_000_333_333_334n * 10n ** 9n);
    expect(averageEntry(2n * WAD, 1_000n * WAD, WAD, 1_001n * WAD, false)).toBe(1_000_333_333_333n * 10n ** 9n);
  });
});

describe('uncachedSqlRequest', () => {
  const url = (sql: string) => `http://127.0.0.1:42069/sql/db?sql=${encodeURIComponent(sql)}`;
  const sent = '{"json":{"sql":"select 1","params":[],"typings":[]}}';

  it('gives each request a distinct query text that parses to the same query', () => {
    const first = new URL(uncachedSqlRequest(new Request(url(sent))).url).searchParams.get('sql')!;
    const second = new URL(uncachedSqlRequest(new Request(url(sent))).url).searchParams.get('sql')!;
    expect(first).not.toBe(second);
    expect(JSON.parse(first).json).toEqual(JSON.parse(sent).json);
    expect(JSON.parse(second).json).toEqual(JSON.parse(sent).json);
  });

  it('leaves a request without a JSON query as it is (Ponder answers it with its own error)', () => {
    const request = new Request('http://127.0.0.1:42069/sql/db');
    expect(uncachedSqlRequest(request)).toBe(request);
  });
});
