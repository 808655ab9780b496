/**
 * Builds and signs the DON's reports: report data in the feed's schema (v3 crypto, v8 RWA) with the value as of
 * the observation time, wrapped in a full report signed by f + 1 local signers for the feed's config digest.
 * Signed reports are cached (bounded) by everything they depend on, so repeated requests sign once.
 */
import type { Hex } from "viem";
import type { ApiReport } from "../../lib/streams/client";
import { signReport } from "../../lib/streams/fullReport";
import { encodeReportData, type Report } from "../../lib/streams/report";
import type { Observation } from "./timeline";

export interface ReportSignerOptions {
  /** keys that sign each report: exactly f + 1 of the configured signers */
  signerKeys: readonly Hex[];
  /** expiresAt = observationsTimestamp + expirySeconds */
  expirySeconds: number;
  cacheSize?: number;
}

export class ReportSigner {
  private readonly cache = new Map<string, Promise<ApiReport>>();

  constructor(private readonly options: ReportSignerOptions) {}

  /** The report data of `feedId` (schema from its first 2 bytes) observed at `timestamp` with `observation`. */
  reportData(feedId: Hex, schema: number, timestamp: number, observation: Observation): Hex {
    const common = {
      feedId,
      validFromTimestamp: timestamp,
      observationsTimestamp: timestamp,
      nativeFee: 0n,
      linkFee: 0n,
      expiresAt: timestamp + this.options.expirySeconds,
    };
    let report: Report;
    if (schema === 3) {
      report = { version: 3, ...common, benchmarkPrice: observation.value, bid: observation.value, ask: observation.value };
    } else if (schema === 8) {
      // The price's own time, in ns; never after the report (the first observation also answers earlier times).
      const updated = Math.min(observation.time, timestamp);
      const whole = Math.floor(updated);
      const updatedNs = BigInt(whole) * 1_000_000_000n + BigInt(Math.round((updated - whole) * 1e9)); // exact, unlike t * 1e9
      report = { version: 8, ...common, lastUpdateTimestamp: updatedNs, midPrice: observation.value, marketStatus: observation.marketStatus };
    } else {
      throw new Error(`Schema v${schema} is not served by the local DON`);
    }
    return encodeReportData(report);
  }

  /** A signed report in the REST API shape. The epoch is the observation timestamp (increasing per report). */
  sign(args: { feedId: Hex; schema: number; timestamp: number; observation: Observation; configDigest: Hex }): Promise<ApiReport> {
    const { feedId, schema, timestamp, observation, configDigest } = args;
    const key = `${feedId}:${timestamp}:${configDigest}:${observation.time}:${observation.value}:${observation.marketStatus}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const signed = signReport({
      reportData: this.reportData(feedId, schema, timestamp, observation),
      configDigest,
      epoch: timestamp,
      privateKeys: this.options.signerKeys,
    }).then((fullReport) => ({ feedID: feedId, validFromTimestamp: timestamp, observationsTimestamp: timestamp, fullReport }));
    signed.catch(() => this.cache.delete(key));
    this.cache.set(key, signed);
    const limit = this.options.cacheSize ?? 10_000;
    while (this.cache.size > limit) this.cache.delete(this.cache.keys().next().value!);
    return signed;
  }
}
