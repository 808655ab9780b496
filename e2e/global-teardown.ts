import { existsSync, readFileSync, rmSync } from "node:fs";
import { stopGroup } from "../scripts/lib/streamsServices";
import { killNow, ponderBelow } from "./fixtures/processes";
import { ANVIL_PID_FILE, DON_PID_FILE, INDEXER_PID_FILE, KEEPER_PID_FILE, SNAPSHOT_FILE } from "./fixtures/chain";

/** Stops what the e2e run started (by pid: the process that spawned it has exited by now): indexer, keeper, DON, anvil. */
export default async function globalTeardown(): Promise<void> {
  for (const file of [INDEXER_PID_FILE, KEEPER_PID_FILE, DON_PID_FILE]) {
    if (!existsSync(file)) continue;
    // Each runs in its own process group; the indexer's supervisor needs a few seconds to stop Ponder, and any
    // Ponder it left (one it was starting when told to stop, in a group of its own) is killed after it.
    const pid = Number(readFileSync(file, "utf8"));
    const below = file === INDEXER_PID_FILE ? ponderBelow(pid) : [];
    try {
      process.kill(-pid, "SIGCONT"); // a journey may have frozen it (chain.indexerStop)
    } catch {
      // gone already
    }
    await stopGroup(pid, file === INDEXER_PID_FILE ? 8_000 : undefined);
    killNow(below);
    rmSync(file);
  }
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
