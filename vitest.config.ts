import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// vitest 5's reporter calls Map.groupBy (Node 21+) when it prints failures; on
// Node 20 that call crashes the report and hides the failure. This config file
// runs in the reporting process, so the polyfill here restores the messages.
if (typeof (Map as { groupBy?: unknown }).groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', {
    configurable: true,
    writable: true,
    value: <K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> => {
      const groups = new Map<K, T[]>()
      let i = 0
      for (const item of items) {
        const k = key(item, i++)
        const group = groups.get(k)
        if (group === undefined) groups.set(k, [item])
        else group.push(item)
      }
      return groups
    },
  })
}

// Tests import sibling packages by name and must run against their TypeScript
// sources, never a stale build in dist/. Export conditions do not reach
// vitest's server-side resolution of linked workspace packages, so every
// export of every package that names a source file under the workspace's own
// condition (`@chainrule/source`, namespaced so that a consumer's generic
// `source` condition never resolves chainrule to TypeScript) is aliased to it.
const SOURCE_CONDITION = '@chainrule/source'
const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url))
const root = fileURLToPath(new URL('./', import.meta.url))
// Libraries under packages/, and the benchmark package (the tests share its ClickHouse cluster harness).
const packageDirs = [...readdirSync(packagesDir).map((name) => `${packagesDir}${name}/`), `${root}bench/`]
const sourceAliases = packageDirs.flatMap((dir) => {
  const manifest = JSON.parse(readFileSync(`${dir}package.json`, 'utf8')) as {
    name: string
    exports?: Record<string, Record<string, string | undefined>>
  }
  return Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]) => {
    const source = target[SOURCE_CONDITION]
    return source === undefined ? [] : [{ find: new RegExp(`^${manifest.name}${subpath.slice(1)}$`), replacement: `${dir}${source.slice(2)}` }]
  })
})

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts', 'tools/src/**/*.test.ts', 'bench/src/**/*.test.ts'],
    testTimeout: 60_000,
  },
})
