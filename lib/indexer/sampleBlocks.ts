/**
 * Up to `count` block numbers on a fixed grid between `from` and `to`, plus `to` itself. The grid is
 * aligned to multiples of its step, so successive calls reuse the same past blocks (and their
 * cached reads) while the chain grows.
 */
export function sampleBlocks(from: bigint, to: bigint, count: number): bigint[] {
  if (to < from || count < 2) return to >= from ? [to] : []
  const span = to - from
  let step = 1n
  while (span / step > BigInt(count - 1)) step *= 2n
  const blocks: bigint[] = []
  let block = ((from + step - 1n) / step) * step
  for (; block < to; block += step) blocks.push(block)
  blocks.push(to)
  return blocks
}

