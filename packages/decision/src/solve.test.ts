import { descendants } from '@chainrule/graph'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { defineInfluenceDiagram } from './define-diagram.js'
import { arbDiagram, bruteForceEu, bruteForceMeu, informationSets, oilWildcatter, strategyCount } from './diagram.fixtures.js'
import type { InfluenceDiagram } from './diagram.js'
import { describeError } from './errors.js'
import { solve, type Solution } from './solve.js'
import { solveLimid } from './spu.js'
import { expectedUtility, type Policy } from './strategy.js'
import { valueOfInformation } from './value-of-information.js'

/** A policy's choice (by option name) for one assignment of what it looks at. */
const choose = (diagram: InfluenceDiagram, policy: Policy, given: Record<string, string>): string => {
  const { domain } = diagram.network
  let row = 0
  for (const g of policy.given) {
    const v = domain.byName.get(g)!
    row = row * domain.variables[v]!.states.length + domain.variables[v]!.states.indexOf(given[g]!)
  }
  return domain.variables[domain.byName.get(policy.decision)!]!.states[policy.choice[row]!]!
}

const policyOf = (solution: Solution, decision: string): Policy => solution.policies.find((p) => p.decision === decision)!

describe('the oil wildcatter', () => {
  it('gives the published MEU of 22.5 and policy: test, then drill unless the structure is diffuse', () => {
    const diagram = oilWildcatter()
    const solved = solve(diagram)
    if (E.isLeft(solved)) throw new Error(describeError(solved.left))
    expect(Math.abs(solved.right.meu - 22.5)).toBeLessThan(1e-12)
    expect(choose(diagram, policyOf(solved.right, 'test'), {})).toBe('yes')
    const drill = policyOf(solved.right, 'drill')
    expect(drill.given).toEqual(['test', 'seismic'])
    expect(choose(diagram, drill, { test: 'yes', seismic: 'closed' })).toBe('yes')
    expect(choose(diagram, drill, { test: 'yes', seismic: 'open' })).toBe('yes')
    expect(choose(diagram, drill, { test: 'yes', seismic: 'diffuse' })).toBe('no')
    // Without the test, drilling is worth 0.5(-70) + 0.3(50) + 0.2(200) = 20 > 0.
    expect(choose(diagram, drill, { test: 'no', seismic: 'none' })).toBe('yes')
    // The perfect-recall diagram as a LIMID: single policy updating finds the same, and says it is global.
    const spu = solveLimid(diagram)
    if (E.isLeft(spu)) throw new Error(describeError(spu.left))
    expect(Math.abs(spu.right.meu - 22.5)).toBeLessThan(1e-12)
    expect(spu.right.optimality).toBe('global')
  })

  it('the test is worth 12.5 before it costs anything; perfect information on the oil, 32.5', () => {
    const diagram = oilWildcatter()
    // Without testing the best is to drill: 20. With the test free: 32.5. With the oil known before drilling: 55.
    const evpi = valueOfInformation(diagram, 'oil', 'drill')
    if (E.isLeft(evpi)) throw new Error(describeError(evpi.left))
    expect(Math.abs(evpi.right.value - 32.5)).toBeLessThan(1e-12)
    expect(Math.abs(evpi.right.with.meu - 55)).toBeLessThan(1e-12)
    const told = solve(diagram, { evidence: { test: 'no' } })
    if (E.isLeft(told)) throw new Error(describeError(told.left))
    expect(Math.abs(told.right.meu - 20)).toBeLessThan(1e-12)
  })
})

/**
 * A test-and-treat decision (Pauker & Kassirer 1980, "The threshold approach
 * to clinical decision making"): disease with prior p; a test with
 * sensitivity s and specificity c that costs r; treating gains B for the
 * diseased and costs C for the healthy. The published thresholds
 *   testing:            T_t   = ((1 - c) C + r) / ((1 - c) C + s B)
 *   test-treatment:     T_trt = (c C - r) / (c C + (1 - s) B)
 * split the prior into three policies: below T_t neither test nor treat,
 * between them test and treat the positives, above T_trt treat untested.
 */
