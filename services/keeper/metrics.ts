/**
 * The keeper's Prometheus metrics, through prom-client (the Node client Prometheus lists; Ponder uses it too), so
 * names, types, label escaping and the text format are the library's, not ours. One registry per keeper: tests
 * and the simulator run several in one process.
 *
 *   livestock_keeper_actions_total{duty,outcome}   transactions per duty: done | failed (refused or reverted)
 *   livestock_keeper_lag_blocks                    chain head − the block the last round read
 *   livestock_keeper_pending_orders                committed orders not settled, cancelled or expired
 *   livestock_keeper_accounts_below_maintenance    found by the last liquidation scan
 *   livestock_keeper_balance_wei                   the keeper's native balance (gas)
 *   livestock_keeper_up                            1 while rounds succeed
 */
import { Counter, Gauge, Registry } from 'prom-client';

export const DUTIES = ['settle', 'prices', 'liquidate', 'peg', 'funding', 'withdrawals', 'sweep'] as const;
export type Duty = (typeof DUTIES)[number];
export type ActionOutcome = 'done' | 'failed';

export class KeeperMetrics {
  readonly registry = new Registry();
  private readonly actions = new Counter({
    name: 'livestock_keeper_actions_total',
    help: 'Keeper transactions per duty and outcome (failed: refused in simulation, reverted or not sent)',
    labelNames: ['duty', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly lagBlocks = this.gauge('lag_blocks', 'Chain head minus the latest block the keeper has read');
  readonly pendingOrders = this.gauge('pending_orders', 'Committed orders not yet settled, cancelled or expired');
  readonly belowMaintenance = this.gauge('accounts_below_maintenance', 'Accounts below maintenance margin at the last scan');
  readonly balanceWei = this.gauge('balance_wei', "The keeper account's native balance, in wei");
  readonly up = this.gauge('up', 'Whether the last round succeeded recently (1) or not (0)');
  readonly lastBlock = this.gauge('last_block', 'Latest block the keeper has read');
  /** Totals per duty, mirrored for /healthz (prom-client's getters are async). */
  readonly totals: Record<Duty, Record<ActionOutcome, number>> = Object.fromEntries(
    DUTIES.map((duty) => [duty, { done: 0, failed: 0 }]),
  ) as Record<Duty, Record<ActionOutcome, number>>;

  constructor() {
    // Every series exists from the start (at 0), so a dashboard's rate() has no gap before the first action.
    for (const duty of DUTIES) for (const outcome of ['done', 'failed'] as const) this.actions.inc({ duty, outcome }, 0);
  }

  action(duty: Duty, outcome: ActionOutcome, count = 1): void {
    if (count <= 0) return;
    this.actions.inc({ duty, outcome }, count);
    this.totals[duty][outcome] += count;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private gauge(name: string, help: string): Gauge {
    return new Gauge({ name: `livestock_keeper_${name}`, help, registers: [this.registry] });
  }
}
