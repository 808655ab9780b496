/**
 * The one fixed-point module of the TypeScript side: 18-decimal (WAD) bigints as the contracts keep them, with
 * solady's FixedPointMathLib rounding (Down truncates, Up rounds away from zero for non-negative operands).
 */
export const WAD = 10n ** 18n

/** a · b / 1e18, rounded down. */
export function mulWad(a: bigint, b: bigint): bigint {
  return (a * b) / WAD
}

/** a · b / 1e18, rounded up (non-negative operands). */
export function mulWadUp(a: bigint, b: bigint): bigint {
  const product = a * b
  return product === 0n ? 0n : (product - 1n) / WAD + 1n
}

/** a · 1e18 / b, rounded down; 0 for a zero divisor (display math never throws). */
export function divWad(a: bigint, b: bigint): bigint {
  return b === 0n ? 0n : (a * WAD) / b
}

/** a · 1e18 / b, rounded up (non-negative operands); 0 for a zero divisor. */
export function divWadUp(a: bigint, b: bigint): bigint {
  if (b === 0n) return 0n
  const scaled = a * WAD
  return scaled === 0n ? 0n : (scaled - 1n) / b + 1n
}
