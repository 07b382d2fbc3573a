/**
 * Browser bundles: the main entry of every library package (all but the
 * `nodeOnlyPackages` of tools/contracts.json) bundled together for a browser
 * page with rolldown, from the built `dist/` files a user installs. A Node
 * builtin reached from a main entry (`node:fs`, `worker_threads`, ...) or a
 * Node-only global in the output (`process.stderr`, `Buffer`, `require`) is a
 * finding; so is the README's example, bundled on its own and minified, whose
 * size is the figure a user pays for the front door.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { rolldown } from 'rolldown'
import { runnableBlocksOfMarkdown } from './doc-examples/extract.js'
import { contractSettings } from './settings.js'
import { linkLibraries, repoRoot, workspacePackages } from './workspace.js'

/** What bundling found. */
export interface BundleReport {
  /** The packages whose main entries were bundled. */
  readonly packages: readonly string[]
  /** Node builtins imported, each `builtin (from importer)`. */
  readonly builtins: readonly string[]
  /** Node-only globals or builtin imports left in the output code. */
  readonly nodeGlobals: readonly string[]
  /** Bytes of the minified output, and gzipped. */
  readonly bytes: number
  readonly gzipBytes: number
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))

/** Traces of Node in bundled code: builtin imports that slipped through, and Node-only globals. */
export const nodeTraces = (code: string): string[] => {
  const patterns: readonly [string, RegExp][] = [
    ['a node: import', /(?:from\s*|import\s*\(\s*|require\s*\(\s*)["']node:[a-z_/]+["']/],
    ['a builtin import', new RegExp(`(?:from\\s*|import\\s*\\(\\s*|require\\s*\\(\\s*)["'](?:${builtinModules.filter((m) => !m.startsWith('_')).join('|')})["']`)],
    ['process.stdout/stderr/argv/exit', /\bprocess\.(?:stdout|stderr|argv|exit)\b/],
    ['Buffer', /\bBuffer\.(?:from|alloc|concat|isBuffer)\b/],
    ['require', /\brequire\s*\(/],
    ['__dirname', /\b__dirname\b/],
  ]
  return patterns.filter(([, pattern]) => pattern.test(code)).map(([what]) => what)
}

/** Bundle `entry` (module text) for a browser; imports of Node builtins that no package provides are recorded and kept external. */
export const bundleForBrowser = async (dir: string, entry: string, minify: boolean): Promise<BundleReport> => {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'entry.ts'), entry)
  const builtins: string[] = []
  const bundle = await rolldown({
    input: join(dir, 'entry.ts'),
    platform: 'browser',
    logLevel: 'silent',
    plugins: [
      {
        name: 'record-node-builtins',
        // A builtin's name that a package resolves (npm's `events`, which graphology depends on) is a browser polyfill, not Node.
        async resolveId(id, importer) {
          if (!BUILTINS.has(id)) return null
          const resolved = id.startsWith('node:') ? null : await this.resolve(id, importer, { skipSelf: true })
          if (resolved !== null && !resolved.external) return resolved
          builtins.push(`${id} (from ${importer ?? 'the entry'})`)
          return { id, external: true }
        },
      },
    ],
  })
  const { output } = await bundle.generate({ format: 'esm', minify, codeSplitting: false })
  await bundle.close()
  const code = output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('\n')
  return { packages: [], builtins, nodeGlobals: nodeTraces(code), bytes: Buffer.byteLength(code), gzipBytes: gzipSync(code).length }
}

/** Every browser-bound library's main entry, in one page. */
export const bundleMainEntries = async (root: string = repoRoot): Promise<BundleReport> => {
  const nodeOnly = new Set(contractSettings(root).nodeOnlyPackages)
  const packages = workspacePackages(root)
    .filter((p) => p.library && !nodeOnly.has(p.manifest.name))
    .map((p) => p.manifest.name)
  const dir = join(root, 'node_modules', '.cache', 'chainrule-browser-bundle')
  rmSync(dir, { recursive: true, force: true })
  linkLibraries(dir, root)
  // Namespace re-exports keep every export of every entry, so nothing is shaken away before it is looked at.
  const entry = packages.map((name, i) => `export * as entry${i} from '${name}'`).join('\n') + '\n'
  const report = await bundleForBrowser(dir, entry, false)
  return { ...report, packages }
}

/** The README's `ts run` example bundled for a browser, minified. */
export const bundleReadmeExample = async (root: string = repoRoot): Promise<BundleReport> => {
  const [example] = runnableBlocksOfMarkdown(readFileSync(join(root, 'README.md'), 'utf8'), 'README.md')
  if (example === undefined) throw new Error('README.md has no `ts run` block')
  const dir = join(root, 'node_modules', '.cache', 'chainrule-readme-bundle')
  rmSync(dir, { recursive: true, force: true })
  linkLibraries(dir, root)
  return bundleForBrowser(dir, example.code, true)
}
