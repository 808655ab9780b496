/**
 * The local DON's HTTP face, in the shape of the Chainlink Data Streams REST API:
 *   GET  /api/v1/reports/latest?feedID=0x…              → { report }  observed at floor(DON now)
 *   GET  /api/v1/reports?feedID=0x…&timestamp=T         → { report }  observed at exactly T; 404 "not yet" if T > now
 *   GET  /api/v1/reports/bulk?feedIDs=0x…,0x…&timestamp=T → { reports } (request order); 404 if T > now
 *   GET  /api/v1/feeds                                  → { feeds: [{ feedID, name, schema, decimals }] }
 *   GET  /healthz                                       → { ok, now, stopped, ready, feeds: [...] }
 * Local only (never on a real network):
 *   POST /local/observations { time?, values: { "<name or id>": { value: "<18-dec int>", marketStatus? } } }
 *   POST /local/stop, POST /local/start  (report endpoints answer 503 while stopped: "the DON is down")
 *   POST /local/sync   read the chain head now (the clock otherwise polls it)
 *   POST /local/reset  back to the initial values (as deployed), started, and the clock following the chain back
 *                      (after an e2e test reverts an anvil snapshot)
 * Posting observations first reads the chain head, so a simulator that has just mined a step's block and posts
 * that step's prices at its time gets reports for it at once.
 * A report's value is the feed's last observation at or before its timestamp.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Hex } from "viem";
import type { ApiReport } from "../../lib/streams/client";
import type { DonClock } from "./clock";
import { ReportSigner } from "./reports";
import { Timeline, type MarketStatus, type Observation } from "./timeline";

export interface DonFeed {
  name: string;
  id: Hex;
  schema: number;
}

export interface LocalDonOptions {
  feeds: readonly DonFeed[];
  clock: DonClock;
  /** exactly f + 1 keys of the configured signer set */
  signerKeys: readonly Hex[];
  /** expiresAt − observationsTimestamp, default 3600 s */
  expirySeconds?: number;
  /** history kept per feed, default 24 h */
  retentionSeconds?: number;
  /** config digest per feed id, if known up front (else setConfigDigest later) */
  digests?: Record<Hex, Hex>;
  /** What POST /local/reset goes back to (observed at time 0, so they answer any time until overwritten). */
  initialValues?: Record<string, ObservationInput>;
}

export type ObservationInput = { value: bigint | string; marketStatus?: number };

class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}


export class LocalDon {
  private readonly feedsById = new Map<string, DonFeed>();
  private readonly feedsByName = new Map<string, DonFeed>();
  private readonly timelines = new Map<string, Timeline>();
  private readonly digests = new Map<string, Hex>();
  private readonly signer: ReportSigner;
  private stopped = false;

  constructor(private readonly options: LocalDonOptions) {
    for (const feed of options.feeds) {
      const id = feed.id.toLowerCase();
      if (feed.schema !== 3 && feed.schema !== 8) throw new Error(`Feed ${feed.name}: schema v${feed.schema} not served`);
      this.feedsById.set(id, feed);
      this.feedsByName.set(feed.name, feed);
      this.timelines.set(id, new Timeline(options.retentionSeconds));
    }
    for (const [id, digest] of Object.entries(options.digests ?? {})) this.setConfigDigest(id as Hex, digest);
    this.signer = new ReportSigner({ signerKeys: options.signerKeys, expirySeconds: options.expirySeconds ?? 3600 });
  }

  /** Back to the initial values, started, with the clock following the chain again. */
  async reset(): Promise<void> {
    for (const feed of this.options.feeds) this.timelines.set(feed.id.toLowerCase(), new Timeline(this.options.retentionSeconds));
    if (this.options.initialValues) this.observe(this.options.initialValues, 0);
    this.stopped = false;
    this.options.clock.reset?.();
    await this.options.clock.sync?.();
  }

