/**
 * `npm run chain`: anvil on 127.0.0.1:8545 with Livestock deployed and seeded; Ctrl-C stops it.
 * (`npm run dev` does this plus the simulator and the web app.) With a streams deployment (STREAMS=true, or
 * streams.enabled in contracts/deploy/local.json) it also runs the local DON on :8788 and the keeper on :8789
 * (ANVIL_PORT, DON_PORT, KEEPER_PORT move them), and always the indexer on :42069 (INDEXER_PORT), on a fresh
 * database: this anvil starts from genesis.
 */
import path from "node:path";
import { isPortFree, ROOT, startAnvil } from "./lib/anvil";
import { deploy } from "./lib/deploy";
import { INDEXER_PORT as DEFAULT_INDEXER_PORT, startIndexer } from "./lib/indexerService";
import { DON_PORT as DEFAULT_DON_PORT, KEEPER_PORT as DEFAULT_KEEPER_PORT, startStreamsServices, type ServiceHandle, type StreamsServices } from "./lib/streamsServices";

const PORT = Number(process.env.ANVIL_PORT ?? 8545);
const DON_PORT = Number(process.env.DON_PORT ?? DEFAULT_DON_PORT);
const KEEPER_PORT = Number(process.env.KEEPER_PORT ?? DEFAULT_KEEPER_PORT);
const INDEXER_PORT = Number(process.env.INDEXER_PORT ?? DEFAULT_INDEXER_PORT);

/** Module-level so the signal handlers can stop it whenever it has started. */
let indexer: ServiceHandle | undefined;

async function main() {
  if (!(await isPortFree(PORT))) {
    console.error(`[chain] port ${PORT} is already in use: stop the other process or set ANVIL_PORT.`);
    process.exit(1);
  }
  const anvil = await startAnvil({ port: PORT });
  let services: StreamsServices | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await indexer?.stop();
    await services?.stop();
    await anvil.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  console.log(`[chain] anvil at ${anvil.rpcUrl}`);
  const { deployment, file } = await deploy({ rpcUrl: anvil.rpcUrl });
  if (deployment.contracts.OrderRouter) {
    for (const port of [DON_PORT, KEEPER_PORT]) {
      if (!(await isPortFree(port))) throw new Error(`port ${port} is already in use (another DON or keeper?)`);
    }
    console.log(`[chain] streams deployment: starting the local DON and the keeper…`);
    services = await startStreamsServices({ rpcUrl: anvil.rpcUrl, deploymentFile: file, donPort: DON_PORT, keeperPort: KEEPER_PORT });
    console.log(`[chain] DON ${services.don.url} (GET /healthz), keeper ${services.keeper.url} (GET /healthz)`);
  }
  if (!(await isPortFree(INDEXER_PORT))) throw new Error(`port ${INDEXER_PORT} is already in use (another indexer?)`);
  console.log(`[chain] starting the indexer…`);
  indexer = await startIndexer({ rpcUrl: anvil.rpcUrl, deploymentFile: file, port: INDEXER_PORT });
  console.log(`[chain] indexer ${indexer.url} (GET /ready; SQL ${indexer.url}/sql, GraphQL ${indexer.url}/graphql)`);
  console.log(`[chain] deployed and seeded → ${path.relative(ROOT, file)}. Ctrl-C to stop.`);
}

main().catch((error) => {
  console.error(`[chain] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
