#!/usr/bin/env node
// forge calls this file in place of a native solc (see ../shared/TOOLCHAIN.md):
// this offline machine cannot download compilers, but the npm `solc` package (solc-js) compiles fine.
// It answers `--version` and `--standard-json` the way forge expects.
"use strict";
const fs = require("fs");
const path = require("path");
const solc = require("solc");

const args = process.argv.slice(2);

if (args.includes("--version")) {
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
  process.exit(0);
}

if (!args.includes("--standard-json")) {
  process.stderr.write("solc-js wrapper: only --version and --standard-json are supported\n");
  process.exit(1);
}

// Import roots in the order solc itself would try them.
const roots = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--base-path" || args[i] === "--include-path") roots.push(args[++i]);
  else if (args[i].startsWith("--base-path=") || args[i].startsWith("--include-path=")) roots.push(args[i].split("=")[1]);
}
roots.push(process.cwd());

function findImports(importPath) {
  const candidates = path.isAbsolute(importPath) ? [importPath] : roots.map((root) => path.resolve(root, importPath));
  for (const file of candidates) {
    if (fs.existsSync(file)) return { contents: fs.readFileSync(file, "utf8") };
  }
  return { error: `File not found: ${importPath}` };
}

const input = fs.readFileSync(0, "utf8");
process.stdout.write(solc.compile(input, { import: findImports }));
