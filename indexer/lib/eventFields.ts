// The columns every event row shares, taken from Ponder's event the same way everywhere.
type Hex = `0x${string}`;

interface PonderEventLike {
  id: string;
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: Hex };
  log: { logIndex: number };
}

export interface EventFields {
  /** `${txHash}-${logIndex}`: unique per log, and gone with its block on a reorg. */
  id: string;
  timestamp: number;
  blockNumber: bigint;
  txHash: Hex;
  logIndex: number;
}

export function eventFields(event: PonderEventLike): EventFields {
  return {
    id: `${event.transaction.hash}-${event.log.logIndex}`,
    timestamp: Number(event.block.timestamp),
    blockNumber: event.block.number,
    txHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  };
}

/** Addresses are stored lowercase so the app can match them with plain equality. */
export function lower(address: Hex): Hex {
  return address.toLowerCase() as Hex;
}
