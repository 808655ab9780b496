/**
 * The simulator's prices on a streams deployment: instead of pushing feeds, each step's prices (BTC/ETH spot and
 * σ, each stock's reference and market status) are posted to the local DON as observations at the step's chain
 * time; the keeper then submits the signed reports (services/keeper). Current values are read back from the
 * ReportStore, so a restarted simulator continues from the chain as it does with push feeds.
 */
import type { Hex } from 'viem';
import { reportStoreAbi } from './abis';
import type { ChainConnection } from './connection';
import { errorText, sleep, withRetry } from './retry';
import type { StreamsWorld } from './world';

export interface FeedValue {
  /** 18 decimals (σ as a fraction). */
  value: bigint;
  /** RWA feeds: 1 closed, 2 open. */
  marketStatus: number;
}

export const E18 = 10n ** 18n;
/** 8-decimal feed answers (what the push-feed code computes) to the reports' 18 decimals. */
export const E10 = 10n ** 10n;

export class StreamsPrices {
  private readonly pending = new Map<string, { value?: bigint; marketStatus?: number }>();
  private readonly last = new Map<string, FeedValue>();

  constructor(
    private readonly connection: ChainConnection,
    private readonly streams: StreamsWorld,
    readonly donUrl: string,
  ) {}

  feedId(name: string): Hex {
    const id = this.streams.feeds[name];
    if (!id) throw new Error(`the deployment has no streams feed ${name}`);
    return id;
  }

  /** The stored (newest submitted) report of each feed. */
  async read(names: readonly string[]): Promise<FeedValue[]> {
    const stored = await withRetry(() =>
      Promise.all(
        names.map((name) =>
          this.connection.client.readContract({ address: this.streams.reportStore, abi: reportStoreAbi, functionName: 'latest', args: [this.feedId(name)] }),
        ),
      ),
    );
    return stored.map((s, i) => {
      const value = { value: BigInt(s.price), marketStatus: s.marketStatus };
      this.last.set(names[i]!, value);
      return value;
    });
  }

  setValue(name: string, value: bigint): void {
    this.pending.set(name, { ...this.pending.get(name), value });
  }

  setStatus(name: string, marketStatus: number): void {
    this.pending.set(name, { ...this.pending.get(name), marketStatus });
  }

  /** Post this step's observations to the DON at `time` (the step's block time). */
  async flush(time: number): Promise<void> {
    if (this.pending.size === 0) return;
    const values: Record<string, { value: string; marketStatus?: number }> = {};
    for (const [name, p] of this.pending) {
      const value = p.value ?? this.last.get(name)?.value;
      if (value === undefined) continue;
      values[name] = { value: value.toString(), marketStatus: p.marketStatus };
    }
    await postJson(`${this.donUrl}/local/observations`, { time, values });
    for (const [name, p] of this.pending) {
      const before = this.last.get(name);
      this.last.set(name, { value: p.value ?? before?.value ?? 0n, marketStatus: p.marketStatus ?? before?.marketStatus ?? 2 });
    }
    this.pending.clear();
  }
}

async function postJson(url: string, body: unknown): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5_000),
      });
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      return;
    } catch (error) {
      if (attempt >= 3) throw new Error(`the local DON at ${url} did not take the prices: ${errorText(error)}`);
      await sleep(200 * attempt);
    }
  }
}

/** Wait until the DON answers and knows every feed's config digest. */
export async function waitForDon(donUrl: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const res = await fetch(`${donUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      const health = (await res.json()) as { ready?: boolean };
      if (health.ready) return;
      last = 'config digests not known yet';
    } catch (error) {
      last = errorText(error);
    }
    if (Date.now() > deadline) {
      throw new Error(`no local DON ready at ${donUrl} (${last}): a streams deployment needs one (npm run don, or npm run dev / npm run chain)`);
    }
    await sleep(300);
  }
}
