/**
 * The local DON: signs the simulator's prices as Chainlink Data Streams reports with the local signer set and
 * serves them in the shape of the Data Streams REST API (see ./server.ts). Local chain only.
 *
 *   npm run don -- --rpc http://127.0.0.1:8545 --port 8788 [--deployment lib/deployments/<chainId>.json]
 *                  [--config contracts/deploy/local.json] [--host 127.0.0.1] [--expiry 3600]
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { createPublicClient, http } from "viem";
import { LOCAL_F, LOCAL_SIGNER_KEYS } from "../../lib/streams/localSigners";
import { DigestWatcher } from "./chain";
import { ChainClock } from "./clock";
import { donFeeds, initialValues, readJsonFile, readStreamsDeployment, servedValues, type NetworkConfig } from "./config";
import { LocalDon } from "./server";

const ROOT = path.resolve(__dirname, "../..");

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      rpc: { type: "string", default: "http://127.0.0.1:8545" },
      port: { type: "string", default: "8788" },
      host: { type: "string", default: "127.0.0.1" },
      deployment: { type: "string" },
      config: { type: "string", default: "contracts/deploy/local.json" },
      expiry: { type: "string", default: "3600" },
      poll: { type: "string", default: "200" },
    },
    strict: true,
  });
  const config = readJsonFile<NetworkConfig>(path.resolve(ROOT, args.config!)) ?? {};
  const clock = new ChainClock(args.rpc!, Number(args.poll));
  for (let attempt = 0; ; attempt++) {
    try {
      await clock.start();
      break;
    } catch {
      if (attempt % 20 === 0) console.log(`[don] waiting for the chain at ${args.rpc}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  // The deploy writes lib/deployments/<chainId>.json.
  const chainId = await createPublicClient({ transport: http(args.rpc) }).getChainId();
  const deploymentFile = path.resolve(ROOT, args.deployment ?? path.join("lib", "deployments", `${chainId}.json`));
  const feeds = donFeeds(config, readStreamsDeployment(deploymentFile));
  const initial = servedValues(initialValues(config), feeds);

  const don = new LocalDon({
    feeds,
    clock,
    signerKeys: LOCAL_SIGNER_KEYS.slice(0, LOCAL_F + 1),
    expirySeconds: Number(args.expiry),
    initialValues: initial,
  });
  don.observe(initial, 0);
  const watcher = new DigestWatcher(don, args.rpc!, deploymentFile);
  watcher.start();
  const { url, close } = await don.listen(Number(args.port), args.host);
  console.log(`[don] serving ${feeds.length} feeds (${feeds.map((f) => f.name).join(", ")}) on ${url}`);

  const shutdown = () => {
    watcher.stop();
    clock.stop();
    void close().then(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
