import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStreamsClient, decodeApiReport, StreamsApiError } from "../../lib/streams/client";
import { feedId } from "../../lib/streams/feeds";
import { recoverReportSigners } from "../../lib/streams/fullReport";
import { LOCAL_SIGNER_KEYS, LOCAL_SIGNERS } from "../../lib/streams/localSigners";
import { ManualClock } from "./clock";
import { LocalDon } from "./server";

const BTC = feedId(3, "BTC/USD");
const TSLA = feedId(8, "TSLA");
const NVDA = feedId(8, "NVDA"); // served, but no config digest known
const DIGEST: Hex = `0x0006${"42".repeat(30)}`;
const T0 = 1_700_000_000;
const e18 = (n: bigint) => n * 10n ** 18n;

describe("local DON server", () => {
  const clock = new ManualClock(T0 + 0.5);
  let don: LocalDon;
  let url: string;
  let close: () => Promise<void>;
  const post = (path: string, body?: unknown) =>
    fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    don = new LocalDon({
      feeds: [{ name: "BTC/USD", id: BTC, schema: 3 }, { name: "TSLA", id: TSLA, schema: 8 }, { name: "NVDA", id: NVDA, schema: 8 }],
      clock,
      signerKeys: LOCAL_SIGNER_KEYS.slice(0, 2),
      digests: { [BTC]: DIGEST, [TSLA]: DIGEST },
    });
    don.observe({ "BTC/USD": { value: e18(95_000n) }, TSLA: { value: e18(430n) } }, T0 - 1000);
    ({ url, close } = await don.listen(0));
  });
  afterAll(() => close());

  it("serves the latest report at floor(now), signed by f + 1 local signers for the feed's digest", async () => {
    const res = await post("/local/observations", { time: T0 - 0.2, values: { [BTC]: { value: e18(96_000n).toString() } } });
    expect(res.status).toBe(200);
    const client = createStreamsClient({ endpoint: url });
    const report = await client.latest(BTC);
    expect(report).toMatchObject({ feedID: BTC, observationsTimestamp: T0, validFromTimestamp: T0 });
    const decoded = decodeApiReport(report);
    expect(decoded.report).toMatchObject({ version: 3, benchmarkPrice: e18(96_000n), bid: e18(96_000n), ask: e18(96_000n), expiresAt: T0 + 3600, nativeFee: 0n, linkFee: 0n });
    expect(decoded.epoch).toBe(T0);
    expect(decoded.full.reportContext[0]).toBe(DIGEST);
    expect(await recoverReportSigners(report.fullReport)).toEqual(LOCAL_SIGNERS.slice(0, 2));
  });

  it("serves the value as of an exact past timestamp, and 404 'not yet' for a future one", async () => {
    const client = createStreamsClient({ endpoint: url });
    const past = await client.at(BTC, T0 - 1);
    expect(past?.observationsTimestamp).toBe(T0 - 1);
    expect(decodeApiReport(past!).report).toMatchObject({ benchmarkPrice: e18(95_000n) });
    expect(await client.at(BTC, T0 + 1)).toBeNull();
    const raw = await fetch(`${url}/api/v1/reports?feedID=${BTC}&timestamp=${T0 + 1}`);
    expect(raw.status).toBe(404);
    expect(await raw.json()).toEqual({ error: "not yet" });
    clock.advance(1); // now T0 + 1.5: the same request succeeds
    expect((await client.at(BTC, T0 + 1))?.observationsTimestamp).toBe(T0 + 1);
  });

  it("serves bulk reports in request order with v8 market status and ns update time", async () => {
    await post("/local/observations", { time: T0 + 1.25, values: { TSLA: { value: e18(440n).toString(), marketStatus: 1 } } });
    const client = createStreamsClient({ endpoint: url });
    const reports = await client.bulk([TSLA, BTC], T0 + 1);
    expect(reports?.map((r) => r.feedID)).toEqual([TSLA, BTC]);
    expect(decodeApiReport(reports![0]).report).toMatchObject({ version: 8, midPrice: e18(430n), marketStatus: 2, lastUpdateTimestamp: BigInt(T0 - 1000) * 10n ** 9n });
    clock.advance(1);
    const later = decodeApiReport((await client.at(TSLA, T0 + 2))!).report;
    expect(later).toMatchObject({ midPrice: e18(440n), marketStatus: 1, lastUpdateTimestamp: BigInt(T0 + 1) * 10n ** 9n + 250_000_000n });
    expect(await client.bulk([TSLA, BTC], T0 + 60)).toBeNull();
  });

  it("answers 503 while stopped and for a feed whose config digest is unknown; 400 for an unknown feed", async () => {
    const client = createStreamsClient({ endpoint: url });
    expect((await post("/local/stop")).status).toBe(200);
    await expect(client.latest(BTC)).rejects.toMatchObject({ status: 503 });
    expect((await post("/local/start")).status).toBe(200);
    expect((await client.latest(BTC)).feedID).toBe(BTC);
    await expect(client.latest(NVDA)).rejects.toMatchObject({ status: 503 });
    await expect(client.latest(feedId(3, "DOGE/USD"))).rejects.toBeInstanceOf(StreamsApiError);
    expect((await fetch(`${url}/api/v1/reports/latest?feedID=0x1234`)).status).toBe(400);
  });

  it("rejects a bad observation without applying any of the batch", async () => {
    const before = don.health().feeds.find((f) => f.name === "BTC/USD")!.value;
    const res = await post("/local/observations", { values: { "BTC/USD": { value: "1" }, TSLA: { value: "1.5" } } });
    expect(res.status).toBe(400);
    expect(don.health().feeds.find((f) => f.name === "BTC/USD")!.value).toBe(before);
    expect((await post("/local/observations", { values: { TSLA: { value: "1", marketStatus: 7 } } })).status).toBe(400);
  });

  it("lists feeds and reports health", async () => {
    const feeds = (await (await fetch(`${url}/api/v1/feeds`)).json()) as { feeds: { feedID: Hex; name: string }[] };
    expect(feeds.feeds.map((f) => f.name)).toEqual(["BTC/USD", "TSLA", "NVDA"]);
    const health = (await (await fetch(`${url}/healthz`)).json()) as { ok: boolean; now: number; ready: boolean; stopped: boolean };
    expect(health).toMatchObject({ ok: true, now: clock.now(), ready: false, stopped: false });
  });
});

