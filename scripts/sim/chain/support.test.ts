/** The chain-facing helpers that need no chain: log line, revert decoding, pacing, retries, child processes. */
import { describe, expect, it } from 'vitest';
import { BaseError, ContractFunctionRevertedError, encodeErrorResult, HttpRequestError } from 'viem';
import { engineAbi } from './abis';
import { startManaged, prefixLine } from './managedProcess';
import { runInRealTime, stepSecondsForSpeed } from './realTimeLoop';
import { backoffDelay, isTransientRpcError, withRetry } from './retry';
import type { Simulator } from './simulator';
import { emptyReport, formatTickLine } from './tickReport';
import { revertReason } from './txSender';

describe('step log line', () => {
  it('fits a whole step on one line, prefixed [sim]', () => {
    const report = emptyReport(42, Date.UTC(2026, 0, 5, 14, 42) / 1000);
    report.marketOpen = true;
    report.underlyings.push({ label: 'BTC', price: 95_312.4, change: 0.0012 });
    report.volatilities.push({ label: 'BTC', vol: 0.55 });
    report.stocks.push({ label: 'TSLA', price: 431.2, change: 0 });
    report.dexDeviation.push({ label: 'AMZNx', deviation: -0.013 });
    report.txMined = 12;
    report.problems.push('open(InsufficientMargin)', 'open(InsufficientMargin)');
    report.notes.push('LIQUIDATED 0x1234…abcd on TSLA.M');
    const line = formatTickLine(report);
    expect(line).not.toContain('\n');
    expect(line).toMatch(/^\[sim\] #42 Mon, Jan 05, 09:42 ET open \| BTC 95,312 \(\+0\.12%\) σ 55\.0% \| TSLA 431\.20 \| dex AMZNx -1\.3% \| /);
    expect(line).toContain('12 tx, 2 refused: open(InsufficientMargin)×2');
    expect(line).toContain('LIQUIDATED');
  });
});

describe('revert reasons', () => {
  it('names a Livestock custom error', () => {
    const data = encodeErrorResult({ abi: engineAbi, errorName: 'InsufficientMargin', args: [1n, 2n] });
    const error = new BaseError('call reverted', { cause: new ContractFunctionRevertedError({ abi: engineAbi, data, functionName: 'trade' }) });
    expect(revertReason(error)).toBe('InsufficientMargin');
  });

  it('falls back to the message when there is no revert data', () => {
    expect(revertReason(new Error('execution reverted'))).toBe('execution reverted');
  });
});

describe('pacing and retries', () => {
  it('takes one-minute steps at the default speed and longer ones when faster', () => {
    expect(stepSecondsForSpeed(60)).toBe(60);
    expect(stepSecondsForSpeed(1)).toBe(60);
    expect(stepSecondsForSpeed(300)).toBe(300);
    expect(stepSecondsForSpeed(100_000)).toBe(900);
  });

  it('retries connection failures with growing delays but not reverts', async () => {
    expect(backoffDelay(1, 200, 5_000)).toBe(200);
    expect(backoffDelay(3, 200, 5_000)).toBe(800);
    expect(backoffDelay(10, 200, 5_000)).toBe(5_000);
    const refused = new HttpRequestError({ url: 'http://127.0.0.1:8545', details: 'fetch failed' });
    expect(isTransientRpcError(refused)).toBe(true);
    expect(isTransientRpcError(new Error('execution reverted: NotLiquidatable'))).toBe(false);

    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw refused;
        return 'ok';
      },
      { attempts: 4, initialDelayMs: 1, maxDelayMs: 2 },
    );
    expect([result, calls]).toEqual(['ok', 3]);
  });

  it('keeps stepping after the chain was unreachable for a while', async () => {
    let calls = 0;
    const controller = new AbortController();
    const fake = {
      stepSeconds: 60,
      async tick() {
        calls++;
        if (calls === 2) throw new HttpRequestError({ url: 'http://127.0.0.1:8545', details: 'ECONNREFUSED' });
        if (calls === 4) controller.abort();
        return emptyReport(calls, 0);
      },
    } as Pick<Simulator, 'stepSeconds' | 'tick'> as Simulator;
    const lines: string[] = [];
    await runInRealTime(fake, { speed: 600_000, log: (line) => lines.push(line), signal: controller.signal });
    expect(lines.filter((l) => l.includes('chain unreachable'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('[sim] #'))).toHaveLength(3);
  }, 10_000);
});

describe('child processes of npm run dev', () => {
  it('prefixes lines once', () => {
    expect(prefixLine('web', 'Ready in 1.3s')).toBe('[web] Ready in 1.3s');
    expect(prefixLine('sim', '[sim] #1 …')).toBe('[sim] #1 …');
  });

  it('stops a process together with the processes it started', async () => {
    const lines: string[] = [];
    const grandchild = "require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })";
    const parent = startManaged({
      tag: 'test',
      command: process.execPath,
      args: ['-e', `const c = ${grandchild}; console.log('grandchild ' + c.pid); setInterval(() => {}, 1000)`],
      write: (line) => lines.push(line),
    });
    const deadline = Date.now() + 5_000;
    while (!lines.some((l) => l.startsWith('[test] grandchild')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const pid = Number(lines.find((l) => l.startsWith('[test] grandchild'))?.split(' ')[2]);
    expect(pid).toBeGreaterThan(0);
    await parent.stop(2_000);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const gone = Date.now() + 2_000;
    while (alive() && Date.now() < gone) await new Promise((r) => setTimeout(r, 20));
    expect(alive()).toBe(false);
  }, 10_000);
});
