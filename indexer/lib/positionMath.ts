// The engine's position rounding (contracts/src/core/PositionMath.sol), mirrored so the indexer's entry price and
// per-position funding are the engine's to the wei without a contract read per event. Sizes here are magnitudes
// (|signed size|); the side is passed where the rounding depends on it, as in the contract.
const WAD = 10n ** 18n;
const NANO = 10n ** 9n;
const BPS = 10_000n;

function divUp(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a - 1n) / b + 1n;
}

/** PositionMath.settledIndex: funding indexes are kept in nano-USD; a settlement moves either side here. */
export function settledIndex(cumFunding: bigint): bigint {
  return (cumFunding / NANO) * NANO;
}

/** PositionMath.openingIndex: a new long starts at the index rounded down, a new short at it rounded up. */
export function openingIndex(cumFunding: bigint, isLong: boolean): bigint {
  return isLong ? settledIndex(cumFunding) : divUp(cumFunding, NANO) * NANO;
}

/** PositionMath.funding for a long: USD a long of `size` owes from `index` to `cumFunding`, rounded up. */
export function fundingOwed(size: bigint, index: bigint, cumFunding: bigint): bigint {
  const to = settledIndex(cumFunding);
  return to > index ? divUp(size * (to - index), WAD) : 0n;
}

/** PositionMath.fundingReceived: USD a short of `size` receives, the main vault's share of a long's, rounded down. */
export function fundingReceived(size: bigint, index: bigint, cumFunding: bigint, mainShareBps: bigint): bigint {
  const to = settledIndex(cumFunding);
  return to > index ? ((size * (to - index)) / WAD) * mainShareBps / BPS : 0n;
}

/**
 * PositionMath.averageEntryNano after adding `size` at `price` to `oldSize` at `oldEntry` on the same side (rounded up
 * for a long, down for a short), returned in 18 decimals as the engine's `position()` view returns it.
 */
export function averageEntry(oldSize: bigint, oldEntry: bigint, size: bigint, price: bigint, isLong: boolean): bigint {
  const num = oldSize * (oldEntry / NANO) * NANO + size * price;
  const den = (oldSize + size) * NANO;
  return (isLong ? divUp(num, den) : num / den) * NANO;
}

export function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}