describe("local DON reset (e2e snapshot reverts)", () => {
  it("POST /local/reset goes back to the initial values, restarts, and lets the clock follow the chain back", async () => {
    let resets = 0;
    let syncs = 0;
    const clock = Object.assign(new ManualClock(T0 + 100), {
      reset: () => void resets++,
      sync: async () => void syncs++,
    });
    const don = new LocalDon({
      feeds: [{ name: "BTC/USD", id: BTC, schema: 3 }],
      clock,
      signerKeys: LOCAL_SIGNER_KEYS.slice(0, 2),
      digests: { [BTC]: DIGEST },
      initialValues: { "BTC/USD": { value: e18(95_000n) } },
    });
    don.observe({ "BTC/USD": { value: e18(95_000n) } }, 0);
    const { url, close } = await don.listen(0);
    try {
      const post = (path: string, body?: unknown) =>
        fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      await post("/local/observations", { time: T0 + 50, values: { "BTC/USD": { value: e18(60_000n).toString() } } });
      expect(syncs).toBe(1); // posting reads the chain head first
      await post("/local/stop");
      expect((await post("/local/reset")).status).toBe(200);
      expect([resets, syncs]).toEqual([1, 2]);
      clock.set(T0 + 10); // the chain went back before the crash
      const client = createStreamsClient({ endpoint: url });
      expect(decodeApiReport(await client.latest(BTC)).report).toMatchObject({ benchmarkPrice: e18(95_000n) });
      clock.set(T0 + 60);
      expect(decodeApiReport((await client.at(BTC, T0 + 55))!).report).toMatchObject({ benchmarkPrice: e18(95_000n) });
    } finally {
      await close();
    }
  });
});
