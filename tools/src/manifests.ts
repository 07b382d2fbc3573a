/**
 * What every library's package.json must say: `"sideEffects": false` (so a
 * bundler drops what a page does not use), and exports whose conditions are
 * the workspace's own `@chainrule/source` (never a bare `source`, which a
 * consumer may enable for their own packages) followed by `types` and then
 * `default`, each pointing at a file the package publishes.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot, workspacePackages, type Manifest } from './workspace.js'

/** The condition under which workspace tools find a package's TypeScript sources. */
export const SOURCE_CONDITION = '@chainrule/source'

/** The problems of one library manifest, each one line; `exists` says whether a package-relative file exists. */
export const manifestProblems = (manifest: Manifest, exists: (path: string) => boolean): string[] => {
  const problems: string[] = []
  const name = manifest.name
  if (manifest.sideEffects !== false) problems.push(`${name}: "sideEffects" must be false`)
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const conditions = Object.keys(target)
    const where = `${name} exports["${subpath}"]`
    if (conditions.includes('source')) problems.push(`${where}: the generic "source" condition; use "${SOURCE_CONDITION}"`)
    const expected = conditions[0] === SOURCE_CONDITION ? [SOURCE_CONDITION, 'types', 'default'] : ['types', 'default']
    if (conditions.join() !== expected.join()) problems.push(`${where}: conditions ${conditions.join(', ')}; expected ${expected.join(', ')}`)
    const source = target[SOURCE_CONDITION]
    if (source !== undefined && !exists(source)) problems.push(`${where}: ${source} does not exist`)
  }
  return problems
}

/** {@link manifestProblems} of every library of the workspace at `root`. */
export const checkManifests = (root: string = repoRoot): string[] =>
  workspacePackages(root)
    .filter((p) => p.library)
    .flatMap((p) => manifestProblems(p.manifest, (path) => existsSync(join(p.dir, path))))
