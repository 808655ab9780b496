/**
 * Child processes of `npm run dev`, each in its own process group with its output prefixed
 * ("[web] …"). A process group is what lets a stop reach grandchildren too (`next dev` runs its
 * server in a worker process): killing only the direct child would leave them running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface ManagedProcess {
  readonly tag: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (null if killed by a signal) once the process has exited. */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once the child has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  tag: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  write?: (line: string) => void;
}

/** "[tag] line", unless the line already carries the tag (the simulator prefixes its own lines). */
export function prefixLine(tag: string, line: string): string {
  const prefix = `[${tag}]`;
  return line.startsWith(prefix) ? line : `${prefix} ${line}`;
}

const ANSI_ESCAPE = /\u001b\[[0-9;?]*[A-Za-z]/g;

function pipeLines(stream: Readable | null, tag: string, write: (line: string) => void): void {
  if (!stream) return;
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (raw) => {
    // Terminal control codes (next dev hides and shows the cursor) mean nothing in a prefixed log.
    const line = raw.replace(ANSI_ESCAPE, '');
    if (line.trim() !== '') write(prefixLine(tag, line));
  });
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, 0); // signal 0: existence check only
    return true;
  } catch {
    return false;
  }
}

export function startManaged(options: StartOptions): ManagedProcess {
  const write = options.write ?? ((line: string) => console.log(line));
  const child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true, // own process group: see the file comment
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  pipeLines(child.stdout, options.tag, write);
  pipeLines(child.stderr, options.tag, write);
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      done = true;
      resolve(code);
    });
    child.once('error', (error) => {
      write(prefixLine(options.tag, `failed to start: ${error.message}`));
      done = true;
      resolve(null);
    });
  });
  return {
    tag: options.tag,
    child,
    exited,
    hasExited: () => done,
    async stop(graceMs = 5_000): Promise<void> {
      const deadline = Date.now() + graceMs;
      if (!done) signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
      // A wrapper (tsx, npm) can exit before the process it wraps has finished: give the rest of
      // the group the remaining grace time, then make sure nothing of it outlives the stop.
      while (groupAlive(child) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      signalGroup(child, 'SIGKILL');
    },
  };
}

/** Last resort on process exit (e.g. an uncaught error): kill the groups synchronously. */
export function killGroupsNow(processes: readonly ManagedProcess[]): void {
  for (const p of processes) signalGroup(p.child, 'SIGKILL');
}
