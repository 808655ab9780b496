/**
 * Start a local DON in this process for a deployed chain (tests, tools): feeds and verifier from the deployment
 * file, initial values from the network config, clock from the chain, config digests read before it answers.
 */
import path from "node:path";
import { LOCAL_F, LOCAL_SIGNER_KEYS } from "../../lib/streams/localSigners";
import { DigestWatcher } from "./chain";
import { ChainClock } from "./clock";
import { donFeeds, initialValues, readJsonFile, readStreamsDeployment, servedValues, type NetworkConfig } from "./config";
import { LocalDon } from "./server";

const ROOT = path.resolve(__dirname, "../..");

export interface LocalDonHandle {
  url: string;
  don: LocalDon;
  clock: ChainClock;
  close(): Promise<void>;
}

export async function startLocalDon(options: {
  rpcUrl: string;
  deploymentFile: string;
  config?: string;
  port?: number;
  pollMs?: number;
}): Promise<LocalDonHandle> {
  const config = readJsonFile<NetworkConfig>(options.config ?? path.join(ROOT, "contracts", "deploy", "local.json")) ?? {};
  const feeds = donFeeds(config, readStreamsDeployment(options.deploymentFile));
  const clock = new ChainClock(options.rpcUrl, options.pollMs ?? 200);
  await clock.start();
  const initial = servedValues(initialValues(config), feeds);
  const don = new LocalDon({ feeds, clock, signerKeys: LOCAL_SIGNER_KEYS.slice(0, LOCAL_F + 1), initialValues: initial });
  don.observe(initial, 0);
  const watcher = new DigestWatcher(don, options.rpcUrl, options.deploymentFile, () => undefined);
  if (!(await watcher.refresh())) throw new Error(`the verifier of ${options.deploymentFile} has no config digest for every feed`);
  watcher.start();
  const { url, close } = await don.listen(options.port ?? 0);
  return {
    url,
    don,
    clock,
    async close() {
      watcher.stop();
      clock.stop();
      await close();
    },
  };
}
