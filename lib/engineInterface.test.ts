/**
 * The options engine is four deployed contracts on one storage, behind one address (issues 12 and 15): LivestockEngine
 * (trading, margin) answers its own selectors and delegatecalls every other selector to EngineExtension
 * (liquidation, withdrawal, funding upkeep, sweep), which delegates what it lacks to EngineViews (the views), which
 * delegates the rest to EngineGovernance (listing, parameters, pause). These tests hold the split together from the
 * compiler's own output:
 *   a. every module has the engine's storage layout, slot for slot, or a delegatecall would read and write the wrong
 *      slots;
 *   b. the modules share no selector except the code all of them inherit from EngineBase and Ownable2Step (a
 *      selector answered earlier in the chain would silently shadow a later module's own function);
 *   c. ILivestock, the one type consumers cast the engine to, declares exactly the union of the modules' selectors;
 *   d. and the same return types, mutability, events and errors, so a client built on ILivestock's ABI decodes
 *      everything the engine returns and emits.
 *
 * The compiler output: one `forge build` of the five sources with `--extra-output storageLayout`, `--no-cache` and
 * `--out` in a temporary directory. The artifacts hold the very `methodIdentifiers` and `storageLayout` objects that
 * `forge inspect <C> methodIdentifiers|storageLayout` prints, but:
 *   - one solc-js compile instead of a `forge inspect` run per contract and output (each recompiles);
 *   - nothing under contracts/ changes: `forge inspect` rewrites contracts/cache/solidity-files-cache.json with
 *     only the files it compiled, so the next `forge build` or `forge test` recompiles the whole project (~2 min);
 *   - it does not depend on `forge build` having run before (npm test runs it first, a lone `vitest` may not).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const CONTRACTS = path.join(ROOT, "contracts");
const OPENZEPPELIN_ACCESS = path.join(ROOT, "node_modules", "@openzeppelin", "contracts", "access");

type Contract = readonly [source: string, name: string];

/** [source under contracts/, contract name], in the order a call travels: each module delegates what it lacks to the next. */
const MODULES: readonly Contract[] = [
  ["src/core/LivestockEngine.sol", "LivestockEngine"],
  ["src/core/EngineExtension.sol", "EngineExtension"],
  ["src/core/EngineViews.sol", "EngineViews"],
  ["src/core/EngineGovernance.sol", "EngineGovernance"],
];
const ENGINE = MODULES[0];
const INTERFACE: Contract = ["src/interfaces/ILivestock.sol", "ILivestock"];

/** Sources whose public functions every module inherits: the only code an overlapping selector may come from. */
const INHERITED_SOURCES = [
  path.join(CONTRACTS, "src", "core", "EngineBase.sol"),
  path.join(OPENZEPPELIN_ACCESS, "Ownable.sol"),
  path.join(OPENZEPPELIN_ACCESS, "Ownable2Step.sol"),
];
const MODULE_SOURCES = MODULES.map(([source]) => path.join(CONTRACTS, source));

// ---------------------------------------------------------------------------------------------------- compiler output

/** signature → 4-byte selector (hex, no 0x), as `forge inspect <C> methodIdentifiers` prints it. */
type MethodIds = Record<string, string>;

interface StorageEntry {
  label: string;
  offset: number;
  slot: string;
  type: string;
}

interface StorageType {
  label: string;
  numberOfBytes: string;
  encoding: string;
  members?: StorageEntry[];
  key?: string;
  value?: string;
  base?: string;
}

interface StorageLayout {
  storage: StorageEntry[];
  types: Record<string, StorageType> | null;
}

interface AbiParam {
  name: string;
  type: string;
  indexed?: boolean;
  components?: AbiParam[];
}

interface AbiItem {
  type: string;
  name?: string;
  inputs?: AbiParam[];
  outputs?: AbiParam[];
  stateMutability?: string;
  anonymous?: boolean;
}

interface Artifact {
  abi: AbiItem[];
  methodIdentifiers: MethodIds;
  storageLayout: StorageLayout;
}

const forgeBin = path.join(ROOT, "node_modules", ".bin", "forge");

