/**
 * The bnlearn networks the suites read, from `../shared/networks` beside the
 * repository, and small measuring helpers several suites share.
 */
import { loadNetwork } from '@chainrule/io/node'
import { isBayesianNetwork, type BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * `../shared/networks` from the repository root (suites run from bench/dist/suites), or the folder
 * `CHAINRULE_NETWORKS` names (a worktree that does not sit beside shared/).
 */
export const networksDir = process.env.CHAINRULE_NETWORKS ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'networks')

/** The path of a network by name (`alarm`), or undefined where the folder does not have it. */
export const networkFile = (name: string): string | undefined => {
  const file = join(networksDir, `${name}.bif.gz`)
  return existsSync(file) ? file : undefined
}

/** Load a network file or stop the suite with a message naming it. */
export const loadOrThrow = (path: string): BayesianNetwork => {
  const loaded = loadNetwork(path)
  if (E.isLeft(loaded)) throw new Error(`bench: ${path} does not load (${loaded.left._tag})`)
  if (!isBayesianNetwork(loaded.right.network)) throw new Error(`bench: ${path} is not a Bayesian network`)
  return loaded.right.network
}

/** Run once and return the value with the wall time in milliseconds. */
export const time = <T>(fn: () => T): readonly [T, number] => {
  const start = performance.now()
  const value = fn()
  return [value, performance.now() - start]
}

/** Peak resident memory of this process (VmHWM), in MB; NaN where /proc is missing. */
export const peakMB = (): number => {
  const match = /VmHWM:\s+(\d+)\s+kB/.exec(existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '')
  return match === null ? Number.NaN : Number(match[1]) / 1024
}
