/**
 * The pure half of `npm run bench`: reading the Foundry gas tests' log lines, deriving the ratio, comparing
 * results with bench/budgets.json and printing the table. No I/O here, so all of it is unit tested
 * (report.test.ts).
 */

/** The metrics `npm run bench` writes to bench/results.json, in the order the table prints them. */
export const METRICS = [
  "gas.marginDeposit",
  "gas.open",
  "gas.openShort",
  "gas.openWith8PositionsPortfolio",
  "gas.close",
  "gas.liquidate",
  "gas.vaultDeposit",
  "gas.withdrawRequest",
  "gas.withdrawExecute",
  "gas.openWith1000Accounts",
  "gas.openScalingRatio",
  "gas.orderCommit",
  "gas.orderSettle",
  "gas.orderSettlePerOrderBatch10",
  "gas.liquidateWithReport",
  "pricing.maxRelError",
  "pricing.gasPerPrice",
  "pricing.impact1BtcAtm10M",
  "web.firstLoadJsKb.trade",
  "web.firstLoadJsKb.pool",
  "web.firstLoadJsKb.peg",
  "web.rpcRequestsPageLoad.trade",
  "web.tradeToVisibleMs",
  "web.orderToFilledMs",
  "keeper.crash1000.blocksToClear",
  "keeper.crash1000.badDebtUsd",
  "keeper.crash1000.liquidated",
  "keeper.crash1000.maxLiquidationsPerBlock",
  "keeper.crash1000.gasPerLiquidation",
  "history.events",
  "history.indexer100k.ms",
  "history.indexer100k.requests",
  "history.getLogs100k.ms",
  "history.getLogs100k.requests",
  "history.indexerSyncEventsPerSec",
] as const;

export type Metric = (typeof METRICS)[number];
export type Results = Partial<Record<Metric, number>>;

const UNITS: readonly Unit[] = ["gas", "ratio", "relative", "kB", "requests", "ms", "percent", "count", "usd"];
export type Unit = "gas" | "ratio" | "relative" | "kB" | "requests" | "ms" | "percent" | "count" | "usd";

/** One entry of bench/budgets.json: an upper bound (null: measured and reported, no budget set). */
export type Budget = { max: number | null; unit: Unit; what: string };
export type Budgets = Record<Metric, Budget>;

/** Checks bench/budgets.json's shape: every metric present, numbers where numbers belong. */
export function parseBudgets(json: unknown): Budgets {
  if (typeof json !== "object" || json === null) throw new Error("budgets: not an object");
  const record = json as Record<string, unknown>;
  const out = {} as Budgets;
  for (const metric of METRICS) {
    const entry = record[metric] as Partial<Budget> | undefined;
    if (!entry || typeof entry !== "object") throw new Error(`budgets: ${metric} missing`);
    if (entry.max !== null && (typeof entry.max !== "number" || !Number.isFinite(entry.max))) {
      throw new Error(`budgets: ${metric}.max must be a number or null`);
    }
    if (typeof entry.unit !== "string" || typeof entry.what !== "string") throw new Error(`budgets: ${metric} needs a unit and a what`);
    if (!UNITS.includes(entry.unit as Unit)) throw new Error(`budgets: ${metric} has unknown unit ${String(entry.unit)}`);
    out[metric] = { max: entry.max, unit: entry.unit as Unit, what: entry.what };
  }
  const unknown = Object.keys(record).filter((key) => !key.startsWith("$") && !(METRICS as readonly string[]).includes(key));
  if (unknown.length > 0) throw new Error(`budgets: unknown metrics ${unknown.join(", ")}`);
  return out;
}

/**
 * `name: 123` lines that the Foundry tests log with `emit log_named_uint` (forge test -vv prints them under
 * "Logs:"), for names under `gas.` and `pricing.`. A name logged twice keeps its last value.
 */