describe('a medical test-and-treat decision', () => {
  const [s, c, r, B, C] = [0.9, 0.8, 0.02, 0.4, 0.1]
  const testThreshold = ((1 - c) * C + r) / ((1 - c) * C + s * B)
  const treatThreshold = (c * C - r) / (c * C + (1 - s) * B)
  const diagramFor = (p: number) => {
    const built = defineInfluenceDiagram({
      states: { disease: ['absent', 'present'], test: ['no', 'yes'], result: ['none', 'negative', 'positive'], treat: ['no', 'yes'] },
      decisions: { test: [], treat: ['test', 'result'] },
      parents: { result: ['disease', 'test'] },
      tables: {
        disease: [1 - p, p],
        result: ({ disease, test }) => (test === 'no' ? [1, 0, 0] : disease === 'present' ? [0, 1 - s, s] : [0, c, 1 - c]),
      },
      utilities: { health: ['disease', 'treat'], testRisk: ['test'] },
      utilityTables: { health: { absent: { no: 1, yes: 1 - C }, present: { no: 0.5, yes: 0.5 + B } }, testRisk: { no: 0, yes: -r } },
    })
    if (E.isLeft(built)) throw new Error(describeError(built.left))
    return built.right
  }

  it('the thresholds fall where Pauker and Kassirer place them, and each region gets its policy and MEU', () => {
    expect(testThreshold).toBeGreaterThan(0)
    expect(treatThreshold).toBeGreaterThan(testThreshold)
    for (const p of [testThreshold / 2, (testThreshold + treatThreshold) / 2, (treatThreshold + 1) / 2]) {
      const diagram = diagramFor(p)
      const solved = solve(diagram)
      if (E.isLeft(solved)) throw new Error(describeError(solved.left))
      const test = choose(diagram, policyOf(solved.right, 'test'), {})
      const treat = policyOf(solved.right, 'treat')
      const noAction = (1 - p) * 1 + p * 0.5
      const treatAll = (1 - p) * (1 - C) + p * (0.5 + B)
      const testAndTreat = -r + (1 - p) * (c * 1 + (1 - c) * (1 - C)) + p * (s * (0.5 + B) + (1 - s) * 0.5)
      if (p < testThreshold) {
        expect(test).toBe('no')
        expect(choose(diagram, treat, { test: 'no', result: 'none' })).toBe('no')
        expect(Math.abs(solved.right.meu - noAction)).toBeLessThan(1e-12)
      } else if (p < treatThreshold) {
        expect(test).toBe('yes')
        expect(choose(diagram, treat, { test: 'yes', result: 'positive' })).toBe('yes')
        expect(choose(diagram, treat, { test: 'yes', result: 'negative' })).toBe('no')
        expect(Math.abs(solved.right.meu - testAndTreat)).toBeLessThan(1e-12)
      } else {
        expect(test).toBe('no')
        expect(choose(diagram, treat, { test: 'no', result: 'none' })).toBe('yes')
        expect(Math.abs(solved.right.meu - treatAll)).toBeLessThan(1e-12)
      }
      expect(Math.abs(solved.right.meu - Math.max(noAction, treatAll, testAndTreat))).toBeLessThan(1e-12)
    }
  })
})

/**
 * Random evidence: the first decisions already taken (a prefix of the
 * temporal order: none half of the time),
 * then chance variables that no open decision influences (each observed with
 * probability 1/4).
 */
const arbEvidence = (diagram: InfluenceDiagram): fc.Arbitrary<Int32Array> => {
  const { dag, domain } = diagram.network
  const ordered = dag.topologicalIds.filter((v) => diagram.decisions.includes(v))
  const pick = (card: number) => fc.oneof(fc.constant(-1), fc.constant(-1), fc.constant(-1), fc.integer({ min: 0, max: card - 1 }))
  return fc
    .tuple(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: ordered.length })), fc.tuple(...ordered.map((d) => fc.integer({ min: 0, max: domain.variables[d]!.states.length - 1 }))))
    .chain(([taken, options]) => {
      const fixed = new Map(ordered.slice(0, taken).map((d, k) => [d, options[k]!]))
      const open = ordered.filter((d) => !fixed.has(d))
      const influenced = new Set(open.flatMap((d) => E.getOrElse(() => [] as readonly string[])(descendants(dag, dag.nodes[d]!))))
      return fc
        .tuple(
          ...domain.variables.map((v) =>
            diagram.decisions.includes(v.id) ? fc.constant(fixed.get(v.id) ?? -1) : influenced.has(v.name) ? fc.constant(-1) : pick(v.states.length),
          ),
        )
        .map((states) => Int32Array.from(states))
    })
}

const byName = (diagram: InfluenceDiagram, states: Int32Array): Record<string, string> =>
  Object.fromEntries(diagram.network.domain.variables.flatMap((v) => (states[v.id]! >= 0 ? [[v.name, v.states[states[v.id]!]!]] : [])))

const strategyFunction = (diagram: InfluenceDiagram, policies: readonly Policy[]) => (d: number, x: Int32Array): number => {
  const { domain } = diagram.network
  const policy = policies.find((p) => p.decision === domain.variables[d]!.name)!
  const row = policy.given.reduce((r, g) => {
    const v = domain.byName.get(g)!
    return r * domain.variables[v]!.states.length + x[v]!
  }, 0)
  return policy.choice[row]!
}

