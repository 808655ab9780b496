import { existsSync, readFileSync, rmSync } from "node:fs";
import { ANVIL_PID_FILE, SNAPSHOT_FILE } from "./fixtures/chain";

/** Stops the anvil the e2e run started (by pid: the process that spawned it has exited by now). */
export default async function globalTeardown(): Promise<void> {
  if (existsSync(ANVIL_PID_FILE)) {
    const pid = Number(readFileSync(ANVIL_PID_FILE, "utf8"));
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
    rmSync(ANVIL_PID_FILE);
  }
  rmSync(SNAPSHOT_FILE, { force: true });
}
