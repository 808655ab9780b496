import { describe, expect, it } from 'vitest';
import { Random } from './random';
import { MarketStatus, isMarketOpen, nextClose, nextOpen } from './marketHours';
import {
  JumpDiffusionProcess,
  SECONDS_PER_YEAR,
  STOCK_PARAMETERS,
  StockReferenceProcess,
  TRADING_SECONDS_PER_YEAR,
  UNDERLYING_PARAMETERS,
  annualizedVolatility,
} from './processes';
import type { UnderlyingParameters } from './processes';

const MINUTE = 60;
const utc = (iso: string): number => Date.parse(iso) / 1000;

function simulateLogReturns(process: JumpDiffusionProcess, steps: number, dtSeconds: number) {
  const logReturns: number[] = [];
  let price = 50_000;
  let jumps = 0;
  for (let i = 0; i < steps; i++) {
    const step = process.stepDetailed(price, dtSeconds);
    logReturns.push(step.logReturn);
    jumps += step.jumpCount;
    price = step.price;
  }
  return { logReturns, jumps, finalPrice: price };
}

// Measured values are printed so that a run shows the statistics, not only pass/fail.
function report(label: string, value: number): void {
  console.log(`[sim stats] ${label}: ${value.toFixed(4)}`);
}

describe('JumpDiffusionProcess', () => {
  it('replays the same path for the same seed, and another for another seed', () => {
    const path = (seed: number) =>
      simulateLogReturns(new JumpDiffusionProcess(UNDERLYING_PARAMETERS.BTC, new Random(seed)), 1000, MINUTE).logReturns;
    expect(path(42)).toEqual(path(42));
    expect(path(42)).not.toEqual(path(43));
  });

  for (const [name, parameters] of Object.entries(UNDERLYING_PARAMETERS)) {
    it(`${name}: one year of 1-minute steps has realized vol within ±5% of ${parameters.totalVolatility}`, () => {
      const process = new JumpDiffusionProcess(parameters, Random.forStream(2026, name));
      const steps = SECONDS_PER_YEAR / MINUTE;
      const { logReturns, jumps } = simulateLogReturns(process, steps, MINUTE);
      const realized = annualizedVolatility(logReturns, MINUTE);
      report(`${name} realized vol (target ${parameters.totalVolatility}, ${jumps} jumps)`, realized);
      expect(Math.abs(realized / parameters.totalVolatility - 1)).toBeLessThan(0.05);

      // Drift 0 means the price is a martingale, so the log return has the Itô mean −σ²/2 per year
      // (jumps included); over one year that is within a fraction of one standard error of 0.
      const jumpParameters = parameters.jumps;
      const sigmaD = process.diffusionVolatility;
      const compensator =
        jumpParameters.intensityPerYear *
        (Math.exp(jumpParameters.meanLogJump + jumpParameters.stdevLogJump ** 2 / 2) - 1);
      const expectedMeanPerStep =
        ((-(sigmaD ** 2) / 2 - compensator + jumpParameters.intensityPerYear * jumpParameters.meanLogJump) * MINUTE) /
        SECONDS_PER_YEAR;
      const mean = logReturns.reduce((s, r) => s + r, 0) / steps;
      const standardError = (parameters.totalVolatility * Math.sqrt(MINUTE / SECONDS_PER_YEAR)) / Math.sqrt(steps);
      report(`${name} mean log-return per year`, mean * steps);
      expect(Math.abs(mean - expectedMeanPerStep)).toBeLessThan(4 * standardError);
      expect(Math.abs(mean)).toBeLessThan(4 * standardError);
    });
  }

  it('has zero price drift: the average of S_T / S_0 over many paths is 1', () => {
    // Sensitive to a missing −σ²/2 or jump compensator: either would bias 30-day ETH paths by >1%.
    const process = new JumpDiffusionProcess(UNDERLYING_PARAMETERS.ETH, new Random(77));
    const paths = 20_000;
    const ratios: number[] = [];
    for (let p = 0; p < paths; p++) {
      let price = 1;
      for (let day = 0; day < 30; day++) price = process.step(price, 86_400);
      ratios.push(price);
    }
    const mean = ratios.reduce((s, r) => s + r, 0) / paths;
    const stdev = Math.sqrt(ratios.reduce((s, r) => s + (r - mean) ** 2, 0) / (paths - 1));
    report('ETH mean S_30d/S_0 over 20k paths', mean);
    expect(Math.abs(mean - 1)).toBeLessThan((4 * stdev) / Math.sqrt(paths));
  });

  it('produces jumps at the configured rate', () => {
    const parameters: UnderlyingParameters = {
      totalVolatility: 0.6,
      drift: 0,
      jumps: { intensityPerYear: 40, meanLogJump: 0, stdevLogJump: 0.02 },
    };
    const years = 10;
    const hourly = 3600;
    const { jumps } = simulateLogReturns(
      new JumpDiffusionProcess(parameters, new Random(5)),
      (years * SECONDS_PER_YEAR) / hourly,
      hourly,
    );
    const expected = 40 * years;
    report('jumps in 10 years at 40/year', jumps);
    expect(Math.abs(jumps - expected)).toBeLessThan(4 * Math.sqrt(expected));
  });

  it('sizes the diffusion so that diffusion plus jumps give the total vol', () => {
    const process = new JumpDiffusionProcess(UNDERLYING_PARAMETERS.BTC, new Random(1));
    const jumps = UNDERLYING_PARAMETERS.BTC.jumps;
    const jumpVariance = jumps.intensityPerYear * (jumps.meanLogJump ** 2 + jumps.stdevLogJump ** 2);
    expect(process.diffusionVolatility).toBeLessThan(0.55);
    expect(process.diffusionVolatility ** 2 + jumpVariance).toBeCloseTo(0.55 ** 2, 12);
    const impossible = { totalVolatility: 0.1, drift: 0, jumps: { intensityPerYear: 100, meanLogJump: 0, stdevLogJump: 0.1 } };
    expect(() => new JumpDiffusionProcess(impossible, new Random(1))).toThrow();
  });

  it('does not move over a zero step and rejects bad input', () => {
    const process = new JumpDiffusionProcess({ totalVolatility: 0.5, drift: 0, jumps: undefined }, new Random(1));
    expect(process.step(100, 0)).toBe(100);
    expect(() => process.step(-1, 60)).toThrow();
    expect(() => process.step(100, -60)).toThrow();
  });
});

