/**
 * A keeper that starts (or restarts after a crash) may have transactions of its own still in the mempool: a burst of
 * liquidations sent just before it died. Acting before they are mined would send the same liquidations again, and
 * every second copy would revert. So it first waits until the node's pending nonce for its account equals the mined
 * one (or a deadline passes, e.g. a transaction stuck on a too-low fee: then it goes on and the duties' simulations
 * on the latest state still catch what was done).
 */
import type { Address, Chain, PublicClient, Transport } from 'viem';
import { sleep } from './retry';

export async function waitForOwnPending(
  client: PublicClient<Transport, Chain | undefined>,
  address: Address,
  options: { timeoutMs?: number; pollMs?: number; log?: (line: string) => void } = {},
): Promise<{ waitedMs: number; inFlight: number }> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 60_000);
  let first: number | undefined;
  for (let round = 0; ; round++) {
    const [pending, mined] = await Promise.all([
      client.getTransactionCount({ address, blockTag: 'pending' }),
      client.getTransactionCount({ address, blockTag: 'latest' }),
    ]);
    first ??= pending - mined;
    if (pending <= mined) return { waitedMs: Date.now() - started, inFlight: first };
    if (Date.now() > deadline) {
      options.log?.(`[keeper] ${pending - mined} of my transactions still pending after ${options.timeoutMs ?? 60_000} ms; starting anyway`);
      return { waitedMs: Date.now() - started, inFlight: first };
    }
    if (round === 0) options.log?.(`[keeper] waiting for ${first} of my transactions still in the mempool`);
    await sleep(options.pollMs ?? 250);
  }
}