/** Runs forge in contracts/ (the local binary `npx forge` would run; npx when node_modules/.bin lacks it). */
function forge(args: string[]): string {
  const [cmd, argv] = existsSync(forgeBin) ? [forgeBin, args] : ["npx", ["--no-install", "forge", ...args]];
  const r = spawnSync(cmd, argv, { cwd: CONTRACTS, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const output = `${r.stderr ?? ""}\n${r.stdout ?? ""}`;
  if (r.error) throw new Error(`forge ${args.join(" ")} could not run: ${r.error.message}`);
  // With the solc-js wrapper forge exits 0 even when the compile fails: its message is the only sign.
  if (r.status !== 0 || /Compiler run failed/.test(output)) {
    throw new Error(`forge ${args.join(" ")} failed (exit ${r.status ?? r.signal}):\n${output}`);
  }
  return output;
}

let outDir = "";
const artifacts = new Map<string, Artifact>();

function artifact([source, name]: Contract): Artifact {
  const a = artifacts.get(name);
  if (!a) throw new Error(`no artifact for ${name}: the compile in beforeAll failed`);
  if (!a.storageLayout?.storage || !a.methodIdentifiers) {
    throw new Error(`${source}:${name} artifact lacks storageLayout or methodIdentifiers`);
  }
  return a;
}

// ---------------------------------------------------------------------------------------------------- source text

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
}

/** Names of the public and external functions and the public state variables (getters) a source declares. */
function publicNames(file: string): Set<string> {
  const source = stripComments(readFileSync(file, "utf8"));
  const names = new Set<string>();
  for (const m of source.matchAll(/\bfunction\s+(\w+)\s*\([^)]*\)[^{;]*?\b(?:external|public)\b/g)) names.add(m[1]);
  for (const m of source.matchAll(/\bpublic\b(?:\s+(?:immutable|constant|override))*\s+(\w+)\s*(?:=[^;]*)?;/g)) {
    names.add(m[1]);
  }
  return names;
}

/** Names of every function a source declares itself, whatever its visibility. */
function declaredFunctions(file: string): Set<string> {
  const source = stripComments(readFileSync(file, "utf8"));
  return new Set([...source.matchAll(/\bfunction\s+(\w+)\s*\(/g)].map((m) => m[1]));
}

const nameOf = (signature: string) => signature.slice(0, signature.indexOf("("));
const sorted = (xs: Iterable<string>) => [...xs].sort();

// ---------------------------------------------------------------------------------------------------- canonical forms

/** A type as the layout describes it, with the AST ids that `types` keys carry replaced by the type itself. */
function canonicalType(layout: StorageLayout, id: string): unknown {
  const t = layout.types?.[id];
  if (!t) return { unknown: id };
  return {
    label: t.label,
    numberOfBytes: t.numberOfBytes,
    encoding: t.encoding,
    ...(t.members ? { members: t.members.map((m) => canonicalEntry(layout, m)) } : {}),
    ...(t.key ? { key: canonicalType(layout, t.key) } : {}),
    ...(t.value ? { value: canonicalType(layout, t.value) } : {}),
    ...(t.base ? { base: canonicalType(layout, t.base) } : {}),
  };
}

/** Label, slot, offset and type of a variable or struct member; not its AST id or contract name. */
function canonicalEntry(layout: StorageLayout, e: StorageEntry) {
  return { label: e.label, slot: e.slot, offset: e.offset, type: canonicalType(layout, e.type) };
}

function describeEntry(layout: StorageLayout, e: StorageEntry | undefined): string {
  if (!e) return "(nothing)";
  return `${e.label} at slot ${e.slot} offset ${e.offset}: ${layout.types?.[e.type]?.label ?? e.type}`;
}

/** An ABI type with struct fields spelt out by name (what a client decodes into), parameter names left out. */
function abiType(p: AbiParam): string {
  const type = p.components
    ? p.type.replace(/^tuple/, `(${p.components.map((c) => `${abiType(c)} ${c.name}`).join(",")})`)
    : p.type;
  return p.indexed ? `${type} indexed` : type;
}

/** One line per function, event and error of an ABI: its name, parameter types, outputs and mutability. */
function abiLines(abi: AbiItem[]): Map<string, string> {
  const lines = new Map<string, string>();
  for (const item of abi) {
    if (item.type !== "function" && item.type !== "event" && item.type !== "error") continue;
    const head = `${item.type} ${item.name}(${(item.inputs ?? []).map(abiType).join(",")})`;
    const tail =
      item.type === "function"
        ? ` ${item.stateMutability} returns (${(item.outputs ?? []).map(abiType).join(",")})`
        : item.anonymous
          ? " anonymous"
          : "";
    lines.set(head, head + tail);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------- tests

describe("LivestockEngine → EngineExtension → EngineViews → EngineGovernance: one storage, disjoint code, one interface", { timeout: 60_000 }, () => {
  beforeAll(() => {
    outDir = mkdtempSync(path.join(tmpdir(), "engine-interface-"));
    const all = [...MODULES, INTERFACE];
    const output = forge(["build", ...all.map(([source]) => source), "--no-cache", "--out", outDir, "--extra-output", "storageLayout"]);
    for (const [source, name] of all) {
      const file = path.join(outDir, path.basename(source), `${name}.json`);
      if (!existsSync(file)) throw new Error(`forge build wrote no artifact for ${source}:${name}:\n${output}`);
      artifacts.set(name, JSON.parse(readFileSync(file, "utf8")) as Artifact);
    }
  }, 60_000);

  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it("a. every module has the engine's storage layout (label, slot, offset and type of every variable)", () => {
    const engine = artifact(ENGINE).storageLayout;
    expect(engine.storage.map((e) => e.label)).toContain("riskParams"); // the layout really was read
    const a = engine.storage.map((e) => canonicalEntry(engine, e));

    for (const contract of MODULES.slice(1)) {
      const other = artifact(contract).storageLayout;
      const b = other.storage.map((e) => canonicalEntry(other, e));
      const first = a.findIndex((e, i) => JSON.stringify(e) !== JSON.stringify(b[i]));
      const at = first < 0 ? a.length : first; // past the end of the engine's: the module has more variables
      const message =
        `first difference at variable #${at}: LivestockEngine has ${describeEntry(engine, engine.storage[at])}, ` +
        `${contract[1]} has ${describeEntry(other, other.storage[at])}`;
      expect(b, message).toEqual(a);
    }
  });

  it("b. the modules share only the selectors all of them inherit from EngineBase and Ownable2Step", () => {
    // Why an overlap is harmless only for inherited code: each module's dispatcher answers every selector it has, and
    // only the selectors it lacks reach its fallback and the next module. For a selector in two modules the later
    // one's implementation is dead code; if a module had its own function there (a shadowing function, or a 4-byte
    // collision) callers would silently get the earlier module's behaviour where the later one's was meant. When
    // every module runs the very same function inherited from EngineBase or Ownable2Step, on the same storage,
    // whichever answers returns the same thing. So every shared selector must come from those sources, carry the
    // same signature in every module, and not be redeclared (overridden) in any module's own source.
    const inherited = new Set(INHERITED_SOURCES.flatMap((file) => [...publicNames(file)]));
    for (const name of ["pendingMain", "tokenConfig", "oracleHub", "owner", "pendingOwner", "acceptOwnership"]) {
      expect(inherited, `the source scan of EngineBase/Ownable2Step misses ${name}`).toContain(name);
    }
    const ownInModules = new Set(MODULE_SOURCES.flatMap((file) => [...declaredFunctions(file)]));

    // selector → the modules (and signatures) that have it
    const holders = new Map<string, { contract: string; sig: string }[]>();
    for (const contract of MODULES) {
      for (const [sig, sel] of Object.entries(artifact(contract).methodIdentifiers)) {
        holders.set(sel, [...(holders.get(sel) ?? []), { contract: contract[1], sig }]);
      }
    }
    const overlap: string[] = [];
    const violations: string[] = [];
    for (const [sel, held] of holders) {
      if (held.length < 2) continue;
      const [first] = held;
      overlap.push(first.sig);
      const where = held.map((h) => `${h.sig} in ${h.contract}`).join(", ");
      if (held.some((h) => h.sig !== first.sig)) violations.push(`0x${sel} collides: ${where}`);
      else if (!inherited.has(nameOf(first.sig))) violations.push(`0x${sel}: ${where}, declared in neither EngineBase nor Ownable2Step`);
      else if (ownInModules.has(nameOf(first.sig))) violations.push(`0x${sel}: ${first.sig} is inherited but redeclared in a module's own source`);
    }
    expect(violations, violations.join("\n")).toEqual([]);

    // And the overlap is exactly the inherited functions, each one in every module.
    const inheritedSigs = (ids: MethodIds) => sorted(Object.keys(ids).filter((sig) => inherited.has(nameOf(sig))));
    for (const contract of MODULES) expect(sorted(overlap), contract[1]).toEqual(inheritedSigs(artifact(contract).methodIdentifiers));
  });

  it("c. ILivestock declares exactly the union of the modules' selectors", () => {
    const union: MethodIds = {};
    const moduleOf = new Map<string, string>();
    for (const contract of [...MODULES].reverse()) {
      for (const [sig, sel] of Object.entries(artifact(contract).methodIdentifiers)) {
        union[sig] = sel;
        moduleOf.set(sig, contract[1]); // the first module in the chain that answers it
      }
    }
    const iface = artifact(INTERFACE).methodIdentifiers;

    const missing = sorted(Object.keys(union).filter((sig) => !(sig in iface)));
    const extra = sorted(Object.keys(iface).filter((sig) => !(sig in union)));
    const message = [
      ...missing.map((sig) => `missing from ILivestock: ${sig} (0x${union[sig]}, ${moduleOf.get(sig)})`),
      ...extra.map((sig) => `in ILivestock but in no module: ${sig} (0x${iface[sig]})`),
    ].join("\n");
    expect({ missing, extra }, message).toEqual({ missing: [], extra: [] });
    for (const [sig, sel] of Object.entries(iface)) expect(sel, sig).toBe(union[sig]);
  });

  it("d. ILivestock's ABI has the modules' return types, mutability, events and errors", () => {
    const modules = new Map([...MODULES].reverse().flatMap((contract) => [...abiLines(artifact(contract).abi)]));
    const iface = abiLines(artifact(INTERFACE).abi);
    expect([...modules.keys()].filter((k) => k.startsWith("event ")).length).toBeGreaterThan(10);

    const differences: string[] = [];
    for (const [key, line] of modules) {
      const declared = iface.get(key);
      if (declared === undefined) differences.push(`missing from ILivestock: ${line}`);
      else if (declared !== line) differences.push(`ILivestock declares ${declared}\n      the engine has ${line}`);
    }
    for (const [key, line] of iface) if (!modules.has(key)) differences.push(`in ILivestock but not the engine: ${line}`);
    expect(differences, differences.join("\n")).toEqual([]);
  });
});
