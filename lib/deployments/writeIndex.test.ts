import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { describe, expect, it } from 'vitest'

import { deploymentIndexSource, writeDeploymentIndex } from './writeIndex'

describe('deploymentIndexSource', () => {
  it('exports an empty record when nothing is deployed', () => {
    expect(deploymentIndexSource([])).toMatch(/export const deploymentFiles: Readonly<Record<number, unknown>> = \{\}\n$/)
    expect(deploymentIndexSource([])).not.toMatch(/^import /m)
  })

  it('imports each chain file once, in chain id order', () => {
    const source = deploymentIndexSource([31337, 8453, 31337])
    expect(source.match(/^import .*$/gm)).toEqual([
      "import chain8453 from './8453.json'",
      "import chain31337 from './31337.json'",
    ])
    expect(source).toContain('  8453: chain8453,\n  31337: chain31337,\n}')
  })
})

describe('writeDeploymentIndex', () => {
  it('indexes only <chainId>.json files and leaves an unchanged index untouched', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'deployments-'))
    for (const name of ['31337.json', '84532.json', 'notes.json', '31337.json.bak']) writeFileSync(path.join(dir, name), '{}')

    expect(writeDeploymentIndex(dir).sort((x, y) => x - y)).toEqual([31337, 84532])
    const file = path.join(dir, 'index.ts')
    expect(readFileSync(file, 'utf8')).toBe(deploymentIndexSource([31337, 84532]))

    const firstWrite = statSync(file).mtimeMs
    writeDeploymentIndex(dir)
    expect(statSync(file).mtimeMs).toBe(firstWrite)
  })
})
