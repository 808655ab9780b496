/**
 * The keeper's upkeep duties besides orders, prices and liquidations (SPEC §9.6), one copy for the keeper service
 * and the simulator:
 * - peg: PegOracle.update per stock when an observation or a TWAP refresh is owed (selection.pegUpdateDue);
 * - funding: engine.accrueFunding per settlement token whose markets with open interest were last accrued
 *   `fundingEverySeconds` ago or more (funding over an interval is priced at the interval's average spot and σ,
 *   so touching often keeps the charge close to second-by-second sampling);
 * - withdrawals: vault.executeWithdrawal for requests past their cooldown while the vault lets exits out;
 * - sweep: engine.sweep per token once its pending fees reach `minSweep`, at most every `sweepEverySeconds`.
 * Every decision is made on state read from the chain this round, and every call is simulated before it is sent,
 * so a restart or a second keeper never pays for a transaction the chain would refuse.
 */
import type { Address, Chain, LocalAccount, PublicClient, Transport } from 'viem';
import { mainVaultAbi, pegOracleAbi } from '../../lib/generated';
import { accountKey, type PendingWithdrawal } from './accounts';
import { engineAbi } from './abis';
import type { Duty, KeeperMetrics } from './metrics';
import { withRetry } from './retry';
import { fundingDue, pegUpdateDue, sweepDue, withdrawalDecision } from './selection';
import type { TxOutcome, TxSender } from './tx';

export interface UpkeepTargets {
  engine: Address;
  pegOracle: Address;
  stocks: readonly { symbol: string; token: Address }[];
}

export interface UpkeepOptions {
  /** Refresh a stored TWAP at least this often (chain seconds), observation due or not. */
  twapRefreshSeconds: number;
  fundingEverySeconds: number;
  sweepEverySeconds: number;
  /** Smallest pending amount (token wei) worth a sweep transaction. */
  minSweep: bigint;
}

export const DEFAULT_UPKEEP_OPTIONS: UpkeepOptions = {
  twapRefreshSeconds: 30,
  fundingEverySeconds: 60,
  sweepEverySeconds: 300,
  minSweep: 10n ** 15n,
};

export interface UpkeepContext {
  client: PublicClient<Transport, Chain | undefined>;
  sender: TxSender;
  account: LocalAccount;
  targets: UpkeepTargets;
  metrics?: KeeperMetrics;
  log: (line: string) => void;
}

export class UpkeepDuty {
  private minSpacing: number | undefined;
  private lastSweep = new Map<string, number>();

  constructor(
    private readonly ctx: UpkeepContext,
    private readonly options: UpkeepOptions = DEFAULT_UPKEEP_OPTIONS,
  ) {}

  /** Forget sweep times (after a chain rewind). */
  reset(): void {
    this.lastSweep.clear();
  }

  /** PegOracle.update where owed; returns the stocks updated. */
  async peg(chainTime: number): Promise<string[]> {
    const { client, targets } = this.ctx;
    this.minSpacing ??= Number(await withRetry(() => client.readContract({ address: targets.pegOracle, abi: pegOracleAbi, functionName: 'minSpacing' })));
    const states = await withRetry(() =>
      Promise.all(
        targets.stocks.map((s) =>
          Promise.all([
            client.readContract({ address: targets.pegOracle, abi: pegOracleAbi, functionName: 'observationState', args: [s.token] }),
            client.readContract({ address: targets.pegOracle, abi: pegOracleAbi, functionName: 'latestTwap', args: [s.token] }),
          ]),
        ),
      ),
    );
    const updated: string[] = [];
    for (const [i, stock] of targets.stocks.entries()) {
      const [[, newest], [, , storedAt]] = states[i]!;
      const due = pegUpdateDue({
        newestObservation: Number(newest),
        minSpacing: this.minSpacing,
        storedTwapAt: Number(storedAt),
        refreshSeconds: this.options.twapRefreshSeconds,
        chainTime,
      });
      if (!due) continue;
      const outcome = await this.ctx.sender.send(`peg ${stock.symbol}`, this.ctx.account, {
        address: targets.pegOracle,
        abi: pegOracleAbi,
        functionName: 'update',
        args: [stock.token],
      }, { routine: true }); // the due check above is the guard: update() refuses only an unregistered stock
      if (this.count('peg', outcome)) updated.push(stock.symbol);
    }
    return updated;
  }

