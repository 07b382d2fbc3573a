/**
 * Compiled inference (junction tree, @chainrule/infer) against variable
 * elimination (@chainrule/factor), two independent exact algorithms, on the
 * bnlearn-repository networks: every posterior marginal and log P(e), with no
 * evidence and with three observed variables. The networks live beside the
 * repository (../shared/networks); where that folder is absent (a user's
 * machine), these checks are not registered and the suite says so.
 */
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

/** Past this many cluster entries, a sample of the marginals is checked (every 16th variable), by relevant parts. */
const MAX_CLUSTER_ENTRIES = 4e6

/** Three observed variables whose joint state has positive probability: read off one forward sample. */
const observedFromSample = (bn: BayesianNetwork): Record<string, string> => {
  const drawn = ancestralSample(bn, 1, createRng(2026))
  if (E.isLeft(drawn)) throw new Error('sampling failed')
  const n = bn.dag.nodes.length
  const picks = [...new Set([Math.floor(n / 4), Math.floor(n / 2), n - 1])]
  return Object.fromEntries(picks.map((v) => [bn.dag.nodes[v]!, drawn.right.states[v]![drawn.right.columns[v]![0]!]!]))
}

describe('junction tree equals variable elimination on the bnlearn networks', () => {
  const files = existsSync(networksDir) ? readdirSync(networksDir).filter((f) => f.endsWith('.bif.gz')).sort() : []
  it('finds the networks folder (../shared/networks) beside the repository', () => {
    expect(files.length).toBe(24)
  })
  for (const file of files) {
    it(file.replace('.bif.gz', ''), () => {
      const loaded = loadNetwork(join(networksDir, file))
      if (E.isLeft(loaded) || !isBayesianNetwork(loaded.right.network)) throw new Error(`${file} does not load as a Bayesian network`)
      const bn = loaded.right.network
      // Small networks: every marginal from the whole tree. Large ones: a sample
      // of the marginals, from the whole tree where it fits and from trees over
      // relevant parts (munin1's whole tree is over the budget).
      const engine = compile(bn)
      const parts = compile(bn, { method: 'elimination' })
      if (E.isLeft(engine) || E.isLeft(parts)) throw new Error(`${file}: compile failed`)
      const large = engine.right.plan.clusterEntries > MAX_CLUSTER_ENTRIES
      const checked = large ? bn.domain.variables.filter((_, v) => v % 16 === 0) : bn.domain.variables
      const engines = large ? [engine.right, parts.right] : [engine.right]
      for (const [evidence, answering] of [{}, observedFromSample(bn)].flatMap((e) => engines.map((g) => [e, g] as const))) {
        const targets = large ? { targets: checked.map((v) => v.name).filter((n) => !(n in evidence)) } : {}
        const posterior = marginals(answering, { evidence, ...targets })
        if (E.isLeft(posterior)) throw new Error(`${file}: query failed`)
        if (answering === parts.right) expect(posterior.right.method).toBe('relevant-parts')
        const hard = new Map(Object.entries(evidence).map(([name, state]) => {
          const v = bn.domain.byName.get(name)!
          return [v, bn.domain.variables[v]!.states.indexOf(state)] as const
        }))
        let worst = 0
        for (const v of checked) {
          if (hard.has(v.id)) continue
          const ve = variableElimination(bn.cpts, { targets: [v.id as VarId], evidence: hard, childOf: { kind: 'last' } })
          if (E.isLeft(ve)) throw new Error(`${file}: elimination failed for ${v.name}`)
          expect(Math.abs(ve.right.logEvidence - posterior.right.logPEvidence)).toBeLessThan(1e-12)
          ve.right.posterior.values.forEach((p, s) => {
            worst = Math.max(worst, Math.abs(p - posterior.right.probabilities[v.id]![s]!))
          })
        }
        expect(worst).toBeLessThan(1e-12)
      }
    })
  }
})

describe('munin1 with many observed variables, under the default memory budget', () => {
  const file = join(networksDir, 'munin1.bif.gz')
  if (!existsSync(file)) return
  it('30 observed leaves and mid-level variables: answered from an evidence-reduced tree, equal to variable elimination', () => {
    const loaded = loadNetwork(file)
    if (E.isLeft(loaded) || !isBayesianNetwork(loaded.right.network)) throw new Error('munin1 does not load as a Bayesian network')
    const bn = loaded.right.network
    const n = bn.dag.nodes.length
    const drawn = ancestralSample(bn, 1, createRng(2056))
    if (E.isLeft(drawn)) throw new Error('sampling failed')
    // Leaves and variables with parents and children, shuffled by a seeded generator.
    const pool = [...Array(n).keys()].filter((v) => bn.dag.childIds[v]!.length === 0 || bn.dag.parentIds[v]!.length > 0)
    const rng = createRng(2057)
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(rng.float() * (i + 1))
      ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
    }
    const observed = pool.slice(0, 30)
    const evidence = Object.fromEntries(observed.map((v) => [bn.dag.nodes[v]!, drawn.right.states[v]![drawn.right.columns[v]![0]!]!]))
    const engine = compile(bn)
    if (E.isLeft(engine)) throw new Error('compile failed')
    expect(engine.right.plan.bytes).toBeGreaterThan(engine.right.memoryBudgetBytes)
    const posterior = marginals(engine.right, { evidence })
    if (E.isLeft(posterior)) throw new Error(`query failed: ${posterior.left._tag}`)
    expect(posterior.right.method).toBe('relevant-parts')
    const hard = new Map(observed.map((v) => [v as VarId, drawn.right.columns[v]![0]!] as const))
    for (const v of bn.domain.variables.filter((x) => !hard.has(x.id as VarId)).filter((_, i) => i % 40 === 0)) {
      const ve = variableElimination(bn.cpts, { targets: [v.id as VarId], evidence: hard, childOf: { kind: 'last' } })
      if (E.isLeft(ve)) throw new Error(`elimination failed for ${v.name}`)
      expect(Math.abs(ve.right.logEvidence - posterior.right.logPEvidence)).toBeLessThan(1e-12)
      ve.right.posterior.values.forEach((p, s) => expect(Math.abs(p - posterior.right.probabilities[v.id]![s]!)).toBeLessThan(1e-12))
    }
  })
})
