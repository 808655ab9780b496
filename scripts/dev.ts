/**
 * `npm run dev [-- --scenario pin --seed 7 --speed 120 --start 2026-01-05T09:00:00-05:00]`
 *
 * The whole local product in one command: anvil on 8545 → deploy and seed Livestock → (a streams
 * deployment: the local DON on 8788 and the keeper on 8789, each health-checked) → the indexer on 42069 (Ponder,
 * fresh database, ready once it has indexed the deployment) → the market simulator → the Next app on 3000.
 * Output is prefixed per process ([chain] [deploy] [don] [keeper] [indexer] [sim] [web]).
 * Ctrl-C (or SIGTERM) stops everything and waits until each process has exited, anvil included.
 * Simulator options pass through; see `npm run simulate -- --help`.
 */
import path from 'node:path';
import { ROOT, isPortFree, startAnvil, type AnvilHandle } from './lib/anvil';
import { deploy, rpc, type Deployment } from './lib/deploy';
import { INDEXER_PORT as DEFAULT_INDEXER_PORT, startIndexer } from './lib/indexerService';
import { DON_PORT as DEFAULT_DON_PORT, KEEPER_PORT as DEFAULT_KEEPER_PORT, startStreamsServices, type ServiceHandle, type StreamsServices } from './lib/streamsServices';
import { SimConfigError, USAGE, parseSimArgs, type SimConfig } from './sim/config';
import { killGroupsNow, startManaged, type ManagedProcess } from './sim/chain/managedProcess';
import { sleep } from './sim/chain/retry';

/** Ports: 8545, 3000, 8788, 8789, 42069 unless ANVIL_PORT, WEB_PORT, DON_PORT, KEEPER_PORT, INDEXER_PORT say otherwise (a second stack). */
const CHAIN_PORT = Number(process.env.ANVIL_PORT ?? 8545);
const WEB_PORT = Number(process.env.WEB_PORT ?? 3000);
const DON_PORT = Number(process.env.DON_PORT ?? DEFAULT_DON_PORT);
const KEEPER_PORT = Number(process.env.KEEPER_PORT ?? DEFAULT_KEEPER_PORT);
const INDEXER_PORT = Number(process.env.INDEXER_PORT ?? DEFAULT_INDEXER_PORT);
const INDEXER_URL = `http://127.0.0.1:${INDEXER_PORT}`;
const RPC_URL = `http://127.0.0.1:${CHAIN_PORT}`;
const APP_URL = `http://localhost:${WEB_PORT}`;
/** The chain starts this long before the simulated start, so deploy and TWAP warm-up fit before it. */
const GENESIS_LEAD_SECONDS = 3_600;
const SIM_RESTART_LIMIT = 5;

const say = (tag: string, line: string): void => console.log(`[${tag}] ${line}`);

let anvil: AnvilHandle | undefined;
let simulator: ManagedProcess | undefined;
let web: ManagedProcess | undefined;
let streams: StreamsServices | undefined;
let indexer: ServiceHandle | undefined;
let shuttingDown: Promise<void> | undefined;

