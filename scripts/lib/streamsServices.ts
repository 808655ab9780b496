/**
 * The off-chain services of a streams deployment (signed Data Streams reports and two-step orders) on a local
 * chain: the local DON (services/don, signs prices) and the keeper (services/keeper, settles orders, keeps reports
 * fresh, liquidates). `npm run dev`, `npm run chain` and the e2e global setup start both, health-check both before
 * saying ready, and stop them on exit.
 *
 *   DON     npm run don    -- --rpc <url> --port 8788   GET /healthz → { ok, ready (digests known), now, stopped, feeds }
 *   keeper  npm run keeper -- --rpc <url> --streams http://127.0.0.1:8788 --port 8789
 *                                                       GET /healthz → { ok, lastBlock, pendingOrders, settled, … }
 */
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import path from "node:path";
import { bytesToHex, type Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { startManaged, type ManagedProcess } from "../sim/chain/managedProcess";
import { ROOT } from "./anvil";
import { readDeployment, rpc } from "./deploy";

export const DON_PORT = 8788;
export const KEEPER_PORT = 8789;

/**
 * The keeper service's account on local chains: anvil's mnemonic, index 10 (beyond the 10 funded accounts, so
 * `startStreamsServices` gives it ETH with anvil_setBalance). Apart from account 0, which the simulator's keeper and
 * the e2e operator use, so their nonces never clash.
 */
export const LOCAL_KEEPER_INDEX = 10;

export function localKeeperKey(): Hex {
  const key = mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: LOCAL_KEEPER_INDEX }).getHdKey().privateKey;
  if (!key) throw new Error("no private key for the local keeper account");
  return bytesToHex(key);
}

export function localKeeperAddress(): `0x${string}` {
  return mnemonicToAccount("test test test test test test test test test test test junk", { addressIndex: LOCAL_KEEPER_INDEX }).address;
}

/** True when the deployment file describes a streams deployment (it has an OrderRouter). */
export function isStreamsDeploymentFile(file: string): boolean {
  try {
    return Boolean(readDeployment(file).contracts.OrderRouter);
  } catch {
    return false;
  }
}

export interface ServiceHandle {
  tag: string;
  pid: number;
  url: string;
  stop(): Promise<void>;
  /** SIGKILL to its process group now (last resort on exit). */
  killNow(): void;
}

function killGroupNow(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // gone
  }
}

export interface StreamsServices {
  don: ServiceHandle;
  keeper: ServiceHandle;
  stop(): Promise<void>;
  killNow(): void;
}

export interface StartStreamsOptions {
  rpcUrl: string;
  deploymentFile: string;
  donPort?: number;
  keeperPort?: number;
  /** Prefixed output lines (dev, chain); default console.log. Ignored with `logDir`. */
  write?: (line: string) => void;
  /**
   * Detached, output to <logDir>/<tag>.log, nothing tying them to this process (e2e: the global setup returns and
   * the teardown stops them by pid).
   */
  logDir?: string;
  /** Keeper loop interval, ms (default 250). */
  keeperIntervalMs?: number;
}

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

function startService(tag: string, script: string, args: string[], url: string, options: StartStreamsOptions, env?: Record<string, string>): ServiceHandle {
  const command = TSX;
  const fullArgs = [path.join(ROOT, script), ...args];
  if (options.logDir) {
    const out = openSync(path.join(options.logDir, `${tag}.log`), "a");
    const child = spawn(command, fullArgs, { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ["ignore", out, out] });
    closeSync(out);
    child.unref();
    const pid = child.pid!;
    return { tag, pid, url, stop: () => stopGroup(pid), killNow: () => killGroupNow(pid) };
  }
  const managed: ManagedProcess = startManaged({ tag, command, args: fullArgs, cwd: ROOT, env: { ...process.env, ...env }, write: options.write });
  const pid = managed.child.pid!;
  return { tag, pid, url, stop: () => managed.stop(), killNow: () => killGroupNow(pid) };
}

/** SIGTERM to a detached service's process group, SIGKILL after 3 s. */
export async function stopGroup(pid: number, graceMs = 3_000): Promise<void> {
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pid, "SIGTERM");
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // gone
  }
}

/** Poll `url` until its JSON satisfies `ready` (or time runs out: throws with the last answer). */
export async function waitForHealth(url: string, ready: (body: Record<string, unknown>) => boolean, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  for (;;) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      const body = (await res.json()) as Record<string, unknown>;
      if (ready(body)) return body;
      last = JSON.stringify(body).slice(0, 300);
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Start the DON, wait until it knows every feed's config digest, then the keeper, and wait until it is healthy. */
export async function startStreamsServices(options: StartStreamsOptions): Promise<StreamsServices> {
  const donPort = options.donPort ?? DON_PORT;
  const keeperPort = options.keeperPort ?? KEEPER_PORT;
  const donUrl = `http://127.0.0.1:${donPort}`;
  const keeperUrl = `http://127.0.0.1:${keeperPort}`;
  const deployment = path.relative(ROOT, options.deploymentFile);
  const don = startService("don", "services/don/index.ts", ["--rpc", options.rpcUrl, "--port", String(donPort), "--deployment", deployment], donUrl, options);
  let keeper: ServiceHandle | undefined;
  try {
    await waitForHealth(`${donUrl}/healthz`, (h) => h.ready === true);
    await rpc(options.rpcUrl, "anvil_setBalance", [localKeeperAddress(), "0x3635C9ADC5DEA00000"]); // 1,000 ETH for gas
    keeper = startService(
      "keeper",
      "services/keeper/index.ts",
      ["--rpc", options.rpcUrl, "--streams", donUrl, "--port", String(keeperPort), "--deployment", deployment, "--interval", String(options.keeperIntervalMs ?? 250)],
      keeperUrl,
      options,
      { KEEPER_PRIVATE_KEY: localKeeperKey() },
    );
    await waitForHealth(`${keeperUrl}/healthz`, (h) => h.ok === true);
  } catch (error) {
    await Promise.all([don.stop(), keeper?.stop()]);
    throw error;
  }
  const started = keeper;
  return {
    don,
    keeper: started,
    async stop() {
      await started.stop();
      await don.stop();
    },
    killNow() {
      started.killNow();
      don.killNow();
    },
  };
}
