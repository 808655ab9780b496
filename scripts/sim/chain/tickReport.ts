/**
 * What one simulator step did, gathered while it runs and printed as ONE log line at the end
 * (issue 5: "every step is logged in one line"). Duties add notes for rare events (an open, a
 * liquidation, the pin) and the transaction sender records every outcome.
 */

export interface PriceLine {
  label: string;
  price: number;
  /** Relative change over the step, e.g. 0.0012 for +0.12%. */
  change: number;
}

export interface TickReport {
  index: number;
  simTime: number;
  marketOpen: boolean;
  underlyings: PriceLine[];
  volatilities: { label: string; vol: number }[];
  stocks: PriceLine[];
  /** DEX spot against the reference, per pair: 0.01 = 1% premium. */
  dexDeviation: { label: string; deviation: number }[];
  txMined: number;
  /** Transactions refused in simulation, reverted on chain or lost to RPC trouble, with the reason. */
  problems: string[];
  /** Rare events worth reading: market open/close, liquidations, withdrawals, pin, stress. */
  notes: string[];
  elapsedMs: number;
}

export function emptyReport(index: number, simTime: number): TickReport {
  return {
    index,
    simTime,
    marketOpen: false,
    underlyings: [],
    volatilities: [],
    stocks: [],
    dexDeviation: [],
    txMined: 0,
    problems: [],
    notes: [],
    elapsedMs: 0,
  };
}

const newYorkClock = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  weekday: 'short',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Mon, Jan 05, 09:42" in New York time: the clock the market calendar runs on. */
export function formatSimTime(unixSeconds: number): string {
  return newYorkClock.format(new Date(unixSeconds * 1000));
}

function formatPrice(price: number): string {
  const digits = price >= 1_000 ? 0 : 2;
  return price.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function formatSignedPercent(value: number, digits = 2): string {
  const percent = (value * 100).toFixed(digits);
  return value >= 0 ? `+${percent}%` : `${percent}%`;
}

/** Problems repeat (the same refusal for several traders); show each once with a count. */
function summarize(items: readonly string[], limit = 4): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  const parts = [...counts].map(([item, count]) => (count > 1 ? `${item}×${count}` : item));
  return parts.length > limit ? `${parts.slice(0, limit).join(', ')}, +${parts.length - limit} more` : parts.join(', ');
}

export function formatTickLine(report: TickReport): string {
  const sections = [`#${report.index} ${formatSimTime(report.simTime)} ET ${report.marketOpen ? 'open' : 'closed'}`];
  if (report.underlyings.length > 0) {
    const prices = report.underlyings.map((u) => `${u.label} ${formatPrice(u.price)} (${formatSignedPercent(u.change)})`);
    const vols = report.volatilities.map((v) => `${(v.vol * 100).toFixed(1)}%`).join('/');
    sections.push(`${prices.join(' ')}${vols ? ` σ ${vols}` : ''}`);
  }
  if (report.stocks.length > 0) sections.push(report.stocks.map((s) => `${s.label} ${formatPrice(s.price)}`).join(' '));
  if (report.dexDeviation.length > 0) {
    sections.push(`dex ${report.dexDeviation.map((d) => `${d.label} ${formatSignedPercent(d.deviation, 1)}`).join(' ')}`);
  }
  let txs = `${report.txMined} tx`;
  if (report.problems.length > 0) txs += `, ${report.problems.length} refused: ${summarize(report.problems)}`;
  sections.push(txs);
  if (report.notes.length > 0) sections.push(report.notes.join('; '));
  sections.push(`${report.elapsedMs} ms`);
  return `[sim] ${sections.join(' | ')}`;
}
