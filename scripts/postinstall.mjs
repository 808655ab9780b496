// After `npm install`: compile the contracts and generate lib/generated.ts (typed ABIs + hooks) from them,
// so the app and the tests build on a fresh clone. Both are build output and stay out of git.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

if (!existsSync(bin("forge")) || !existsSync(bin("wagmi"))) {
  console.log("[postinstall] dev dependencies missing (production install?): skipping contract build and codegen");
  process.exit(0);
}
const started = Date.now();
// Chainlink's Data Streams verifier (solc 0.8.19, a separate compiler): contracts/out-chainlink/*.json.
execFileSync(process.execPath, [path.join(root, "scripts", "build-chainlink.mjs")], { cwd: root, stdio: "inherit" });
// Through scripts/forge.cjs: the npm forge wrapper exits 0 even when the build fails.
execFileSync(process.execPath, [path.join(root, "scripts", "forge.cjs"), "build"], { cwd: path.join(root, "contracts"), stdio: "inherit" });
execFileSync(bin("wagmi"), ["generate"], { cwd: root, stdio: "inherit" });
console.log(`[postinstall] contracts built and lib/generated.ts written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