function readConfig(argv: readonly string[]): SimConfig {
  try {
    return parseSimArgs(argv);
  } catch (error) {
    if (error instanceof SimConfigError) {
      console.error(`[dev] ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

async function requireFreePorts(): Promise<void> {
  const busy: string[] = [];
  if (!(await isPortFree(CHAIN_PORT))) busy.push(`${CHAIN_PORT} (the local chain: another anvil, npm run chain, or npm run dev?)`);
  if (!(await isPortFree(WEB_PORT))) busy.push(`${WEB_PORT} (the web app: another next dev or npm run dev?)`);
  if (!(await isPortFree(DON_PORT))) busy.push(`${DON_PORT} (the local DON: another npm run don, chain or dev?)`);
  if (!(await isPortFree(KEEPER_PORT))) busy.push(`${KEEPER_PORT} (the keeper: another npm run keeper, chain or dev?)`);
  if (!(await isPortFree(INDEXER_PORT))) busy.push(`${INDEXER_PORT} (the indexer: another npm run indexer, chain or dev?)`);
  if (busy.length === 0) return;
  for (const port of busy) console.error(`[dev] port ${port} is already in use.`);
  console.error('[dev] Stop whatever holds it and run npm run dev again.');
  process.exit(1);
}

async function startChain(config: SimConfig): Promise<AnvilHandle> {
  // Genesis just before --start: the simulator then moves chain time forward to it, never back.
  const genesis = config.startTime - GENESIS_LEAD_SECONDS;
  const handle = await startAnvil({ port: CHAIN_PORT, args: ['--timestamp', String(genesis)] });
  say('chain', `anvil at ${RPC_URL} (chain id 31337, genesis ${new Date(genesis * 1000).toISOString()})`);
  handle.process.once('exit', (code) => {
    // Ctrl-C in a terminal signals anvil and this process together: let our SIGINT handler win the race.
    setTimeout(() => {
      if (!shuttingDown) void shutDown(1, `anvil exited unexpectedly (code ${code})`);
    }, 500);
  });
  return handle;
}

async function deployProtocol(): Promise<{ deployment: Deployment; file: string }> {
  say('deploy', 'deploying and seeding Livestock (forge script)…');
  const started = Date.now();
  const { deployment, file } = await deploy({ rpcUrl: RPC_URL });
  const engine = deployment.contracts.LivestockEngine;
  const code = engine ? await rpc<string>(RPC_URL, 'eth_getCode', [engine, 'latest']) : '0x';
  if (code === '0x') {
    throw new Error(`the deploy wrote ${path.relative(ROOT, file)} but there is no engine code at ${engine} on the chain`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say('deploy', `done in ${seconds} s → ${path.relative(ROOT, file)} (engine ${engine})`);
  return { deployment, file };
}

/** A streams deployment: the local DON signs the simulator's prices, the keeper settles orders (both health-checked). */
async function startStreams(file: string): Promise<void> {
  say('dev', 'streams deployment: starting the local DON and the keeper…');
  streams = await startStreamsServices({ rpcUrl: RPC_URL, deploymentFile: file, donPort: DON_PORT, keeperPort: KEEPER_PORT });
  say('dev', `DON ${streams.don.url}/healthz and keeper ${streams.keeper.url}/healthz are up`);
}

/** The indexer on a fresh database (this anvil starts from genesis), ready once it has indexed the deployment. */
async function startHistory(file: string): Promise<void> {
  say('dev', 'starting the indexer (Ponder)…');
  indexer = await startIndexer({ rpcUrl: RPC_URL, deploymentFile: file, port: INDEXER_PORT });
  say('dev', `indexer ${INDEXER_URL} is ready (GET /ready; SQL ${INDEXER_URL}/sql, GraphQL ${INDEXER_URL}/graphql)`);
}

function startSimulator(args: readonly string[], restarts = 0): ManagedProcess {
  // Later flags win in parseSimArgs: the simulator always talks to this chain.
  const child = startManaged({
    tag: 'sim',
    command: path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    args: [path.join(ROOT, 'scripts', 'simulate.ts'), ...args, '--rpc', RPC_URL, '--streams', `http://127.0.0.1:${DON_PORT}`],
    cwd: ROOT,
  });
  void child.exited.then(async (code) => {
    if (shuttingDown) return;
    if (restarts >= SIM_RESTART_LIMIT) {
      say('dev', `simulator exited (code ${code}) ${restarts} times: giving up on it; chain and app keep running`);
      return;
    }
    // The simulator derives its state from the chain, so a restart resumes where it stopped.
    say('dev', `simulator exited (code ${code}); restarting it in 2 s`);
    await sleep(2_000);
    if (!shuttingDown) simulator = startSimulator(args, restarts + 1);
  });
  return child;
}

function startWeb(): ManagedProcess {
  const child = startManaged({
    tag: 'web',
    command: path.join(ROOT, 'node_modules', '.bin', 'next'),
    args: ['dev', '--port', String(WEB_PORT)],
    cwd: ROOT,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      ...(process.env.ANVIL_PORT ? { NEXT_PUBLIC_RPC_URL: RPC_URL } : {}),
      ...(process.env.INDEXER_PORT ? { NEXT_PUBLIC_INDEXER_URL: INDEXER_URL } : {}),
    },
  });
  void child.exited.then((code) => {
    if (!shuttingDown) void shutDown(1, `the web app exited unexpectedly (code ${code})`);
  });
  return child;
}

/** Poll the app until it answers (the first request also makes next dev compile the page). */
async function announceWhenReady(): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (!shuttingDown && Date.now() < deadline) {
    try {
      const response = await fetch(APP_URL, { signal: AbortSignal.timeout(60_000) });
      if (response.status < 500) {
        const services = `${streams ? `; DON ${streams.don.url}, keeper ${streams.keeper.url}` : ''}${indexer ? `; indexer ${indexer.url}` : ''}`;
        say('dev', `ready → ${APP_URL}  (local chain ${RPC_URL}${services}; simulated market; Ctrl-C stops everything)`);
        return;
      }
    } catch {
      // not listening yet
    }
    await sleep(1_000);
  }
  if (!shuttingDown) say('dev', `the app did not answer on ${APP_URL} within 3 minutes; see the [web] lines`);
}

async function waitForPortRelease(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isPortFree(port)) return true;
    await sleep(100);
  }
  return isPortFree(port);
}

function shutDown(exitCode: number, reason: string): Promise<void> {
  shuttingDown ??= (async () => {
    say('dev', `${reason}: stopping simulator, web app, indexer${streams ? ', keeper, DON' : ''} and chain…`);
    await Promise.all([simulator?.stop(), web?.stop(), indexer?.stop()]);
    await streams?.stop();
    if (anvil) {
      await anvil.stop();
      // The npm wrapper exits as soon as it has forwarded the signal; the port tells when anvil itself is gone.
      if (!(await waitForPortRelease(CHAIN_PORT, 5_000))) say('dev', `warning: port ${CHAIN_PORT} is still in use after stopping anvil`);
    }
    say('dev', 'stopped');
    process.exit(exitCode);
  })();
  return shuttingDown;
}

async function main(): Promise<void> {
  const simArgs = process.argv.slice(2);
  const config = readConfig(simArgs);
  if (config.help) {
    console.log(`Usage: npm run dev -- [simulator options]\n\n${USAGE}`);
    return;
  }
  process.on('SIGINT', () => void shutDown(0, 'SIGINT'));
  process.on('SIGTERM', () => void shutDown(0, 'SIGTERM'));
  // Last resort if something throws past shutDown: no child may outlive this process.
  process.on('exit', () => {
    killGroupsNow([simulator, web].filter((p): p is ManagedProcess => p !== undefined));
    streams?.killNow();
    indexer?.killNow();
    if (anvil && anvil.process.exitCode === null) anvil.process.kill('SIGTERM');
  });

  await requireFreePorts();
  anvil = await startChain(config);
  const { deployment, file } = await deployProtocol();
  if (deployment.contracts.OrderRouter) await startStreams(file);
  await startHistory(file);
  simulator = startSimulator(simArgs);
  web = startWeb();
  await announceWhenReady();
}

main().catch((error: unknown) => {
  console.error(`[dev] ${error instanceof Error ? error.message : String(error)}`);
  void shutDown(1, 'startup failed');
});
