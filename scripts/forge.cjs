#!/usr/bin/env node
// Runs Foundry's forge and exits with ITS exit code. The npm wrapper (@foundry-rs/forge/bin.mjs 1.7.1) always
// exits 0, so `npm test` could not fail on a failing forge test, snapshot or size check.
const { spawnSync } = require('node:child_process')
const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch] ?? process.arch
const binary = require.resolve(`@foundry-rs/forge-${process.platform}-${arch}/bin/forge`)
const result = spawnSync(binary, process.argv.slice(2), { stdio: 'inherit' })
if (result.error) throw result.error
process.exit(result.status ?? 1)
