/**
 * do() on the bnlearn networks: interventions answered on the compiled tree
 * of the original network (`marginals(engine, { do, evidence })`) against
 * variable elimination (@chainrule/factor) on the mutilated network built by
 * graph surgery (@chainrule/causal's `mutilate`), two independent exact
 * paths. Each network gets two interventions and two observations drawn from
 * the intervened model (so P(e | do) > 0); a spread of up to 12 variables is
 * checked, with log P(e | do). The networks live beside the repository
 * (../shared/networks); where that folder is absent, no test is created.
 */
import { mutilate } from '@chainrule/causal'
import { variableElimination, type VarId } from '@chainrule/factor'
import { compile, marginals } from '@chainrule/infer'
import { loadNetwork } from '@chainrule/io/node'
import { ancestralSample, createRng, isBayesianNetwork, type BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const networksDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'networks')

/** One draw of the network: the state of every variable, by name. */
const draw = (bn: BayesianNetwork, seed: number): Record<string, string> => {
  const sample = ancestralSample(bn, 1, createRng(seed))
  if (E.isLeft(sample)) throw new Error('sampling failed')
  return Object.fromEntries(bn.dag.nodes.map((name, v) => [name, sample.right.states[v]![sample.right.columns[v]![0]!]!]))
}

if (existsSync(networksDir)) {
  describe('do() on the bnlearn networks equals variable elimination on the mutilated network', () => {
    for (const file of readdirSync(networksDir).filter((f) => f.endsWith('.bif.gz')).sort()) {
      it(file.replace('.bif.gz', ''), () => {
        const loaded = loadNetwork(join(networksDir, file))
        if (E.isLeft(loaded) || !isBayesianNetwork(loaded.right.network)) throw new Error(`${file} does not load as a Bayesian network`)
        const bn = loaded.right.network
        const n = bn.dag.nodes.length
        // Intervene on two variables with parents (where there are such), at states a forward draw gives them.
        const withParents = bn.dag.nodes.filter((_, v) => bn.dag.parentIds[v]!.length > 0)
        const pool = withParents.length >= 2 ? withParents : bn.dag.nodes
        const intervened = [...new Set([pool[Math.floor(pool.length / 3)]!, pool[Math.floor((2 * pool.length) / 3)]!])]
        const forced = draw(bn, 7)
        const interventions = Object.fromEntries(intervened.map((name) => [name, forced[name]!]))
        const cut = mutilate(bn, interventions)
        if (E.isLeft(cut)) throw new Error(`${file}: surgery failed`)
        // Observations drawn from the intervened model, on variables not intervened on.
        const seen = draw(cut.right, 11)
        const observedNames = [bn.dag.nodes[n - 1]!, bn.dag.nodes[Math.floor(n / 2)]!].filter((name) => !intervened.includes(name))
        const evidence = Object.fromEntries(observedNames.map((name) => [name, seen[name]!]))
        const step = Math.max(1, Math.floor(n / 12))
        const targets = bn.dag.nodes.filter((name, v) => v % step === 0 && !(name in evidence)).slice(0, 12)
        const engine = compile(bn)
        if (E.isLeft(engine)) throw new Error(`${file}: compile failed`)
        const posterior = marginals(engine.right, { do: interventions, evidence, targets })
        if (E.isLeft(posterior)) throw new Error(`${file}: query failed: ${posterior.left._tag}`)
        const hard = new Map(Object.entries(evidence).map(([name, state]) => {
          const v = bn.domain.byName.get(name)!
          return [v as VarId, bn.domain.variables[v]!.states.indexOf(state)] as const
        }))
        let worst = 0
        for (const name of targets) {
          const v = bn.domain.byName.get(name)!
          const ve = variableElimination(cut.right.cpts, { targets: [v as VarId], evidence: hard, childOf: { kind: 'last' } })
          if (E.isLeft(ve)) throw new Error(`${file}: elimination failed for ${name}`)
          expect(Math.abs(ve.right.logEvidence - posterior.right.logPEvidence)).toBeLessThan(1e-12 * Math.max(1, Math.abs(ve.right.logEvidence)))
          ve.right.posterior.values.forEach((p, s) => (worst = Math.max(worst, Math.abs(p - posterior.right.probabilities[v]![s]!))))
        }
        expect(worst).toBeLessThan(1e-12)
        // An intervened variable is a point mass at its forced state.
        for (const name of intervened.filter((t) => targets.includes(t))) {
          const v = bn.domain.byName.get(name)!
          expect(posterior.right.probabilities[v]![bn.domain.variables[v]!.states.indexOf(forced[name]!)]).toBe(1)
        }
      })
    }
  })
}
