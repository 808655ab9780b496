// Compile Chainlink's Data Streams verifier (Verifier + VerifierProxy from @chainlink/contracts 1.2.0) with
// solc-js 0.8.19 (npm alias `solc-0819`) into contracts/out-chainlink/<Name>.json, in the forge artifact shape
// `{ abi, bytecode: { object } }`, so Foundry's `vm.getCode("out-chainlink/Verifier.json")` / `deployCode` and
// viem can deploy the exact bytecode. forge's `solc` wrapper compiles one version (0.8.30), hence this step.
// Settings follow Chainlink's contracts/foundry.toml: optimizer on, 1,000,000 runs, bytecode_hash = "none";
// evm version is 0.8.19's default (paris). A no-op when the outputs are newer than every source.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const chainlinkRoot = path.join(root, "node_modules", "@chainlink", "contracts", "src", "v0.8");
const outDir = path.join(root, "contracts", "out-chainlink");
const CONTRACTS = ["Verifier", "VerifierProxy"];
const sourceName = (name) => `llo-feeds/${name}.sol`;
const outFile = (name) => path.join(outDir, `${name}.json`);

if (!existsSync(chainlinkRoot)) {
  console.log("[build-chainlink] @chainlink/contracts not installed (production install?): skipping");
  process.exit(0);
}

/** Newest modification time among the .sol files of the llo-feeds tree and its shared imports. */
function newestSourceMtime() {
  let newest = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "test") walk(full);
      } else if (entry.name.endsWith(".sol")) newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ["llo-feeds", "shared", "interfaces", "vendor/openzeppelin-solidity/v4.8.3/contracts/interfaces"]) {
    const full = path.join(chainlinkRoot, dir);
    if (existsSync(full)) walk(full);
  }
  return newest;
}

const upToDate = CONTRACTS.every((name) => existsSync(outFile(name)) && statSync(outFile(name)).mtimeMs > newestSourceMtime());
if (upToDate && !process.argv.includes("--force")) {
  console.log("[build-chainlink] contracts/out-chainlink is up to date");
  process.exit(0);
}

const solc = require("solc-0819");
const started = Date.now();

// Imports are relative inside the package (`../shared/...`), so sources are keyed by their path under src/v0.8;
// anything else resolves against node_modules (e.g. `@openzeppelin/...`).
function findImports(importPath) {
  for (const base of [chainlinkRoot, path.join(root, "node_modules")]) {
    const file = path.join(base, importPath);
    if (existsSync(file)) return { contents: readFileSync(file, "utf8") };
  }
  return { error: `File not found: ${importPath}` };
}

const input = {
  language: "Solidity",
  sources: Object.fromEntries(
    CONTRACTS.map((name) => [sourceName(name), { content: readFileSync(path.join(chainlinkRoot, sourceName(name)), "utf8") }]),
  ),
  settings: {
    optimizer: { enabled: true, runs: 1_000_000 },
    metadata: { bytecodeHash: "none" },
    outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
  },
};

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (output.errors ?? []).filter((e) => e.severity === "error");
if (errors.length > 0) {
  for (const e of errors) console.error(e.formattedMessage ?? e.message);
  process.exit(1);
}

mkdirSync(outDir, { recursive: true });
for (const name of CONTRACTS) {
  const contract = output.contracts[sourceName(name)][name];
  const artifact = {
    abi: contract.abi,
    bytecode: { object: `0x${contract.evm.bytecode.object}` },
    deployedBytecode: { object: `0x${contract.evm.deployedBytecode.object}` },
    compiler: { version: solc.version(), optimizerRuns: 1_000_000, source: `@chainlink/contracts/src/v0.8/${sourceName(name)}` },
  };
  writeFileSync(outFile(name), `${JSON.stringify(artifact, null, 2)}\n`);
  const runtime = contract.evm.deployedBytecode.object.length / 2;
  console.log(`[build-chainlink] ${name}: ${(runtime / 1000).toFixed(1)} kB runtime bytecode → ${path.relative(root, outFile(name))}`);
}
console.log(`[build-chainlink] compiled with solc ${solc.version()} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
