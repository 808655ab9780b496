/**
 * What the /premiums and /pool pages' history hooks read (hooks/useHistoryFunding.ts, useHistoryVaults.ts), and the
 * shaping they do, through one HistorySource: the unit the history bench times (scripts/bench/history.ts).
 */
import { listStocks, type Deployment } from "../../lib/deployments";
import { earningsByToken } from "../../lib/history/earnings";
import { fundingRatesByMarket } from "../../lib/history/funding";
import { sharePriceSeries } from "../../lib/history/sharePrices";
import type { HistorySource } from "../../lib/history/source";

export type Page = "premiums" | "pool";

export interface PageLoad {
  ms: number;
  requests: number;
  /** JSON-RPC calls inside those requests (getLogs path). */
  rpcCalls?: number;
  rows: Record<string, number>;
}

/** One page's history reads, concurrently as its hooks run them, then the hooks' shaping; row counts for the log. */
export async function loadPage(page: Page, source: HistorySource, deployment: Deployment, premiumsMarkets: readonly bigint[]): Promise<Record<string, number>> {
  const stocks = listStocks(deployment);
  if (page === "premiums") {
    const [accruals, splits] = await Promise.all([source.fundingAccruals(premiumsMarkets), source.feeSplits()]);
    const rates = fundingRatesByMarket(accruals);
    earningsByToken(splits, stocks);
    return { fundingAccruals: accruals.length, feeSplits: splits.length, fundingSeries: rates.size };
  }
  const vaults = stocks.flatMap((s) => [s.mainVault, s.insuranceVault]);
  const [splits, samples] = await Promise.all([source.feeSplits(), source.sharePrices(vaults)]);
  earningsByToken(splits, stocks);
  sharePriceSeries(samples, vaults);
  return { feeSplits: splits.length, sharePrices: samples.length };
}
