/**
 * Suite `evidence`: many observed variables, the shape of a diagnosis session,
 * answered from a cold engine. On munin1 (whose whole tree needs 4.7 GiB) 30,
 * 50, 75 and 100 observed variables, chosen among the leaves and the
 * variables with both parents and children (seeded) and set to their states in
 * one forward sample (so P(e) > 0):
 * - `chainrule (cold engine)`: `compile(network)` with the default options and
 *   budget, then one `marginals(engine, { evidence })` (every unobserved
 *   variable), median of 3 fresh engines; `method` is how the engine answered,
 *   `clusterEntries` the entries of the trees it compiled for the question;
 * - `numpy reference`: `bench/peers/numpy_reference.py`, bucket elimination
 *   with numpy (min-fill buckets per target over the evidence-reduced,
 *   barren-pruned tables), the same questions, in the same run; `maxAbsErr` is
 *   its largest difference from chainrule over every state of every marginal.
 * Without python3 and numpy the reference rows say so.
 *
 * Flags: `--networks=munin1,munin` (default munin1), `--observed=30,100`.
 */
import { compile, marginals, type Posterior } from '@chainrule/infer'
import { engineState } from '@chainrule/infer/internal'
import { ancestralSample, createRng, type BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { flagValue, median, type Row, type Suite } from '../harness.js'
import { loadOrThrow, networkFile } from '../networks.js'

const reference = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'peers', 'numpy_reference.py')

/** `k` observed variables among the leaves and mid-level variables, at their states in one forward sample. */
export const diagnosisEvidence = (bn: BayesianNetwork, k: number, seed: number): Record<string, number> => {
  const n = bn.dag.nodes.length
  const drawn = ancestralSample(bn, 1, createRng(seed))
  if (E.isLeft(drawn)) throw new Error('sampling failed')
  const pool = [...Array(n).keys()].filter((v) => bn.dag.childIds[v]!.length === 0 || bn.dag.parentIds[v]!.length > 0)
  const rng = createRng(seed + 1)
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rng.float() * (i + 1))
    ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
  }
  return Object.fromEntries(pool.slice(0, k).map((v) => [v, drawn.right.columns[v]![0]!]))
}

const byName = (bn: BayesianNetwork, evidence: Record<string, number>): Record<string, string> =>
  Object.fromEntries(Object.entries(evidence).map(([v, s]) => [bn.dag.nodes[Number(v)]!, bn.domain.variables[Number(v)]!.states[s]!]))

interface ReferenceAnswer {
  readonly seconds: number
  readonly logPEvidence: number
  readonly marginals: Record<string, number[]>
}

const runReference = (bn: BayesianNetwork, queries: readonly Record<string, number>[]): ReferenceAnswer[] | string => {
  const request = {
    cards: bn.domain.variables.map((v) => v.states.length),
    tables: bn.cpts.map((t) => ({ scope: t.scope, values: Array.from(t.values) })),
    queries: queries.map((evidence) => ({ evidence })),
  }
  const run = spawnSync('python3', [reference], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 28, timeout: 1_800_000 })
  if (run.error !== undefined || run.status !== 0) return `numpy reference did not run: ${run.error?.message ?? run.stderr.trim().split('\n').pop()}`
  return (JSON.parse(run.stdout) as { answers: ReferenceAnswer[] }).answers
}

const maxAbsErr = (posterior: Posterior, answer: ReferenceAnswer): number => {
  let worst = Math.abs(posterior.logPEvidence - answer.logPEvidence) > 1e-9 ? Infinity : 0
  for (const [v, p] of Object.entries(answer.marginals)) p.forEach((x, s) => (worst = Math.max(worst, Math.abs(x - posterior.probabilities[Number(v)]![s]!))))
  return worst
}

export const suite: Suite = {
  name: 'evidence',
  description: 'many observed variables from a cold engine (munin1, 30 to 100 observed) against a numpy bucket-elimination reference',
  run: () => {
    const args = process.argv.slice(2)
    const networks = (flagValue(args, 'networks') ?? 'munin1').split(',')
    const counts = (flagValue(args, 'observed') ?? '30,50,75,100').split(',').map(Number)
    const rows: Row[] = []
    for (const name of networks) {
      const file = networkFile(name)
      if (file === undefined) continue
      const bn = loadOrThrow(file)
      const queries = counts.map((k) => diagnosisEvidence(bn, k, 2026 + k))
      const chainrule = queries.map((evidence) => {
        const runs = [0, 1, 2].map(() => {
          const start = performance.now()
          const engine = compile(bn)
          if (E.isLeft(engine)) throw new Error('compile failed')
          const posterior = marginals(engine.right, { evidence: byName(bn, evidence) })
          if (E.isLeft(posterior)) throw new Error(posterior.left._tag)
          const ms = performance.now() - start
          const cover = [...engineState(engine.right).covers.values()].find((c) => typeof c === 'object' && 'stats' in c)
          return { ms, posterior: posterior.right, entries: cover !== undefined && 'stats' in cover ? cover.stats.clusterEntries : engine.right.plan.clusterEntries }
        })
        return { ...runs[0]!, ms: median(runs.map((r) => r.ms)) }
      })
      const answers = runReference(bn, queries)
      counts.forEach((k, i) => {
        const ours = chainrule[i]!
        const base = { suite: 'evidence', case: `${name} ${k} observed` }
        rows.push({ ...base, engine: 'chainrule (cold engine)', medianMs: ours.ms, repeats: 3, ratio: 1, method: ours.posterior.method, clusterEntries: ours.entries })
        if (typeof answers === 'string') rows.push({ ...base, engine: 'numpy reference', medianMs: Number.NaN, repeats: 0, note: answers })
        else {
          const theirs = answers[i]!
          rows.push({ ...base, engine: 'numpy reference', medianMs: 1000 * theirs.seconds, repeats: 1, ratio: (1000 * theirs.seconds) / ours.ms, maxAbsErr: maxAbsErr(ours.posterior, theirs) })
        }
      })
    }
    return rows
  },
}
