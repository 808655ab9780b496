// Ponder config: one chain (the deployment's), the protocol's contracts from the deployment file, ABIs from the
// wagmi codegen (lib/generated.ts). Environment:
//   DEPLOYMENT_FILE          deployment JSON (default lib/deployments/31337.json, relative to the working directory)
//   PONDER_RPC_URL_<chainId> RPC of that chain (else PONDER_RPC_URL, else http://127.0.0.1:8545)
//   PONDER_POLLING_MS        how often to poll for new blocks (default 250 ms on anvil, 1,000 ms elsewhere)
//   DATABASE_URL             Postgres (with DATABASE_SCHEMA or --schema naming this instance's schema)
//   PONDER_PGLITE_DIR        without DATABASE_URL: the PGlite directory (default indexer/.ponder/pglite), so a test
//                            or e2e indexer never shares a database with `npm run dev`'s
import { fileURLToPath } from "node:url";
import { createConfig } from "ponder";
import { zeroAddress } from "viem";
import {
  iLivestockAbi,
  insuranceVaultAbi,
  mainVaultAbi,
  orderRouterAbi,
  pegOracleAbi,
  reportStoreAbi,
} from "../lib/generated";
import { deployment } from "./lib/deployment";

/** Chain ids of local dev chains (anvil, hardhat): restarted fresh, so nothing from an earlier run may be cached. */
const LOCAL_CHAIN_IDS = new Set([31337, 1337]);
const local = LOCAL_CHAIN_IDS.has(deployment.chainId);

const rpc =
  process.env[`PONDER_RPC_URL_${deployment.chainId}`] ?? process.env.PONDER_RPC_URL ?? "http://127.0.0.1:8545";
const startBlock = deployment.startBlock;
const stocks = Object.values(deployment.stocks);

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: process.env.PONDER_PGLITE_DIR ?? fileURLToPath(new URL(".ponder/pglite", import.meta.url)) },
  chains: {
    chain: {
      id: deployment.chainId,
      rpc,
      // Orders settle 2 s after commitment: a history a second behind the chain would show them pending.
      pollingInterval: Number(process.env.PONDER_POLLING_MS ?? (local ? 250 : 1_000)),
      // A restarted anvil reuses block numbers with new hashes: a cached RPC answer would be another chain's.
      disableCache: local,
    },
  },
  contracts: {
    // ILivestock: every event and function of the engine's modules, all behind its one address.
    LivestockEngine: { chain: "chain", abi: iLivestockAbi, address: deployment.contracts.LivestockEngine!, startBlock },
    // Push-feed deployments have no router or report store: the zero address emits nothing.
    OrderRouter: { chain: "chain", abi: orderRouterAbi, address: deployment.contracts.OrderRouter ?? zeroAddress, startBlock },
    ReportStore: { chain: "chain", abi: reportStoreAbi, address: deployment.contracts.ReportStore ?? zeroAddress, startBlock },
    PegOracle: { chain: "chain", abi: pegOracleAbi, address: deployment.contracts.PegOracle!, startBlock },
    MainVault: { chain: "chain", abi: mainVaultAbi, address: stocks.map((s) => s.mainVault), startBlock },
    InsuranceVault: { chain: "chain", abi: insuranceVaultAbi, address: stocks.map((s) => s.insuranceVault), startBlock },
  },
});
