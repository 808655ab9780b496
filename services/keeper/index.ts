/**
 * The keeper service (SPEC §9.6; issue 13: orders on signed Data Streams reports).
 *
 *   npm run keeper -- --rpc http://127.0.0.1:8545 --streams http://127.0.0.1:8788
 *                     [--config contracts/deploy/<network>.json] [--deployment lib/deployments/<chainId>.json]
 *                     [--port 8789] [--host 127.0.0.1] [--interval 250]
 *
 * `--config` is the network's deploy config; its optional "keeper" block sets the duties' pacing (see
 * KeeperConfig below; defaults otherwise). The deployment file defaults to the one the deploy wrote for the chain.
 * Key: KEEPER_PRIVATE_KEY (default anvil account 0, local chains only). Chainlink's API: STREAMS_API_KEY and
 * STREAMS_USER_SECRET (HMAC headers); the local DON needs neither. Health: GET /healthz, GET /metrics.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPublicClient, http, type Hex } from 'viem';
import { ANVIL_KEYS } from '../../scripts/lib/anvil';
import { readDeployment } from '../../scripts/lib/deploy';
import { isStreamsDeployment } from './context';
import { keeperOptionsFromConfig } from './config';
import { waitForOwnPending } from './startup';
import { createStreamsKeeper } from './create';
import { serveHealth } from './health';
import { sleep } from './retry';

const ROOT = path.resolve(__dirname, '../..');
/** "[keeper] 18:02:03.456 settled order #7 …": one line per action, wall time after the tag. */
const log = (line: string) => {
  const time = new Date().toISOString().slice(11, 23);
  console.log(line.startsWith('[keeper] ') ? `[keeper] ${time} ${line.slice(9)}` : `[keeper] ${time} ${line}`);
};

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      rpc: { type: 'string', default: 'http://127.0.0.1:8545' },
      streams: { type: 'string', default: 'http://127.0.0.1:8788' },
      deployment: { type: 'string' },
      config: { type: 'string' },
      port: { type: 'string', default: '8789' },
      host: { type: 'string', default: '127.0.0.1' },
      interval: { type: 'string', default: '250' },
    },
    strict: true,
  });
  const rpcUrl = args.rpc!;
  const transport = http(rpcUrl, { retryCount: 0, timeout: 5_000 });
  let chainId: number | undefined;
  for (let attempt = 0; chainId === undefined; attempt++) {
    chainId = await createPublicClient({ transport }).getChainId().catch(() => undefined);
    if (chainId === undefined) {
      if (attempt % 20 === 0) log(`[keeper] waiting for the chain at ${rpcUrl}`);
      await sleep(500);
    }
  }
  const file = path.resolve(ROOT, args.deployment ?? path.join('lib', 'deployments', `${chainId}.json`));
  if (!existsSync(file)) throw new Error(`no deployment file ${file}: deploy first`);
  const deployment = readDeployment(file);
  if (!isStreamsDeployment(deployment)) {
    log(`[keeper] ${path.relative(ROOT, file)} has no OrderRouter (push feeds): nothing to keep here; the simulator's keeper does it`);
    process.exit(2);
  }
  const keeper = await createStreamsKeeper({
    ...keeperOptionsFromConfig(args.config ? path.resolve(ROOT, args.config) : undefined),
    rpcUrl,
    deployment,
    streamsUrl: args.streams!,
    privateKey: (process.env.KEEPER_PRIVATE_KEY ?? ANVIL_KEYS[0]) as Hex,
    apiKey: process.env.STREAMS_API_KEY,
    userSecret: process.env.STREAMS_USER_SECRET,
    log,
  });
  const { targets, account } = keeper.ctx;
  const health = await serveHealth(keeper, Number(args.port), args.host);
  log(
    `[keeper] ${account.address} on chain ${chainId} (${rpcUrl}, ${path.relative(ROOT, file)}), router ${targets.router}, reports from ${args.streams}; ` +
      `minDelay ${targets.timing.minDelay} s, window ${targets.timing.settleWindow} s; health ${health.url}/healthz`,
  );
  // A restart after a crash: let my own transactions still in the mempool land before deciding anything.
  const { waitedMs, inFlight } = await waitForOwnPending(keeper.ctx.client, account.address, { log });
  if (inFlight > 0) log(`[keeper] ${inFlight} transactions of a previous run were still pending; mined after ${waitedMs} ms`);
  let running = true;
  const shutdown = () => {
    running = false;
    void health.close().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const interval = Number(args.interval);
  while (running) {
    const started = Date.now();
    await keeper.tick();
    await sleep(Math.max(0, interval - (Date.now() - started)));
  }
}

main().catch((error: unknown) => {
  console.error(`[keeper] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
