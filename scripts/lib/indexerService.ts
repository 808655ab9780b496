/**
 * The Ponder indexer (indexer/) as a child process against an RPC and a deployment file: `npm run dev`,
 * `npm run chain`, the e2e setup and the indexer tests start it here, wait for GET /ready (historical sync done,
 * the API serving), and stop it.
 *
 *   indexer  ponder start --root indexer --port 42069 --schema livestock
 *            GET /health (process up) · GET /ready (200 once indexed to the head, 503 before)
 *            /sql/* (@ponder/client) · /graphql
 *
 * Without DATABASE_URL the database is PGlite in a directory of its own; `fresh` wipes it first, which a local
 * chain needs on every start: anvil restarts from genesis, so rows of a previous chain would be history that
 * never happened.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { startManaged } from "../sim/chain/managedProcess";
import { ROOT } from "./anvil";
import { readDeployment } from "./deploy";
import { stopGroup, type ServiceHandle } from "./streamsServices";

export const INDEXER_PORT = 42069;
export const INDEXER_ROOT = path.join(ROOT, "indexer");
/** PGlite of `npm run dev` / `npm run chain` (other instances pass their own `pgliteDir`). */
export const DEFAULT_PGLITE_DIR = path.join(INDEXER_ROOT, ".ponder", "pglite");
const PONDER = path.join(ROOT, "node_modules", ".bin", "ponder");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

export interface StartIndexerOptions {
  rpcUrl: string;
  deploymentFile: string;
  port?: number;
  /** Database schema of this instance (Ponder requires one). Default "livestock". */
  schema?: string;
  /** Postgres; default PGlite in `pgliteDir`. */
  databaseUrl?: string;
  pgliteDir?: string;
  /** Wipe the PGlite directory before starting (a fresh local chain). Default true. */
  fresh?: boolean;
  /** Prefixed output lines (dev, chain); default console.log. Ignored with `logDir`. */
  write?: (line: string) => void;
  /**
   * Detached, output to <logDir>/indexer.log (e2e: the teardown stops it by pid). It then runs under
   * `scripts/indexer.ts --restart-on-exit`, which starts Ponder again on a fresh database if it exits: e2e tests
   * revert anvil to a snapshot, and a revert deeper than Ponder's finality (30 blocks) stops it with
   * "unrecoverable reorg".
   */
  logDir?: string;
  /** Milliseconds to wait for /ready. Default 120 s (the first start builds the project with vite). */
  readyTimeoutMs?: number;
}

export interface IndexerHandle extends ServiceHandle {
  /** Resolves when the process exits, with its code or signal. */
  exited: Promise<string>;
}

/** The environment Ponder and indexer/ponder.config.ts read. */
export function indexerEnv(options: StartIndexerOptions): Record<string, string> {
  const { chainId } = readDeployment(options.deploymentFile);
  const env: Record<string, string> = {
    PONDER_TELEMETRY_DISABLED: "true",
    DEPLOYMENT_FILE: path.resolve(options.deploymentFile),
    [`PONDER_RPC_URL_${chainId}`]: options.rpcUrl,
    PONDER_RPC_URL: options.rpcUrl,
    // One line per indexed block at "info" would drown the other services' output; PONDER_LOG_LEVEL overrides.
    PONDER_LOG_LEVEL: process.env.PONDER_LOG_LEVEL ?? "warn",
    DATABASE_SCHEMA: options.schema ?? "livestock",
  };
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else env.PONDER_PGLITE_DIR = options.pgliteDir ?? DEFAULT_PGLITE_DIR;
  return env;
}

/** Poll GET /ready until it answers 200 (Ponder: caught up with the chain head and serving). */
export async function waitForIndexerReady(url: string, timeoutMs: number, exited?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  for (;;) {
    const gone = exited?.();
    if (gone) throw new Error(`indexer exited before it was ready (${gone})`);
    try {
      const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`${url}/ready not 200 within ${timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startIndexer(options: StartIndexerOptions): Promise<IndexerHandle> {
  const port = options.port ?? INDEXER_PORT;
  const url = `http://127.0.0.1:${port}`;
  const pgliteDir = options.pgliteDir ?? DEFAULT_PGLITE_DIR;
  if (!options.databaseUrl && (options.fresh ?? true)) rmSync(pgliteDir, { recursive: true, force: true });
  const env = { ...process.env, ...indexerEnv({ ...options, pgliteDir }) };
  // `start`, not `dev`: no file watcher or terminal UI, the same mode a deployment runs. Run from indexer/ because
  // Ponder writes generated/schema.graphql under its working directory.
  const args = ["start", "--root", INDEXER_ROOT, "--port", String(port)];
  let handle: IndexerHandle;
  let exitedWith: string | undefined;
  if (options.logDir) {
    const out = openSync(path.join(options.logDir, "indexer.log"), "a");
    const supervisorArgs = [
      path.join(ROOT, "scripts", "indexer.ts"), "--restart-on-exit", "--rpc", options.rpcUrl, "--deployment", path.resolve(options.deploymentFile),
      "--port", String(port), "--schema", options.schema ?? "livestock", ...(options.pgliteDir ? ["--pglite", options.pgliteDir] : []),
    ];
    const child = spawn(TSX, supervisorArgs, { cwd: ROOT, env, detached: true, stdio: ["ignore", out, out] });
    closeSync(out);
    const exited = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(`code ${code ?? signal}`)));
    void exited.then((why) => (exitedWith = why));
    child.unref();
    const pid = child.pid!;
    handle = { tag: "indexer", pid, url, exited, stop: () => stopGroup(pid, 8_000), killNow: () => killGroupNow(pid) };
  } else {
    const managed = startManaged({ tag: "indexer", command: PONDER, args, cwd: INDEXER_ROOT, env, write: options.write });
    const exited = managed.exited.then((code) => `code ${code}`);
    void exited.then((why) => (exitedWith = why));
    const pid = managed.child.pid!;
    handle = { tag: "indexer", pid, url, exited, stop: () => managed.stop(), killNow: () => killGroupNow(pid) };
  }
  try {
    await waitForIndexerReady(url, options.readyTimeoutMs ?? 120_000, () => exitedWith);
  } catch (error) {
    await handle.stop();
    // A detached indexer's own output is in its log file, which CI does not keep: carry its end in the error.
    if (!options.logDir) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- last lines of ${path.join(options.logDir, "indexer.log")} ---\n${logTail(path.join(options.logDir, "indexer.log"), 40)}`);
  }
  return handle;
}

function logTail(file: string, lines: number): string {
  if (!existsSync(file)) return "(no log file)";
  return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
}

function killGroupNow(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // gone
  }
}
