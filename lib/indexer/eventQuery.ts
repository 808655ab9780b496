import { type AbiEvent, type Address, type DecodeEventLogReturnType, decodeEventLog, type Hex, toEventSelector } from 'viem'

import type { StoredLog } from './rangeSync'

/**
 * The browser's own event reader (the fallback history source for a deployment without an indexer, see
 * docs/decisions/012-history-source.md): one query = one event of some contracts since a block.
 */

export type EventQuery<event extends AbiEvent = AbiEvent> = {
  chainId: number
  address: Address | readonly Address[]
  event: event
  /** Filter on indexed arguments, as viem's getLogs takes it (e.g. `{ trader: '0x…' }`). */
  args?: Readonly<Record<string, unknown>>
  /** Usually the deployment's start block. */
  fromBlock: bigint
}

export type IndexedEvent<event extends AbiEvent = AbiEvent> = {
  address: Address
  blockNumber: bigint
  logIndex: number
  transactionHash: Hex
  /** Block timestamp, unix seconds (chain time: simulated on the local chain). */
  timestamp: number
  args: DecodeEventLogReturnType<[event]>['args']
}

export interface EventIndexer {
  /** Every `event` log matching `query` in [fromBlock, toBlock], oldest first, with block timestamps. */
  getEvents<event extends AbiEvent>(query: EventQuery<event>, toBlock: bigint): Promise<IndexedEvent<event>[]>
}

/** Cache key of a query: chain, addresses, event signature, indexed filter. Not the block range. */
export function queryKey(query: EventQuery): string {
  const addresses = (Array.isArray(query.address) ? [...query.address] : [query.address as Address]).map((a) => a.toLowerCase()).sort()
  // Indexed uint filters are bigints (FundingAccrued's marketId list), which JSON.stringify refuses.
  const normalize = (_key: string, v: unknown) => (typeof v === 'string' ? v.toLowerCase() : typeof v === 'bigint' ? v.toString() : v)
  const args = query.args ? JSON.stringify(Object.entries(query.args).sort(([a], [b]) => a.localeCompare(b)), normalize) : ''
  return `${query.chainId}:${addresses.join(',')}:${toEventSelector(query.event)}:${args}`
}

export function decodeAll<event extends AbiEvent>(event: event, logs: readonly StoredLog[]): IndexedEvent<event>[] {
  const out: IndexedEvent<event>[] = []
  for (const log of logs) {
    try {
      const decoded = decodeEventLog({ abi: [event] as AbiEvent[], data: log.data, topics: log.topics as [Hex, ...Hex[]] })
      out.push({
        address: log.address,
        blockNumber: BigInt(log.block),
        logIndex: log.logIndex,
        transactionHash: log.tx,
        timestamp: log.timestamp,
        args: decoded.args as IndexedEvent<event>['args'],
      })
    } catch {
      // A log that does not decode (another event with the same selector) is not ours.
    }
  }
  return out.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1))
}
