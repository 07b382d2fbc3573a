/**
 * Suite `elimination`: all posterior marginals of small bnlearn networks by
 * variable elimination (`@chainrule/factor`'s `variableElimination`: one pruned
 * elimination per variable) next to one propagation of the compiled junction
 * tree (`@chainrule/infer`), same inputs, same run; ratio = time / junction tree's.
 */
import { variableElimination, type Factor, type VarId } from '@chainrule/factor'
import { compile, marginals } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { loadOrThrow, networkFile } from '../networks.js'
import { keep, measure, withRatios, type Row, type Suite } from '../harness.js'

/** Every variable's posterior, one variable elimination each (what factor offers without a junction tree). */
const eliminateEach = (cpts: readonly Factor[], vars: readonly VarId[]): unknown[] =>
  vars.map((v) => variableElimination(cpts, { targets: [v], childOf: { kind: 'last' } }))

const networks = ['cancer', 'asia', 'survey', 'sachs', 'child', 'insurance', 'alarm', 'hailfinder', 'hepar2', 'win95pts']

export const suite: Suite = {
  name: 'elimination',
  description: 'all marginals of small networks: variable elimination per variable vs one junction-tree propagation',
  run: () => {
    const rows: Row[] = []
    for (const name of networks) {
      const file = networkFile(name)
      if (file === undefined) continue
      const bn = loadOrThrow(file)
      const engine = compile(bn)
      if (E.isLeft(engine)) throw new Error(`${name} does not compile`)
      const vars = bn.domain.variables.map((v) => v.id as VarId)
      const base = { suite: 'elimination', case: name, variables: vars.length }
      rows.push({ ...base, engine: 'junction tree', ...measure(() => keep(marginals(engine.right)), { minTimeMs: 200 }) })
      rows.push({
        ...base,
        engine: 'variable elimination',
        ...measure(() => keep(eliminateEach(bn.cpts, vars)), { minRepeats: 3, minTimeMs: 200, maxRepeats: 100 }),
      })
    }
    return withRatios(rows, 'junction tree')
  },
}