describe('random diagrams against brute force over all strategies', () => {
  const withEvidence = arbDiagram({ maxVars: 5 }).chain((diagram) => fc.tuple(fc.constant(diagram), arbEvidence(diagram)))

  it('the exact MEU equals the best expected utility of any strategy with no-forgetting, and the policies returned achieve it', () =>
    fc.assert(
      fc.property(withEvidence, ([diagram, evidence]) => {
        const sets = informationSets(diagram, evidence, true)
        fc.pre(strategyCount(diagram, sets, evidence) <= 5000)
        const best = bruteForceMeu(diagram, evidence, sets)
        const solved = solve(diagram, { evidence: byName(diagram, evidence) })
        if (best === -Infinity) {
          expect(E.isLeft(solved) && solved.left._tag).toBe('ImpossibleEvidence')
          return
        }
        if (E.isLeft(solved)) throw new Error(describeError(solved.left))
        expect(Math.abs(solved.right.meu - best)).toBeLessThan(1e-12 * Math.max(1, Math.abs(best)))
        expect(solved.right.optimality).toBe('global')
        // Each policy looks only at what its decision knows, and following them earns the MEU.
        for (const p of solved.right.policies) {
          const d = diagram.network.domain.byName.get(p.decision)!
          for (const g of p.given) expect(sets.get(d)).toContain(diagram.network.domain.byName.get(g))
        }
        expect(Math.abs(bruteForceEu(diagram, evidence, strategyFunction(diagram, solved.right.policies)) - best)).toBeLessThan(1e-12 * Math.max(1, Math.abs(best)))
        const eu = expectedUtility(diagram, solved.right.policies, { evidence: byName(diagram, evidence) })
        expect(E.isRight(eu) && Math.abs(eu.right - best)).toBeLessThan(1e-12 * Math.max(1, Math.abs(best)))
      }),
      { numRuns: 150 },
    ))

  it('single policy updating: a strategy no single policy change improves, its MEU reported exactly; global with perfect recall', () =>
    fc.assert(
      fc.property(arbDiagram({ maxVars: 5, ordered: false }), (diagram) => {
        const none = new Int32Array(diagram.network.dag.nodes.length).fill(-1)
        const sets = informationSets(diagram, none, false)
        fc.pre(strategyCount(diagram, sets, none) <= 5000)
        const solved = solveLimid(diagram)
        if (E.isLeft(solved)) throw new Error(describeError(solved.left))
        const policies = solved.right.policies
        const eu = bruteForceEu(diagram, none, strategyFunction(diagram, policies))
        expect(Math.abs(solved.right.meu - eu)).toBeLessThan(1e-12 * Math.max(1, Math.abs(eu)))
        const best = bruteForceMeu(diagram, none, sets)
        expect(solved.right.meu).toBeLessThanOrEqual(best + 1e-12 * Math.max(1, Math.abs(best)))
        if (solved.right.optimality === 'global') expect(Math.abs(solved.right.meu - best)).toBeLessThan(1e-12 * Math.max(1, Math.abs(best)))
        // Local optimality: changing one choice of one policy never helps.
        for (const [k, p] of policies.entries())
          for (let row = 0; row < p.choice.length; row++)
            for (let option = 0; option < 2; option++) {
              const changed = policies.map((q, j) => (j === k ? { ...q, choice: Int32Array.from(q.choice, (x, r) => (r === row ? option : x)) } : q))
              expect(bruteForceEu(diagram, none, strategyFunction(diagram, changed))).toBeLessThanOrEqual(eu + 1e-9 * Math.max(1, Math.abs(eu)))
            }
      }),
      { numRuns: 120 },
    ))

  it('on diagrams with perfect recall, single policy updating is marked global and agrees with exact elimination', () =>
    fc.assert(
      fc.property(arbDiagram({ maxVars: 5 }), (diagram) => {
        // Add the no-forgetting arcs, so that the LIMID has perfect recall.
        const none = new Int32Array(diagram.network.dag.nodes.length).fill(-1)
        const sets = informationSets(diagram, none, true)
        fc.pre(strategyCount(diagram, sets, none) <= 5000)
        const exact = solve(diagram)
        if (E.isLeft(exact)) throw new Error(describeError(exact.left))
        const { dag } = diagram.network
        const recall = [...sets].every(([d, set]) => set.every((v) => dag.parentIds[d]!.includes(v)))
        const spu = solveLimid(diagram)
        if (E.isLeft(spu)) throw new Error(describeError(spu.left))
        if (recall) {
          expect(spu.right.optimality).toBe('global')
          expect(Math.abs(spu.right.meu - exact.right.meu)).toBeLessThan(1e-12 * Math.max(1, Math.abs(exact.right.meu)))
        } else expect(spu.right.meu).toBeLessThanOrEqual(exact.right.meu + 1e-12 * Math.max(1, Math.abs(exact.right.meu)))
      }),
      { numRuns: 120 },
    ))

  it('the value of perfect information is never negative', () =>
    fc.assert(
      fc.property(arbDiagram({ maxVars: 5 }), (diagram) => {
        const { dag } = diagram.network
        let checked = 0
        for (const d of diagram.decisions) {
          const after = new Set(E.getOrElse(() => [] as readonly string[])(descendants(dag, dag.nodes[d]!)))
          for (const v of dag.nodes) {
            if (diagram.decisions.includes(dag.nodes.indexOf(v)) || after.has(v)) continue
            const evpi = valueOfInformation(diagram, v, dag.nodes[d]!)
            if (E.isLeft(evpi)) throw new Error(describeError(evpi.left))
            expect(evpi.right.value).toBeGreaterThanOrEqual(0)
            expect(Math.abs(evpi.right.value - Math.max(0, evpi.right.with.meu - evpi.right.without.meu))).toBeLessThan(1e-9)
            checked++
          }
        }
        expect(checked).toBeGreaterThanOrEqual(0)
      }),
      { numRuns: 100 },
    ))
})
