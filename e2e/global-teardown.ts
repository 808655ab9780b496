import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

/** Stops the anvil started by global-setup (by pid: the setup process has exited by now). */
export default async function globalTeardown(): Promise<void> {
  const pidFile = path.join(__dirname, ".state", "anvil.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8"));
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    // already gone
  }
  rmSync(pidFile);
}
