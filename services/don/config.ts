/**
 * What the DON serves: the feed list (from the deployment file's `streams.feeds`, else computed from the names
 * with lib/streams/feeds) and each feed's initial value (from the network config, e.g. contracts/deploy/local.json,
 * whose prices and volatilities have 8 decimals; stocks start with their market open).
 */
import { existsSync, readFileSync } from "node:fs";
import type { Address, Hex } from "viem";
import { localFeeds, schemaOf } from "../../lib/streams/feeds";
import type { DonFeed, ObservationInput } from "./server";

export interface NetworkConfig {
  underlyings?: Record<string, { price: number | string; vol: number | string }>;
  stocks?: { feed: string; price: number | string }[];
}

export interface StreamsDeployment {
  verifierProxy?: Address;
  verifier?: Address;
  feeds?: Record<string, Hex>;
}

const E10 = 10n ** 10n; // 8 → 18 decimals

export function readJsonFile<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined; // being rewritten: try again on the next poll
  }
}

export function readStreamsDeployment(file: string): StreamsDeployment | undefined {
  return readJsonFile<{ streams?: StreamsDeployment }>(file)?.streams;
}

/** Feeds from the deployment's `streams.feeds` (name → id), else the local feed rule over the config's stocks. */
export function donFeeds(config: NetworkConfig, deployment?: StreamsDeployment): DonFeed[] {
  if (deployment?.feeds && Object.keys(deployment.feeds).length > 0) {
    return Object.entries(deployment.feeds).map(([name, id]) => ({ name, id, schema: schemaOf(id) }));
  }
  return localFeeds((config.stocks ?? []).map((s) => s.feed));
}

/** Initial observations by feed name: BTC/USD, ETH/USD, their "-IV" feeds (σ), and each stock (open). */
export function initialValues(config: NetworkConfig): Record<string, ObservationInput> {
  const to18 = (v: number | string) => (BigInt(v) * E10).toString();
  const values: Record<string, ObservationInput> = {};
  for (const [key, u] of Object.entries(config.underlyings ?? {})) {
    const pair = `${key.toUpperCase()}/USD`;
    values[pair] = { value: to18(u.price) };
    values[`${pair}-IV`] = { value: to18(u.vol) };
  }
  for (const stock of config.stocks ?? []) values[stock.feed] = { value: to18(stock.price), marketStatus: 2 };
  return values;
}

/** Keep only the values whose feed the DON serves. */
export function servedValues(values: Record<string, ObservationInput>, feeds: readonly DonFeed[]): Record<string, ObservationInput> {
  const names = new Set(feeds.map((f) => f.name));
  return Object.fromEntries(Object.entries(values).filter(([name]) => names.has(name)));
}

