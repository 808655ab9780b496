/**
 * Command-line options of the simulator. Hand-written parser: four flags do not justify a
 * dependency, and the simulator's package.json is shared with the rest of the project.
 */
import { DEFAULT_SPEED } from './clock';

export const SCENARIOS = ['normal', 'pin'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface SimConfig {
  /** Simulated seconds per real second (60: one simulated hour per real minute). */
  speed: number;
  /** Seed of every random stream; the same seed replays the same market. */
  seed: number;
  scenario: Scenario;
  rpcUrl: string;
  /**
   * Simulated unix time at start. Fixed by default so that a seed alone reproduces a run (market
   * hours depend on the start); a Monday 9:00 ET, so the first open and its gap come 30 simulated
   * minutes (30 real seconds at the default speed) after launch.
   */
  startTime: number;
  /** The Data Streams endpoint (local DON) a streams deployment's prices go to and its reports come from. */
  streamsUrl: string;
  help: boolean;
}

/** Monday 5 January 2026, 09:00 America/New_York (EST, UTC−5). */
export const DEFAULT_START_TIME = Date.UTC(2026, 0, 5, 14, 0, 0) / 1000;

export const DEFAULT_CONFIG: SimConfig = {
  speed: DEFAULT_SPEED,
  seed: 1,
  scenario: 'normal',
  rpcUrl: 'http://127.0.0.1:8545',
  startTime: DEFAULT_START_TIME,
  streamsUrl: 'http://127.0.0.1:8788',
  help: false,
};

/** Upper bound on speed: beyond ~a simulated day per real second, blocks cannot keep up. */
const MAX_SPEED = 100_000;

export const USAGE = `Usage: tsx scripts/sim/<entry>.ts [options]
  --speed N                 simulated seconds per real second (default ${DEFAULT_SPEED}: 1 h per minute)
  --seed N                  integer 0..4294967295 (default ${DEFAULT_CONFIG.seed})
  --scenario normal|pin     pin: one small buy sends a thin pool up 100× (default normal)
  --rpc URL                 JSON-RPC endpoint (default ${DEFAULT_CONFIG.rpcUrl})
  --start ISO|unixSeconds   simulated start time (default 2026-01-05T09:00 America/New_York)
  --streams URL             local DON of a streams deployment (default ${DEFAULT_CONFIG.streamsUrl})
  --help                    print this text`;

export class SimConfigError extends Error {
  constructor(message: string) {
    super(`${message}\n\n${USAGE}`);
    this.name = 'SimConfigError';
  }
}

type ValueFlag = 'speed' | 'seed' | 'scenario' | 'rpc' | 'start' | 'streams';
const VALUE_FLAGS: readonly ValueFlag[] = ['speed', 'seed', 'scenario', 'rpc', 'start', 'streams'];

/** Parse `--flag value` and `--flag=value` (argv without the node and script paths). */
export function parseSimArgs(argv: readonly string[]): SimConfig {
  const config: SimConfig = { ...DEFAULT_CONFIG };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') {
      config.help = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new SimConfigError(`unexpected argument "${arg}"`);
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const flag = VALUE_FLAGS.find((known) => known === name);
    if (flag === undefined) throw new SimConfigError(`unknown option "--${name}"`);
    let value: string | undefined;
    if (equals !== -1) {
      value = arg.slice(equals + 1);
    } else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '' || value.startsWith('--')) {
      throw new SimConfigError(`option --${flag} needs a value`);
    }
    applyFlag(config, flag, value);
  }
  return config;
}

function applyFlag(config: SimConfig, flag: ValueFlag, value: string): void {
  switch (flag) {
    case 'speed':
      config.speed = parseSpeed(value);
      return;
    case 'seed':
      config.seed = parseSeed(value);
      return;
    case 'scenario':
      config.scenario = parseScenario(value);
      return;
    case 'rpc':
      config.rpcUrl = parseRpcUrl(value);
      return;
    case 'start':
      config.startTime = parseStartTime(value);
      return;
    case 'streams':
      config.streamsUrl = parseRpcUrl(value);
      return;
  }
}

function parseSpeed(value: string): number {
  const speed = Number(value);
  if (!Number.isFinite(speed) || speed <= 0 || speed > MAX_SPEED) {
    throw new SimConfigError(`--speed must be a number in (0, ${MAX_SPEED}], got "${value}"`);
  }
  return speed;
}

function parseSeed(value: string): number {
  // Digits only: Number('0x10') or Number('1e3') would be accepted by Number() but surprise a user.
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) {
    throw new SimConfigError(`--seed must be an integer 0..4294967295, got "${value}"`);
  }
  return Number(value);
}

function parseScenario(value: string): Scenario {
  const scenario = SCENARIOS.find((known) => known === value);
  if (scenario === undefined) throw new SimConfigError(`--scenario must be one of ${SCENARIOS.join('|')}, got "${value}"`);
  return scenario;
}

function parseRpcUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SimConfigError(`--rpc must be a URL, got "${value}"`);
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new SimConfigError(`--rpc must be http(s) or ws(s), got "${value}"`);
  }
  return value;
}

function parseStartTime(value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new SimConfigError(`--start must be an ISO date or unix seconds, got "${value}"`);
  return Math.floor(ms / 1000);
}
