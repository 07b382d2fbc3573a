/**
 * Suite `relevance`: all posterior marginals on the large bnlearn networks
 * three ways, in the same run: one propagation of the whole junction tree
 * (where it fits the budget), and trees over the relevant parts of the
 * network, both for the first query of an observation pattern (which compiles
 * the parts) and for later queries with the same observed variables (which
 * reuse them). Also the size of each cover against the whole tree.
 * Observed variables: three, read off one forward sample (seed 2026), so P(e) > 0.
 * The parts are evidence-reduced (observed variables leave the graph before
 * triangulation). The first query is timed two ways, on fresh engines taken
 * in turn: compiling the parts alone (planning, reducing, triangulating and
 * laying out the trees, as `marginals` does before it answers), and the whole
 * first query through `marginals` (compiling and answering). Flag:
 * `--networks=munin,link`.
 */
import { compile, marginals, type Engine } from '@chainrule/infer'
import { coverTargets, engineState, questionContext, questionTables, relevantModel, resolveQuestion } from '@chainrule/infer/internal'
import { ancestralSample, createRng, type BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { loadOrThrow, networkFile } from '../networks.js'
import { flagValue, keep, measure, type Row, type Suite } from '../harness.js'

const networks = ['munin1', 'link', 'munin', 'munin2', 'munin3', 'munin4', 'barley', 'diabetes', 'water', 'mildew', 'pathfinder', 'andes']

const observed = (bn: BayesianNetwork): Record<string, string> => {
  const drawn = ancestralSample(bn, 1, createRng(2026))
  if (E.isLeft(drawn)) throw new Error('sampling failed')
  const n = bn.dag.nodes.length
  return Object.fromEntries(
    [Math.floor(n / 4), Math.floor(n / 2), n - 1].map((v) => [bn.dag.nodes[v]!, drawn.right.states[v]![drawn.right.columns[v]![0]!]!]),
  )
}

/** Compile the relevant parts of the question's pattern on the engine as `marginals` would first, without answering; ms. */
const compileParts = (engine: Engine, evidence: Record<string, string>): number => {
  const state = engineState(engine)
  const start = performance.now()
  const resolved = resolveQuestion(questionContext(engine, state), { evidence })
  if (E.isLeft(resolved)) throw new Error(resolved.left._tag)
  const question = questionTables(state.cards, state.tables, true, resolved.right)
  const targets = state.cards.map((_, v) => v).filter((v) => resolved.right.states[v]! < 0)
  const cover = coverTargets(relevantModel(engine, state), question, targets, state.depth)
  const ms = performance.now() - start
  if (E.isLeft(cover) || cover.right === undefined) throw new Error('relevant parts failed')
  keep(cover.right)
  return ms
}

const answer = (engine: Engine, evidence: Record<string, string>): unknown => {
  const posterior = marginals(engine, { evidence })
  if (E.isLeft(posterior)) throw new Error(posterior.left._tag)
  return posterior.right
}

export const suite: Suite = {
  name: 'relevance',
  description: 'all marginals on large networks: whole tree vs trees over relevant parts (compiling alone, first and repeated query)',
  run: () => {
    const rows: Row[] = []
    const wanted = flagValue(process.argv.slice(2), 'networks')?.split(',') ?? networks
    for (const name of wanted) {
      const file = networkFile(name)
      if (file === undefined) continue
      const bn = loadOrThrow(file)
      const whole = compile(bn, { method: 'tree' })
      for (const [query, evidence] of [['prior', {}], ['evidence', observed(bn)]] as const) {
        const base = { suite: 'relevance', case: `${name} ${query}` }
        if (E.isRight(whole)) {
          const m = measure(() => keep(answer(whole.right, evidence)), { minRepeats: 3, minTimeMs: 300, maxRepeats: 50 })
          rows.push({ ...base, engine: 'whole tree', ...m, clusterEntries: whole.right.plan.clusterEntries })
        } else rows.push({ ...base, engine: 'whole tree', medianMs: NaN, repeats: 0, note: `needs ${(whole.left._tag === 'OverBudget' ? whole.left.plan.bytes / 2 ** 30 : 0).toFixed(2)} GiB` })
        // A fresh engine per first query, so that its cover is compiled inside the timing; compiling alone and the
        // whole first query take turns, so that neither runs on code the other has warmed more.
        const fresh = (): Engine => {
          const engine = compile(bn, { method: 'elimination' })
          if (E.isLeft(engine)) throw new Error('compile failed')
          return engine.right
        }
        const compiles: number[] = []
        const firsts = [0, 1, 2].map(() => {
          compiles.push(compileParts(fresh(), evidence))
          const engine = fresh()
          const start = performance.now()
          keep(answer(engine, evidence))
          return { ms: performance.now() - start, engine }
        })
        const firstMs = firsts.map((f) => f.ms).sort((a, b) => a - b)[1]!
        const compileMs = compiles.sort((a, b) => a - b)[1]!
        const parts = firsts[0]!.engine
        const cover = [...engineState(parts).covers.values()][0]
        const stats = typeof cover === 'object' && 'stats' in cover ? cover.stats : undefined
        const entries = stats?.clusterEntries ?? NaN
        const trees = stats?.trees ?? NaN
        rows.push({ ...base, engine: 'relevant parts, compile', medianMs: compileMs, repeats: 3, clusterEntries: entries, trees })
        rows.push({ ...base, engine: 'relevant parts, first', medianMs: firstMs, repeats: 3, clusterEntries: entries, trees })
        const m = measure(() => keep(answer(parts, evidence)), { minRepeats: 5, minTimeMs: 300, maxRepeats: 200 })
        rows.push({ ...base, engine: 'relevant parts, repeated', ...m, clusterEntries: entries, trees })
      }
    }
    return rows
  },
}
