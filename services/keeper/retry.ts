/**
 * Retrying RPC work. Anvil restarts, a busy laptop or a `next dev` compile can make one request
 * time out; the simulator must ride that out instead of crashing (issue 5: "survives RPC hiccups").
 * Reverts are not retried here: a revert is an answer, not a hiccup.
 */
import { BaseError, ContractFunctionRevertedError, HttpRequestError, TimeoutError } from 'viem';

export interface RetryOptions {
  attempts: number;
  /** Delay before the second attempt; doubled after each failure. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Called before each wait, e.g. to log. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 4, initialDelayMs: 200, maxDelayMs: 5_000 };

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Exponential backoff delay for the n-th retry (n ≥ 1). */
export function backoffDelay(retry: number, initialDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, initialDelayMs * 2 ** (retry - 1));
}

/** True for failures of the connection rather than of the call: worth trying again. */
export function isTransientRpcError(error: unknown): boolean {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof ContractFunctionRevertedError)) return false;
    if (error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError)) return true;
  }
  const text = errorText(error);
  return /ECONNREFUSED|ECONNRESET|EPIPE|socket hang up|fetch failed|timed? ?out|network/i.test(text);
}

export async function withRetry<T>(work: () => Promise<T>, options: RetryOptions = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= options.attempts || !isTransientRpcError(error)) throw error;
      const delay = backoffDelay(attempt, options.initialDelayMs, options.maxDelayMs);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  }
}

/** The shortest useful description of an error, for one-line logs. */
export function errorText(error: unknown): string {
  if (error instanceof BaseError) return error.shortMessage;
  if (error instanceof Error && error.name === 'StreamsApiError') {
    // lib/streams/client.ts: status and the API's own error text, without the long URL.
    const { status, body } = error as Error & { status: number; body: string };
    let detail = body;
    try {
      detail = (JSON.parse(body) as { error?: string }).error ?? body;
    } catch {
      // not JSON
    }
    return `Data Streams API ${status}: ${detail.slice(0, 120)}`;
  }
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.message;
  return String(error);
}

const lastLogged = new Map<string, number>();

/** Log a line, but the same line at most once per `everyMs` (a DON that is down fails every round). */
export function logThrottled(log: (line: string) => void, line: string, everyMs = 10_000): void {
  const key = line.replace(/\d{9,}/g, '#'); // timestamps and ids differ from round to round
  const now = Date.now();
  const last = lastLogged.get(key);
  if (last !== undefined && now - last < everyMs) return;
  lastLogged.set(key, now);
  if (lastLogged.size > 500) lastLogged.clear();
  log(line);
}
