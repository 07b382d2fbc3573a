/**
 * The contract checks' settings, from `tools/contracts.json`.
 *
 * `reportOnly` names the packages whose pending API work the checks report
 * without failing: `unfencedExamples` (`@example` tags that are comment
 * fragments rather than fenced, runnable blocks) and `undocumentedExports`
 * (exports without TSDoc, read by the docs build). Every other package fails
 * on them. Emptying a list makes its check strict for the whole workspace.
 *
 * `nodeOnlyPackages` names the library packages whose main entry is for Node
 * by nature (the command line); every other library's main entry must bundle
 * for a browser (`browser-bundle.ts`).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './workspace.js'

/** The settings file's shape. */
export interface ContractSettings {
  readonly reportOnly: {
    readonly unfencedExamples: readonly string[]
    readonly undocumentedExports: readonly string[]
  }
  readonly nodeOnlyPackages: readonly string[]
}

/** The settings of the workspace at `root`. */
export const contractSettings = (root: string = repoRoot): ContractSettings =>
  JSON.parse(readFileSync(join(root, 'tools', 'contracts.json'), 'utf8')) as ContractSettings
