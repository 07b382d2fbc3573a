/**
 * The UAI problems of `../shared/uai` whose junction tree is small (at most
 * 10^6 cluster entries), answered by the library as the CLI answers them,
 * against the published solutions (to the digits printed there) and against
 * an independent exact computation (variable elimination, to 1e-9 relative).
 * The `uai` benchmark suite runs every problem through the CLI; this test
 * keeps the small ones exact on every run. No test is created when the
 * folder is absent.
 */
import { variableElimination, type VarId } from '@chainrule/factor'
import { compile, marginals, mpe } from '@chainrule/infer'
import { readUaiEvidence } from '@chainrule/io'
import { loadNetwork, readTextFile } from '@chainrule/io/node'
import { isBayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { agreesWithPrinted, halfUnit, readAssignment, readMar, readPr } from './uai-solutions.js'

// bench/src -> the repository root, and its sibling shared/uai.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const uaiDir = join(root, '..', 'shared', 'uai')
const SMALL_TREE_ENTRIES = 1e6

const problems = (dir: string): string[] =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) return name === 'orig' ? [] : problems(path)
      return name.endsWith('.uai') ? [path] : []
    })

const evidenceOf = (file: string, names: readonly string[], states: readonly (readonly string[])[]): Record<string, string> => {
  const text = existsSync(`${file}.evid`) ? readTextFile(`${file}.evid`) : E.right('0')
  const read = E.isRight(text) ? readUaiEvidence(text.right) : text
  if (E.isLeft(read)) throw new Error(`${file}.evid`)
  return Object.fromEntries([...read.right].map(([v, s]) => [names[v]!, states[v]![s]!]))
}

describe.runIf(existsSync(uaiDir))('UAI problems with small trees against their published solutions', () => {
  for (const file of existsSync(uaiDir) ? problems(uaiDir) : []) {
    const loaded = loadNetwork(file)
    if (E.isLeft(loaded)) {
      it(`${relative(uaiDir, file)} loads`, () => expect.fail(loaded.left._tag))
      continue
    }
    const model = loaded.right.network
    // Planned only (method 'elimination' builds no tree): the large problems are the benchmark's.
    const planned = compile(model, { method: 'elimination' })
    if (E.isLeft(planned) || planned.right.plan.clusterEntries > SMALL_TREE_ENTRIES) continue
    it(`${relative(uaiDir, file)}: PR, MAR, MPE and log Z(e) by elimination`, () => {
      const engine = compile(model)
      if (E.isLeft(engine)) throw new Error(engine.left._tag)
      const names = model.domain.variables.map((v) => v.name)
      const evidence = evidenceOf(file, names, model.domain.variables.map((v) => v.states))
      const posterior = marginals(engine.right, { evidence })
      if (E.isLeft(posterior)) {
        // Merlin's uai-test-model observes x2 = 1, which its table of x2 rules out.
        expect(posterior.left._tag).toBe('ImpossibleEvidence')
        expect(file).toMatch(/uai-test-model\.uai$/)
        return
      }
      const { logPEvidence, probabilities, observed } = posterior.right
      const pr = readPr(`${file}.PR`)
      if (pr !== undefined) expect(Math.abs(logPEvidence / Math.LN10 - pr.value)).toBeLessThanOrEqual(halfUnit(pr.value, pr.digits) * (1 + 1e-9))
      const mar = readMar(`${file}.MAR`)
      if (mar !== undefined)
        mar.marginals.forEach((published, v) =>
          published.forEach((p, s) => {
            const ours = observed[v]! >= 0 ? (observed[v] === s ? 1 : 0) : probabilities[v]![s]!
            expect(agreesWithPrinted(ours, p, mar.digits)).toBe(true)
          }),
        )
      // An independent exact answer: variable elimination over the same tables.
      const factors = isBayesianNetwork(model) ? model.cpts : model.factors
      const hard = new Map<VarId, number>()
      observed.forEach((s, v) => {
        if (s >= 0) hard.set(v as VarId, s)
      })
      const ve = variableElimination(factors, { targets: [], evidence: hard, ...(isBayesianNetwork(model) ? { childOf: { kind: 'last' as const } } : {}) })
      if (E.isLeft(ve)) throw new Error(ve.left._tag)
      expect(Math.abs(logPEvidence - ve.right.logEvidence)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ve.right.logEvidence)))
      // MPE: never below the value of the published assignment, on the same tables.
      const published = readAssignment(file)
      const best = mpe(engine.right, { evidence })
      if (E.isLeft(best)) throw new Error(best.left._tag)
      if (published !== undefined) {
        let value = 0
        for (const f of factors) value += Math.log(f.values[f.scope.reduce((at, v, k) => at + published[v]! * f.strides[k]!, 0)]!)
        expect(best.right.logProbability).toBeGreaterThanOrEqual(value - 1e-9 * Math.max(1, Math.abs(value)))
      }
    })
  }
})