  get feeds(): readonly DonFeed[] {
    return this.options.feeds;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  setStopped(stopped: boolean): void {
    this.stopped = stopped;
  }

  /** The config digest the feed's reports are signed for (Verifier.latestConfigDigestAndEpoch(feedId)). */
  setConfigDigest(feedId: Hex, digest: Hex): void {
    if (!this.feedsById.has(feedId.toLowerCase())) return;
    if (BigInt(digest) === 0n) this.digests.delete(feedId.toLowerCase());
    else this.digests.set(feedId.toLowerCase(), digest);
  }

  configDigest(feedId: Hex): Hex | undefined {
    return this.digests.get(feedId.toLowerCase());
  }

  /** Record observations (all or none): `values` keyed by feed name or id; time defaults to DON now. */
  observe(values: Record<string, ObservationInput>, time = this.options.clock.now()): { time: number; feeds: string[] } {
    if (!Number.isFinite(time) || time < 0) throw new HttpError(400, `bad time ${time}`);
    const parsed: [Timeline, Observation, string][] = [];
    for (const [key, input] of Object.entries(values)) {
      const feed = this.feed(key);
      let value: bigint;
      try {
        value = typeof input.value === "bigint" ? input.value : BigInt(String(input.value));
      } catch {
        throw new HttpError(400, `${key}: value must be an integer string with 18 decimals`);
      }
      if (value >= 1n << 191n || value < -(1n << 191n)) throw new HttpError(400, `${key}: value out of int192 range`);
      const timeline = this.timelines.get(feed.id.toLowerCase())!;
      let marketStatus: MarketStatus = 0;
      if (feed.schema === 8) {
        const status = input.marketStatus ?? timeline.at(time)?.marketStatus ?? 2;
        if (status !== 0 && status !== 1 && status !== 2) throw new HttpError(400, `${key}: marketStatus must be 0, 1 or 2`);
        marketStatus = status;
      }
      parsed.push([timeline, { time, value, marketStatus }, feed.name]);
    }
    for (const [timeline, observation] of parsed) timeline.add(observation);
    return { time, feeds: parsed.map(([, , name]) => name) };
  }

  /** The signed report of one feed at `timestamp` (throws HttpError when not available). */
  async report(feedKey: string, timestamp?: number): Promise<ApiReport> {
    if (this.stopped) throw new HttpError(503, "DON stopped");
    const now = this.options.clock.now();
    const t = timestamp ?? Math.floor(now);
    if (t > now) throw new HttpError(404, "not yet");
    const feed = this.feed(feedKey);
    const configDigest = this.configDigest(feed.id);
    if (!configDigest) throw new HttpError(503, `config digest of ${feed.name} not known yet`);
    const observation = this.timelines.get(feed.id.toLowerCase())!.at(t);
    if (!observation) throw new HttpError(404, `no observation of ${feed.name}`);
    return this.signer.sign({ feedId: feed.id, schema: feed.schema, timestamp: t, observation, configDigest });
  }

  health() {
    const now = this.options.clock.now();
    return {
      ok: true,
      now,
      stopped: this.stopped,
      ready: this.options.feeds.every((feed) => this.digests.has(feed.id.toLowerCase())),
      feeds: this.options.feeds.map((feed) => {
        const latest = this.timelines.get(feed.id.toLowerCase())!.at(now);
        return {
          name: feed.name,
          feedID: feed.id,
          schema: feed.schema,
          configDigest: this.configDigest(feed.id) ?? null,
          value: latest?.value.toString() ?? null,
          marketStatus: feed.schema === 8 ? (latest?.marketStatus ?? null) : undefined,
          observedAt: latest?.time ?? null,
        };
      }),
    };
  }

  private feed(key: string): DonFeed {
    const feed = this.feedsById.get(key.toLowerCase()) ?? this.feedsByName.get(key);
    if (!feed) throw new HttpError(400, `unknown feed ${key}`);
    return feed;
  }

  /** node:http request handler. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.route(req)
      .then((body) => send(res, 200, body))
      .catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        send(res, status, { error: error instanceof Error ? error.message : String(error) });
      });
  };

  private async route(req: IncomingMessage): Promise<unknown> {
    const url = new URL(req.url ?? "/", "http://don.local");
    const route = `${req.method} ${url.pathname.replace(/\/+$/, "") || "/"}`;
    const q = url.searchParams;
    switch (route) {
      case "GET /api/v1/reports/latest":
        return { report: await this.report(required(q, "feedID")) };
      case "GET /api/v1/reports":
        return { report: await this.report(required(q, "feedID"), timestampParam(q)) };
      case "GET /api/v1/reports/bulk": {
        const ids = required(q, "feedIDs").split(",").filter(Boolean);
        const timestamp = timestampParam(q);
        return { reports: await Promise.all(ids.map((id) => this.report(id, timestamp))) };
      }
      case "GET /api/v1/feeds":
        return { feeds: this.options.feeds.map((f) => ({ feedID: f.id, name: f.name, schema: f.schema, decimals: 18 })) };
      case "GET /healthz":
        return this.health();
      case "POST /local/observations": {
        const body = (await readJson(req)) as { time?: number; values?: Record<string, ObservationInput> };
        if (!body || typeof body.values !== "object" || body.values === null) throw new HttpError(400, "expected { time?, values: {...} }");
        await this.options.clock.sync?.().catch(() => undefined);
        return { ok: true, ...this.observe(body.values, body.time ?? this.options.clock.now()) };
      }
      case "POST /local/stop":
        this.stopped = true;
        return { ok: true, stopped: true };
      case "POST /local/start":
        this.stopped = false;
        return { ok: true, stopped: false };
      case "POST /local/sync":
        await this.options.clock.sync?.();
        return { ok: true, now: this.options.clock.now() };
      case "POST /local/reset":
        await this.reset();
        return { ok: true, now: this.options.clock.now() };
      default:
        throw new HttpError(404, `no route ${route}`);
    }
  }

  /** Listen on host:port (port 0 = any free port); resolves with the base URL and a close function. */
  listen(port = 0, host = "127.0.0.1"): Promise<{ url: string; server: Server; close(): Promise<void> }> {
    const server = createServer(this.handle);
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        const address = server.address() as AddressInfo;
        resolve({
          url: `http://${host}:${address.port}`,
          server,
          close: () =>
            new Promise<void>((done) => {
              server.closeAllConnections();
              server.close(() => done());
            }),
        });
      });
    });
  }
}


function required(q: URLSearchParams, name: string): string {
  const value = q.get(name);
  if (!value) throw new HttpError(400, `missing ${name}`);
  return value;
}

function timestampParam(q: URLSearchParams): number {
  const raw = required(q, "timestamp");
  if (!/^\d+$/.test(raw) || Number(raw) > 0xffffffff) throw new HttpError(400, `bad timestamp ${raw}`);
  return Number(raw);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1_000_000) reject(new HttpError(413, "body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8") || "null"));
      } catch {
        reject(new HttpError(400, "body is not JSON"));
      }
    });
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "access-control-allow-origin": "*", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}