  /** accrueFunding for every token whose traded markets are due; returns the tokens accrued. */
  async funding(chainTime: number): Promise<Address[]> {
    const { client, targets } = this.ctx;
    const count = await withRetry(() => client.readContract({ address: targets.engine, abi: engineAbi, functionName: 'marketCount' }));
    const markets = await withRetry(() =>
      Promise.all(
        Array.from({ length: Number(count) }, (_, i) =>
          client.readContract({ address: targets.engine, abi: engineAbi, functionName: 'market', args: [BigInt(i + 1)] }),
        ),
      ),
    );
    const due = fundingDue(
      markets.map((m) => ({ token: m.token, openInterest: m.longOpenInterest + m.shortOpenInterest, lastFundingTime: Number(m.lastFundingTime) })),
      chainTime,
      this.options.fundingEverySeconds,
    );
    const accrued: Address[] = [];
    for (const token of due) {
      const stock = targets.stocks.find((s) => s.token.toLowerCase() === token);
      if (!stock) continue;
      const outcome = await this.ctx.sender.send(`funding ${stock.symbol}`, this.ctx.account, {
        address: targets.engine,
        abi: engineAbi,
        functionName: 'accrueFunding',
        args: [stock.token],
      });
      if (this.count('funding', outcome)) accrued.push(stock.token);
    }
    return accrued;
  }

  /**
   * Execute the due requests among `pending` (kept by AccountTracker from WithdrawalRequested events); requests
   * executed or cancelled meanwhile are dropped from it. Returns those executed.
   */
  async withdrawals(pending: Map<string, PendingWithdrawal>, chainTime: number): Promise<PendingWithdrawal[]> {
    const candidates = [...pending.values()].filter((w) => w.readyAt <= chainTime);
    if (candidates.length === 0) return [];
    const { client } = this.ctx;
    const states = await withRetry(() =>
      Promise.all(
        candidates.map((w) =>
          Promise.all([
            client.readContract({ address: w.vault, abi: mainVaultAbi, functionName: 'withdrawalRequest', args: [w.lp] }),
            client.readContract({ address: w.vault, abi: mainVaultAbi, functionName: 'exitPauseReason' }),
          ]),
        ),
      ),
    );
    const executed: PendingWithdrawal[] = [];
    for (const [i, w] of candidates.entries()) {
      const [[shares, readyAt], pauseReason] = states[i]!;
      w.readyAt = Number(readyAt);
      const decision = withdrawalDecision({ shares, readyAt: w.readyAt, pauseReason: Number(pauseReason) }, chainTime);
      if (decision === 'forget') pending.delete(accountKey(w.vault, w.lp));
      if (decision !== 'execute') continue;
      const outcome = await this.ctx.sender.send('executeWithdrawal', this.ctx.account, {
        address: w.vault,
        abi: mainVaultAbi,
        functionName: 'executeWithdrawal',
        args: [w.lp],
      });
      if (!this.count('withdrawals', outcome)) continue;
      pending.delete(accountKey(w.vault, w.lp));
      executed.push(w);
    }
    return executed;
  }

  /** engine.sweep for tokens with enough pending fees, each at most every sweepEverySeconds; returns the symbols. */
  async sweep(chainTime: number): Promise<string[]> {
    const { client, targets } = this.ctx;
    const waiting = targets.stocks.filter((s) => chainTime - (this.lastSweep.get(s.token) ?? Number.NEGATIVE_INFINITY) >= this.options.sweepEverySeconds);
    if (waiting.length === 0) return [];
    const pending = await withRetry(() =>
      Promise.all(
        waiting.map((s) =>
          Promise.all(
            (['pendingMain', 'pendingInsurance', 'pendingTreasury'] as const).map((functionName) =>
              client.readContract({ address: targets.engine, abi: engineAbi, functionName, args: [s.token] }),
            ),
          ),
        ),
      ),
    );
    const swept: string[] = [];
    for (const [i, stock] of waiting.entries()) {
      if (!sweepDue(pending[i]!, this.options.minSweep)) continue;
      const outcome = await this.ctx.sender.send(`sweep ${stock.symbol}`, this.ctx.account, {
        address: targets.engine,
        abi: engineAbi,
        functionName: 'sweep',
        args: [stock.token],
      });
      if (!this.count('sweep', outcome)) continue;
      this.lastSweep.set(stock.token, chainTime);
      swept.push(stock.symbol);
    }
    return swept;
  }

  private count(duty: Duty, outcome: TxOutcome): boolean {
    const ok = outcome.kind === 'mined';
    this.ctx.metrics?.action(duty, ok ? 'done' : 'failed');
    if (!ok) this.ctx.log(`[keeper] ${duty}: ${outcome.reason}`);
    return ok;
  }
}
