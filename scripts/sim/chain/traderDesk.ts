/**
 * The background traders of the local market (anvil accounts 5–8): three casual traders, one on
 * each of three stock tokens, and one leveraged trader whose account the keeper will eventually
 * liquidate.
 */
import { SIM_ACCOUNT_INDEX, anvilAccount } from './accounts';
import { CasualTrader } from './casualTrader';
import { LeveragedTrader } from './leveragedTrader';
import type { TickReport } from './tickReport';
import type { TradeCounters, TraderContext } from './traderSupport';
import { stockBySymbol, type SimWorld, type StockInfo } from './world';

/** Margin token of each casual trader, in account order; AMZNx (the thin pool) gets one too. */
const CASUAL_TOKENS = ['TSLA.M', 'NVDA.M', 'AMZNx'] as const;
/** The calmest stock: a rally in its collateral would pull the leveraged trader out of reach of the shock. */
const LEVERAGED_TOKEN = 'AAPLx';

function pickStock(world: SimWorld, symbol: string, fallbackIndex: number): StockInfo {
  const stock = stockBySymbol(world, symbol) ?? world.stocks[fallbackIndex % world.stocks.length];
  if (!stock) throw new Error('the deployment lists no stock tokens');
  return stock;
}

export class TraderDesk {
  private readonly casuals: CasualTrader[];
  private readonly leveraged: LeveragedTrader;

  constructor(private readonly context: TraderContext, seed: number) {
    const world = context.world;
    this.casuals = SIM_ACCOUNT_INDEX.casualTraders.map(
      (index, i) => new CasualTrader(context, anvilAccount(index), pickStock(world, CASUAL_TOKENS[i] ?? '', i), seed),
    );
    this.leveraged = new LeveragedTrader(context, anvilAccount(SIM_ACCOUNT_INDEX.leveragedTrader), pickStock(world, LEVERAGED_TOKEN, 0));
  }

  async step(chainTime: number, spots: { BTC: number; ETH: number }, report: TickReport): Promise<void> {
    const counters: TradeCounters = { opened: 0, closed: 0 };
    for (const trader of this.casuals) await trader.step(chainTime, spots, counters);
    await this.leveraged.step(chainTime, spots.BTC, counters);
    if (counters.opened + counters.closed > 0) report.notes.push(`trades +${counters.opened} open −${counters.closed} close`);
  }
}
