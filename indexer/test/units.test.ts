/**
 * The indexer's pure helpers: the engine's position rounding mirrored from PositionMath.sol, and the request
 * rewrite that keeps /sql/db answers out of Ponder's query cache.
 */
import { describe, expect, it } from 'vitest';
import { averageEntry, fundingOwed, settledIndex } from '../lib/positionMath';
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

  it('averages the entry in nano-USD, rounded up, as the engine stores it', () => {
    expect(averageEntry(0n, 0n, WAD, 1_500n * WAD + 1n)).toBe(1_500n * WAD + 1_000_000_000n);
    expect(averageEntry(WAD, 1_000n * WAD, WAD, 2_000n * WAD)).toBe(1_500n * WAD);
    expect(averageEntry(2n * WAD, 1_000n * WAD, WAD, 1_001n * WAD)).toBe(1_000_333_333_334n * 10n ** 9n);
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
