import type { Address } from 'viem'

import { sharePrice } from '../vaults'
import type { SharePriceSample } from './records'
import { downsample, type Point, toSeries } from './series'

/** One chart series per vault (tokens per share), keyed by the vault addresses as given; vaults without samples get []. */
export function sharePriceSeries(samples: readonly SharePriceSample[], vaults: readonly Address[]): Map<Address, Point[]> {
  const byVault = new Map<string, Point[]>(vaults.map((v) => [v.toLowerCase(), []]))
  for (const sample of samples) byVault.get(sample.vault.toLowerCase())?.push({ time: sample.timestamp, value: sharePrice(sample.assetsPerShare) })
  return new Map(vaults.map((v) => [v, downsample(toSeries(byVault.get(v.toLowerCase()) ?? []))]))
}
