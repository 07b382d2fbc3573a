import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { bundleForBrowser, bundleMainEntries, bundleReadmeExample, nodeTraces } from './browser-bundle.js'
import { repoRoot } from './workspace.js'

describe('nodeTraces', () => {
  it('finds builtin imports and Node-only globals, and nothing in plain browser code', () => {
    expect(nodeTraces(`import { readFileSync } from "node:fs"`)).toEqual(['a node: import'])
    expect(nodeTraces(`const w = await import('worker_threads')`)).toEqual(['a builtin import'])
    expect(nodeTraces(`process.stderr.write('x')`)).toEqual(['process.stdout/stderr/argv/exit'])
    expect(nodeTraces(`const b = Buffer.from(s); const f = require("x"); __dirname`)).toEqual(['Buffer', 'require', '__dirname'])
    expect(nodeTraces(`const nodes = dag.nodes; fetch('https://x/node:fs')`)).toEqual([])
  })
})

describe('bundleForBrowser', () => {
  it('records a Node builtin that no package provides, and accepts an npm polyfill of one', async () => {
    const dir = join(repoRoot, 'node_modules', '.cache', 'chainrule-bundle-probe')
    const entry = "import { readFileSync } from 'node:fs'\nimport { Worker } from 'worker_threads'\nexport const f = [readFileSync, Worker]\n"
    const report = await bundleForBrowser(dir, entry, false)
    expect(report.builtins.map((b) => b.split(' ')[0])).toEqual(['node:fs', 'worker_threads'])
    expect(report.nodeGlobals).toEqual(['a node: import', 'a builtin import'])
  })
})

describe('the main entries of the libraries', () => {
  it('bundle for a browser without a Node builtin or global', async () => {
    const report = await bundleMainEntries()
    console.log(`browser bundle of ${report.packages.join(', ')}: ${report.bytes} bytes unminified`)
    expect(report.packages).toEqual(expect.arrayContaining(['@chainrule/graph', '@chainrule/factor', '@chainrule/models', '@chainrule/infer', '@chainrule/io', '@chainrule/data', '@chainrule/learn']))
    expect(report.builtins).toEqual([])
    expect(report.nodeGlobals).toEqual([])
  }, 120_000)

  it("the README's example bundles for a browser; its size is reported", async () => {
    const report = await bundleReadmeExample()
    console.log(`README example for a browser: ${report.bytes} bytes minified, ${report.gzipBytes} gzipped`)
    expect(report.builtins).toEqual([])
    expect(report.nodeGlobals).toEqual([])
    expect(report.bytes).toBeGreaterThan(1000)
  }, 120_000)
})