describe('StockReferenceProcess', () => {
  const fridayClose = utc('2026-01-09T21:00:00Z'); // Fri 16:00 EST
  const mondayOpen = utc('2026-01-12T14:30:00Z'); // Mon 9:30 EST

  function tsla(seed: number, startTime: number): StockReferenceProcess {
    return new StockReferenceProcess({
      parameters: STOCK_PARAMETERS.TSLA,
      initialPrice: 400,
      startTime,
      rng: new Random(seed),
    });
  }

  it('stays frozen over the weekend, then gaps once at the Monday open', () => {
    const stock = tsla(11, fridayClose);
    for (let t = fridayClose + 3600; t < mondayOpen; t += 3600) {
      const tick = stock.advanceTo(t);
      expect(tick.price).toBe(400);
      expect(tick.marketStatus).toBe(MarketStatus.Closed);
      expect(tick.gapLogReturns).toEqual([]);
    }
    expect(stock.advanceTo(mondayOpen - 60).price).toBe(400); // 9:29
    const open = stock.advanceTo(mondayOpen);
    expect(open.marketStatus).toBe(MarketStatus.Open);
    expect(open.gapLogReturns).toHaveLength(1);
    expect(open.price).not.toBe(400);
    // Zero seconds of session have passed, so the whole move is the gap.
    expect(Math.log(open.price / 400)).toBeCloseTo(open.gapLogReturns[0] as number, 12);
    const later = stock.advanceTo(mondayOpen + 600);
    expect(later.price).not.toBe(open.price);
    expect(later.gapLogReturns).toEqual([]);
  });

  it('is deterministic for a seed, whatever the step size inside a closed period', () => {
    const coarse = tsla(3, fridayClose).advanceTo(mondayOpen).price;
    const fineProcess = tsla(3, fridayClose);
    for (let t = fridayClose; t <= mondayOpen; t += 900) fineProcess.advanceTo(t);
    expect(fineProcess.advanceTo(mondayOpen).price).toBe(coarse);
  });

  it('freezes during a halt inside the session', () => {
    const stock = tsla(5, mondayOpen + 3600);
    stock.setHalted(true);
    const tick = stock.advanceTo(mondayOpen + 7200);
    expect(tick.price).toBe(400);
    expect(tick.marketStatus).toBe(MarketStatus.Halted);
    stock.setHalted(false);
    expect(stock.advanceTo(mondayOpen + 7260).price).not.toBe(400);
  });

  it('has session vol near its target, measured per minute inside sessions', () => {
    const stock = tsla(21, utc('2026-01-05T14:30:00Z'));
    const logReturns: number[] = [];
    let t = stock.time;
    let sessions = 0;
    while (sessions < 60) {
      if (!isMarketOpen(t)) {
        t = nextOpen(t);
        stock.advanceTo(t); // the gap is not part of the session statistic
        sessions++;
        continue;
      }
      const close = nextClose(t);
      for (; t + MINUTE <= close; t += MINUTE) {
        const before = stock.price;
        logReturns.push(Math.log(stock.advanceTo(t + MINUTE).price / before));
      }
      t = close;
    }
    const realized = annualizedVolatility(logReturns, MINUTE, TRADING_SECONDS_PER_YEAR);
    report(`TSLA session vol (target ${STOCK_PARAMETERS.TSLA.sessionVolatility})`, realized);
    expect(Math.abs(realized / STOCK_PARAMETERS.TSLA.sessionVolatility - 1)).toBeLessThan(0.05);
  });

  it('scales gaps with the square root of the closed time: weekends gap more than nights', () => {
    const stock = new StockReferenceProcess({
      parameters: STOCK_PARAMETERS.NVDA,
      initialPrice: 180,
      startTime: utc('2026-01-02T21:00:00Z'),
      rng: new Random(8),
    });
    const overnight: number[] = [];
    const weekend: number[] = [];
    let t = stock.time;
    const end = utc('2027-12-31T00:00:00Z');
    while (t < end) {
      const open = nextOpen(t);
      const closedHours = (open - t) / 3600;
      const [gap] = stock.advanceTo(open).gapLogReturns;
      if (gap === undefined) throw new Error('expected a gap at every open');
      if (closedHours === 17.5) overnight.push(gap);
      if (closedHours === 65.5) weekend.push(gap);
      t = nextClose(open);
      stock.advanceTo(t);
    }
    const stdev = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);
    const expectedOvernight = STOCK_PARAMETERS.NVDA.gapVolatility * Math.sqrt((17.5 * 3600) / SECONDS_PER_YEAR);
    report(`NVDA overnight gap stdev (expected ${expectedOvernight.toFixed(4)}, n=${overnight.length})`, stdev(overnight));
    report(`NVDA weekend/overnight gap stdev ratio (expected ${Math.sqrt(65.5 / 17.5).toFixed(3)})`, stdev(weekend) / stdev(overnight));
    expect(Math.abs(stdev(overnight) / expectedOvernight - 1)).toBeLessThan(0.15);
    expect(stdev(weekend) / stdev(overnight)).toBeGreaterThan(1.4);
    expect(stdev(weekend) / stdev(overnight)).toBeLessThan(2.6);
  });

  it('refuses to go back in time', () => {
    const stock = tsla(1, mondayOpen);
    stock.advanceTo(mondayOpen + 60);
    expect(() => stock.advanceTo(mondayOpen)).toThrow();
  });
});
