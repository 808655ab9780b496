/**
 * `npm run deploy -- --rpc <url> [--config deploy/base-sepolia.json]`
 * Deploys Livestock with the network's JSON config and writes lib/deployments/<chainId>.json.
 * For Base: PRIVATE_KEY=0x… npm run deploy -- --rpc https://mainnet.base.org --config deploy/base.json
 */
import { deploy } from "./lib/deploy";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const rpcUrl = arg("rpc") ?? process.env.RPC_URL ?? "http://127.0.0.1:8545";
  const { deployment, file } = await deploy({ rpcUrl, config: arg("config"), privateKey: process.env.PRIVATE_KEY });
  console.log(`deployed (${deployment.mode}) on chain ${deployment.chainId} → ${file}`);
  for (const [name, address] of Object.entries(deployment.contracts)) console.log(`  ${name.padEnd(18)} ${address}`);
  for (const [symbol, s] of Object.entries(deployment.stocks)) console.log(`  ${symbol.padEnd(18)} ${s.token} (pair ${s.pair})`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
