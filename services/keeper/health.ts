/**
 * The keeper's HTTP face:
 *   GET  /healthz       → { ok, lastBlock, pendingOrders, settled, cancelled, failures, … } (503 when not ok)
 *   GET  /metrics       → the same counters in Prometheus text format
 *   POST /local/resync  → forget the derived state and read the chain again, all duties on (tests, after a
 *                         snapshot revert)
 *   POST /local/duties { settle?, prices?, liquidate?: boolean } → switch duties (tests)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { KeeperDuties, KeeperHealth } from './keeper';

export interface HealthSource {
  health(): KeeperHealth;
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

export function prometheus(h: KeeperHealth): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'counter' | 'gauge', value: number | undefined, help: string) => {
    if (value === undefined) return;
    lines.push(`# HELP livestock_keeper_${name} ${help}`, `# TYPE livestock_keeper_${name} ${type}`, `livestock_keeper_${name} ${value}`);
  };
  metric('up', 'gauge', h.ok ? 1 : 0, 'Whether the last round succeeded recently');
  metric('last_block', 'gauge', h.lastBlock, 'Latest block seen');
  metric('pending_orders', 'gauge', h.pendingOrders, 'Committed orders not yet settled, cancelled or expired');
  metric('orders_settled_total', 'counter', h.settled, 'Orders this keeper settled');
  metric('orders_cancelled_total', 'counter', h.cancelled, 'Orders cancelled by this keeper\'s settlements (engine refused)');
  metric('orders_expired_total', 'counter', h.expired, 'Orders seen to expire unsettled');
  metric('settle_transactions_total', 'counter', h.settleTxs, 'Settle transactions mined');
  metric('price_updates_total', 'counter', h.priceUpdates, 'updatePrices transactions mined');
  metric('liquidations_total', 'counter', h.liquidations, 'Liquidations');
  metric('failures_total', 'counter', h.failures, 'Failed actions and rounds');
  metric('last_settle_delay_seconds', 'gauge', h.lastSettleDelay, 'Chain seconds from commit to settlement of the last settled order');
  return `${lines.join('\n')}\n`;
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
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      return res.end(prometheus(source.health()));
    }
    if (route === 'POST /local/resync') {
      source.resync();
      return json(200, { ok: true });
    }
    if (route === 'POST /local/duties') {
      void readBody(req).then((body) => {
        if (!body || typeof body !== 'object') return json(400, { error: 'expected { settle?, prices?, liquidate? }' });
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
