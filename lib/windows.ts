import { SEVEN_DAYS } from './history/earnings'

/**
 * The trailing window for "last 7 days" figures, in chain time: seven days, or the protocol's whole
 * life when it is younger (a fresh local chain), so a young vault's APR is not divided by days it
 * did not exist.
 */
export function trailingWindow(now: number | undefined, startedAt: number | undefined, length = SEVEN_DAYS): { since: number; seconds: number } | undefined {
  if (now === undefined) return undefined
  const age = startedAt === undefined ? length : Math.max(0, now - startedAt)
  const seconds = Math.min(length, age)
  return seconds > 0 ? { since: now - seconds, seconds } : undefined
}
