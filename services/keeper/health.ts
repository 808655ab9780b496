/**
 * The keeper's HTTP face:
 *   GET  /healthz       → { ok, lastBlock, lagBlocks, pendingOrders, accountsBelowMaintenance, actions, … } (503 when
 *                         not ok)
 *   GET  /metrics       → Prometheus text format (./metrics.ts, through prom-client)
 *   POST /local/resync  → forget the derived state and read the chain again, all duties on (tests, after a
 *                         snapshot revert)
 *   POST /local/duties { settle?, prices?, liquidate?, peg?, funding?, withdrawals?, sweep?: boolean } → switch duties
 *                         (tests)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { KeeperDuties, KeeperHealth } from './keeper';

export interface HealthSource {
  health(): KeeperHealth;
  metrics: { text(): Promise<string>; contentType: string };
  resync(): void;
  setDuties(duties: Partial<KeeperDuties>): KeeperDuties;
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
      } catch {
        resolve(null);
      }
    });
    req.on('error', () => resolve(null));
  });
}

export function serveHealth(source: HealthSource, port: number, host = '127.0.0.1'): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const route = `${req.method} ${(req.url ?? '/').split('?')[0]}`;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (route === 'GET /healthz') {
      const h = source.health();
      return json(h.ok ? 200 : 503, h);
    }
    if (route === 'GET /metrics') {
      source.health(); // refreshes the `up` gauge
      void source.metrics.text().then(
        (text) => {
          res.writeHead(200, { 'content-type': source.metrics.contentType });
          res.end(text);
        },
        (error: unknown) => json(500, { error: String(error) }),
      );
      return;
    }
    if (route === 'POST /local/resync') {
      source.resync();
      return json(200, { ok: true });
    }
    if (route === 'POST /local/duties') {
      void readBody(req).then((body) => {
        if (!body || typeof body !== 'object') return json(400, { error: 'expected { settle?, prices?, liquidate?, peg?, funding?, withdrawals?, sweep?: boolean }' });
        json(200, { ok: true, duties: source.setDuties(body as Partial<KeeperDuties>) });
      });
      return;
    }
    json(404, { error: `no route ${route}` });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
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
