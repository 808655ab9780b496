// The engine's position rounding (contracts/src/core/PositionMath.sol), mirrored so the indexer's entry price and
// per-position funding are the engine's to the wei without a contract read per event.
const WAD = 10n ** 18n;
const NANO = 10n ** 9n;

function divUp(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a - 1n) / b + 1n;
}

/** PositionMath.settledIndex: funding indexes are kept in nano-USD. */
export function settledIndex(cumFunding: bigint): bigint {
  return (cumFunding / NANO) * NANO;
}

/** PositionMath.fundingOwed: USD a position of `size` owes from `index` to `cumFunding`, rounded up. */
export function fundingOwed(size: bigint, index: bigint, cumFunding: bigint): bigint {
  const to = settledIndex(cumFunding);
  return to > index ? divUp(size * (to - index), WAD) : 0n;
}

/** PositionMath.averageEntryNano, returned in 18 decimals as the engine's `position()` view returns it. */
export function averageEntry(oldSize: bigint, oldEntry: bigint, size: bigint, price: bigint): bigint {
  const oldEntryNano = oldEntry / NANO;
  return divUp(oldSize * oldEntryNano * NANO + size * price, (oldSize + size) * NANO) * NANO;
}
