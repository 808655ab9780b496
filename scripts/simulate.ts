/**
 * `npm run simulate -- [--speed N] [--seed N] [--scenario normal|pin] [--rpc URL] [--start ISO]`
 *
 * The market simulator against a running chain with Livestock deployed (`npm run chain`, or let
 * `npm run dev` start everything). Moves BTC/ETH and the stock references, trades on the DEX
 * pools, runs the keeper and a few background traders; one log line per step. Ctrl-C stops it
 * after the current step; starting it again resumes from the chain's state.
 */
import { SimConfigError, USAGE, parseSimArgs, type SimConfig } from './sim/config';
import { runInRealTime, stepSecondsForSpeed } from './sim/chain/realTimeLoop';
import { errorText } from './sim/chain/retry';
import { createSimulator } from './sim/chain/simulator';
import { formatSimTime } from './sim/chain/tickReport';

const log = (line: string): void => console.log(line);

function readConfig(): SimConfig {
  try {
    return parseSimArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof SimConfigError) {
      console.error(`[sim] ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  if (config.help) {
    console.log(USAGE);
    return;
  }
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130); // second Ctrl-C: do not wait for the step
    log(`[sim] ${signal}: stopping after the current step`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const stepSeconds = stepSecondsForSpeed(config.speed);
  const simulator = await createSimulator({ ...config, stepSeconds, log });
  const realMs = Math.round((stepSeconds / config.speed) * 1000);
  log(
    `[sim] ${config.rpcUrl} (chain ${simulator.connection.client.chain.id}), seed ${config.seed}, scenario ${config.scenario}, ` +
      `speed ${config.speed}×: a ${stepSeconds} s step every ${realMs} ms from ${formatSimTime(simulator.startTime)} ET`,
  );
  await runInRealTime(simulator, { speed: config.speed, log, signal: controller.signal });
  log('[sim] stopped');
  process.exit(0); // keep-alive sockets would otherwise hold the process for a few seconds
}

main().catch((error: unknown) => {
  console.error(`[sim] ${errorText(error)}`);
  process.exit(1);
});
