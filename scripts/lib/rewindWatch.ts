/**
 * Watches a local chain for a rewind below what the indexer has indexed (an e2e test's evm_revert to its
 * snapshot). Ponder handles reorgs within its finality (30 blocks for an unknown chain id) but not deeper ones:
 * it then keeps the reverted blocks' rows and waits for the chain to grow past them. The supervisor in
 * scripts/indexer.ts restarts it on a fresh database instead.
 */
import { rpc } from "./deploy";

/** The block the indexer has indexed (GET /status), or undefined while it does not answer. */
export async function indexedBlock(indexerUrl: string): Promise<number | undefined> {
  try {
    const res = await fetch(`${indexerUrl}/status`, { signal: AbortSignal.timeout(2_000) });
    const status = (await res.json()) as Record<string, { block?: { number?: number } }>;
    return Object.values(status)[0]?.block?.number;
  } catch {
    return undefined;
  }
}

/** Resolves once the chain head is below the indexer's indexed block; polls every `intervalMs`. */
export async function waitForRewind(rpcUrl: string, indexerUrl: string, isStopped: () => boolean, intervalMs = 500): Promise<{ head: number; indexed: number } | undefined> {
  while (!isStopped()) {
    await new Promise((r) => setTimeout(r, intervalMs));
    const indexed = await indexedBlock(indexerUrl);
    const head = await rpc<string>(rpcUrl, "eth_blockNumber", []).then(Number, () => undefined);
    if (indexed !== undefined && head !== undefined && head < indexed) return { head, indexed };
  }
  return undefined;
}
