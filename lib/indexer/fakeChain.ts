import type { Hex } from 'viem'

import type { LogSource, StoredLog } from './rangeSync'

/** Fixtures of the indexer tests: fake logs and a fake chain that counts what is read. */

export const ADDRESS = '0x59b670e9fA9D0A427751Af201D676719a970857b'
export const hashOf = (block: bigint, fork = 'a') => `0x${fork}${block.toString(16).padStart(63, '0')}` as Hex

export function log(block: bigint, logIndex = 0): StoredLog {
  return { address: ADDRESS, topics: ['0x01'], data: '0x', block: block.toString(), logIndex, tx: '0x02', timestamp: Number(block) * 2 }
}

/** A fake chain with one log in every block divisible by 10; counts what is read. */
export function fakeChain(head: bigint, fork = 'a') {
  const reads: Array<[bigint, bigint]> = []
  const source: LogSource = {
    async fetchLogs(from, to) {
      reads.push([from, to])
      const logs: StoredLog[] = []
      for (let b = from; b <= to; b++) if (b % 10n === 0n) logs.push(log(b))
      return logs
    },
    async blockHash(number) {
      return number <= head ? hashOf(number, fork) : undefined
    },
  }
  return { source, reads }
}