export function parseForgeLogs(output: string): Record<string, number> {
  const values: Record<string, number> = {};
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s+((?:gas|pricing)\.[A-Za-z0-9]+):\s+(\d+)\s*$/.exec(line);
    if (match) values[match[1]] = Number(match[2]);
  }
  return values;
}

/** Foundry test names that failed (`[FAIL…] test_x()`), to say which budget assertion broke. */
export function failedForgeTests(output: string): string[] {
  const failed: string[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = /^\[FAIL[^\]]*\]\s+(\S+\(\))/.exec(line.trim());
    if (match) failed.push(match[1]);
  }
  return failed;
}

/** The gas metrics from the gas tests' logs; the scaling ratio is open-with-1,000-accounts / open-alone. */
export function gasResults(logs: Record<string, number>): Results {
  const out: Results = {};
  for (const key of ["gas.marginDeposit", "gas.open", "gas.openShort", "gas.openWith8PositionsPortfolio", "gas.close", "gas.liquidate", "gas.vaultDeposit", "gas.withdrawRequest", "gas.withdrawExecute", "gas.orderCommit", "gas.orderSettle", "gas.orderSettlePerOrderBatch10", "gas.liquidateWithReport", "gas.openWith1000Accounts", "pricing.gasPerPrice"] as const) {
    if (logs[key] !== undefined) out[key] = logs[key];
  }
  const alone = logs["gas.openAlone"];
  const crowded = logs["gas.openWith1000Accounts"];
  if (alone !== undefined && crowded !== undefined && alone > 0) out["gas.openScalingRatio"] = crowded / alone;
  return out;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export type Status = "ok" | "over" | "no budget" | "not measured";
export type Row = { metric: Metric; value: number | undefined; budget: Budget; status: Status };

/** Each metric beside its budget. A value equal to the budget is within it ("≤"). */
export function compare(results: Results, budgets: Budgets): Row[] {
  return METRICS.map((metric) => {
    const value = results[metric];
    const budget = budgets[metric];
    const status: Status = value === undefined || !Number.isFinite(value) ? "not measured" : budget.max === null ? "no budget" : value <= budget.max ? "ok" : "over";
    return { metric, value: status === "not measured" ? undefined : value, budget, status };
  });
}

export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === undefined || value === null) return "—";
  switch (unit) {
    case "gas":
    case "requests":
      return Math.round(value).toLocaleString("en-US");
    case "ms":
      return `${Math.round(value).toLocaleString("en-US")} ms`;
    case "kB":
      return `${value.toFixed(1)} kB`;
    case "ratio":
      return value.toFixed(4);
    case "relative":
      return value === 0 ? "0" : value.toExponential(2);
    case "percent":
      return `${value.toFixed(3)} %`;
    case "count":
      return Math.round(value).toLocaleString("en-US");
    case "usd":
      return `$${value.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
  }
}

/** The table `npm run bench` prints (and the README pastes): measured, budget, and OVER where it is. */
export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => [
    row.metric,
    formatValue(row.value, row.budget.unit),
    row.budget.max === null ? "—" : `≤ ${formatValue(row.budget.max, row.budget.unit)}`,
    row.status === "over" ? "OVER" : row.status === "ok" ? "ok" : row.status,
  ]);
  const header = ["metric", "measured", "budget", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(" | ")} |`;
  const separator = `|${widths.map((w, i) => (i === 1 || i === 2 ? `${"-".repeat(w + 1)}:` : "-".repeat(w + 2))).join("|")}|`;
  return [line(header), separator, ...cells.map(line)].join("\n");
}

export function summary(rows: readonly Row[]): string {
  const over = rows.filter((r) => r.status === "over").map((r) => r.metric);
  const missing = rows.filter((r) => r.status === "not measured").map((r) => r.metric);
  const parts = [over.length === 0 ? "every measured metric is within its budget" : `OVER BUDGET: ${over.join(", ")}`];
  if (missing.length > 0) parts.push(`not measured: ${missing.join(", ")}`);
  return parts.join("; ");
}
