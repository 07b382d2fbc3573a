import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { defineInfluenceDiagram } from './define-diagram.js'
import { diagramFromSpec } from './diagram.js'
import { describeError, type DecisionError } from './errors.js'
import { oilWildcatter } from './diagram.fixtures.js'
import { solve } from './solve.js'
import { solveLimid } from './spu.js'
import { expectedUtility, strategyNetwork } from './strategy.js'
import { toDiagramSpec, valueOfInformation } from './value-of-information.js'

const tagOf = <T>(r: E.Either<DecisionError, T>): string | undefined => (E.isLeft(r) ? r.left._tag : undefined)

describe('declaring a diagram', () => {
  it('keeps decisions, information arcs and utilities, and goes back to the same plain data', () => {
    const diagram = oilWildcatter()
    const { dag } = diagram.network
    expect(diagram.decisions.map((d) => dag.nodes[d])).toEqual(['test', 'drill'])
    expect(dag.parentIds[dag.nodes.indexOf('drill')]!.map((p) => dag.nodes[p])).toEqual(['test', 'seismic'])
    expect(diagram.utilities.map((u) => [u.name, u.scope.map((v) => dag.nodes[v]), Array.from(u.values)])).toEqual([
      ['testCost', ['test'], [-10, 0]],
      ['payoff', ['drill', 'oil'], [-70, 50, 200, 0, 0, 0]],
    ])
    const again = diagramFromSpec(toDiagramSpec(diagram))
    if (E.isLeft(again)) throw new Error(describeError(again.left))
    const a = solve(diagram)
    const b = solve(again.right)
    expect(E.isRight(a) && E.isRight(b) && a.right.meu === b.right.meu).toBe(true)
  })

  it('reports problems in the names of the declaration: chance part, utilities, shapes and numbers', () => {
    const base = { states: { x: ['a', 'b'], d: ['no', 'yes'] }, decisions: { d: ['x'] }, tables: { x: [0.5, 0.5] } } as const
    expect(tagOf(defineInfluenceDiagram({ ...base, tables: { x: [0.5, 0.6] }, utilities: {}, utilityTables: {} }))).toBe('Network')
    expect(tagOf(defineInfluenceDiagram({ ...base, utilities: { u: ['x'] }, utilityTables: { u: [1, 2, 3] } }))).toBe('UtilityTableShape')
    expect(tagOf(defineInfluenceDiagram({ ...base, utilities: { u: ['x'] }, utilityTables: { u: [1, Number.NaN] } }))).toBe('InvalidUtility')
    expect(tagOf(defineInfluenceDiagram({ ...base, utilities: { u: ['x', 'd'] }, utilityTables: { u: { a: { no: 1 }, b: { no: 1, yes: 2 } } } }))).toBe('UtilityTableShape')
    expect(tagOf(defineInfluenceDiagram({ ...base, utilities: { x: ['d'] }, utilityTables: { x: [0, 1] } }))).toBe('DuplicateUtility')
    // @ts-expect-error a utility parent that is no variable
    expect(tagOf(defineInfluenceDiagram({ ...base, utilities: { u: ['y'] }, utilityTables: { u: [1] } }))).toBe('UnknownParent')
    const spec = toDiagramSpec(oilWildcatter())
    expect(tagOf(diagramFromSpec({ ...spec, utilities: [{ name: 'u', parents: ['oil', 'oil'], table: [1, 2, 3, 4, 5, 6, 7, 8, 9] }] }))).toBe('DuplicateParent')
    expect(tagOf(diagramFromSpec({ ...spec, utilities: [{ name: 'u', parents: ['gas'], table: [1] }] }))).toBe('UnknownParent')
    // A decision whose information arcs make a cycle.
    expect(tagOf(diagramFromSpec({ ...spec, variables: spec.variables.map((v) => (v.name === 'test' ? { ...v, parents: ['drill'] } : v)) }))).toBe('Network')
  })

  it('utility tables by function, nested records and flat numbers agree', () => {
    const make = (table: never) =>
      defineInfluenceDiagram({
        states: { x: ['a', 'b'], d: ['no', 'yes'] },
        decisions: { d: [] },
        tables: { x: [0.25, 0.75] },
        utilities: { u: ['x', 'd'] },
        utilityTables: { u: table },
      })
    const forms = [[1, 2, 3, 4], { a: { no: 1, yes: 2 }, b: { no: 3, yes: 4 } }, [[1, 2], [3, 4]], ({ x, d }: { x: string; d: string }) => (x === 'a' ? 1 : 3) + (d === 'yes' ? 1 : 0)]
    const values = forms.map((f) => {
      const built = make(f as never)
      if (E.isLeft(built)) throw new Error(describeError(built.left))
      return Array.from(built.right.utilities[0]!.values)
    })
    for (const v of values) expect(v).toEqual([1, 2, 3, 4])
  })
})

describe('solving errors', () => {
  it('unordered decisions are refused by exact solving and solved as a LIMID', () => {
    const meet = defineInfluenceDiagram({
      states: { a: ['left', 'right'], b: ['left', 'right'] },
      decisions: { a: [], b: [] },
      tables: {},
      utilities: { together: ['a', 'b'] },
      utilityTables: { together: [[1, 0], [0, 2]] },
    })
    if (E.isLeft(meet)) throw new Error('define')
    expect(solve(meet.right)).toEqual(E.left({ _tag: 'DecisionsNotOrdered', decisions: ['a', 'b'] }))
    const limid = solveLimid(meet.right)
    expect(E.isRight(limid) && [limid.right.meu, limid.right.optimality, limid.right.method]).toEqual([2, 'local', 'single-policy-updating'])
    expect(tagOf(solveLimid(meet.right, { maxSweeps: 0 }))).toBe('InvalidOption')
  })

  it('evidence: unknown names and states, a consequence of an open decision, probability zero; a decision taken', () => {
    const diagram = oilWildcatter()
    expect(tagOf(solve(diagram, { evidence: { gas: 'yes' } }))).toBe('UnknownVariable')
    expect(tagOf(solve(diagram, { evidence: { oil: 'oily' } }))).toBe('UnknownState')
    expect(solve(diagram, { evidence: { seismic: 'open' } })).toEqual(E.left({ _tag: 'EvidenceAfterDecision', variable: 'seismic', decision: 'test' }))
    // Once the test is decided, its reading can be given.
    const tested = solve(diagram, { evidence: { test: 'yes', seismic: 'closed' } })
    if (E.isLeft(tested)) throw new Error(describeError(tested.left))
    // E[payoff | closed] = 21 / 0.24 = 87.5, minus the test's 10.
    expect(Math.abs(tested.right.meu - 77.5)).toBeLessThan(1e-12)
    expect(tagOf(solve(diagram, { evidence: { test: 'no', seismic: 'closed' } }))).toBe('ImpossibleEvidence')
    expect(tagOf(solve(diagram, { memoryBudgetBytes: 16 }))).toBe('EliminationOverBudget')
  })

  it('a decision already taken knew its parents: the later decisions know them too (no-forgetting)', () => {
    const guess = defineInfluenceDiagram({
      states: { coin: ['heads', 'tails'], look: ['done'], call: ['heads', 'tails'] },
      decisions: { look: ['coin'], call: ['look'] },
      tables: { coin: [0.5, 0.5] },
      utilities: { right: ['coin', 'call'] },
      utilityTables: { right: [[1, 0], [0, 1]] },
    })
    if (E.isLeft(guess)) throw new Error(describeError(guess.left))
    // Whoever looked at the coin calls it right: 1. Without remembering it, a guess: 0.5.
    const solved = solve(guess.right, { evidence: { look: 'done' } })
    if (E.isLeft(solved)) throw new Error(describeError(solved.left))
    expect(solved.right.meu).toBe(1)
    expect(solved.right.policies.find((p) => p.decision === 'call')!.given).toEqual(['coin'])
  })

  it('value of information needs a chance variable observable before a decision', () => {
    const diagram = oilWildcatter()
    expect(tagOf(valueOfInformation(diagram, 'test', 'drill'))).toBe('NotAChanceVariable')
    expect(tagOf(valueOfInformation(diagram, 'oil', 'seismic'))).toBe('NotADecision')
    expect(tagOf(valueOfInformation(diagram, 'seismic', 'test'))).toBe('NotObservableBefore')
    // Already known when drilling: worth nothing more.
    const known = valueOfInformation(diagram, 'seismic', 'drill')
    expect(E.isRight(known) && known.right.value).toBe(0)
  })

  it('a strategy must give each decision one policy of the right size', () => {
    const diagram = oilWildcatter()
    const solved = solve(diagram)
    if (E.isLeft(solved)) throw new Error('solve')
    const policies = solved.right.policies
    expect(tagOf(expectedUtility(diagram, policies.slice(1)))).toBe('InvalidStrategy')
    expect(tagOf(expectedUtility(diagram, [...policies.slice(0, 1), { ...policies[1]!, choice: Int32Array.of(0) }]))).toBe('InvalidStrategy')
    expect(tagOf(strategyNetwork(diagram, [...policies, { decision: 'oil', given: [], choice: Int32Array.of(0) }]))).toBe('InvalidStrategy')
    for (const e of [E.left({ _tag: 'EliminationOverBudget', entries: 10, budgetBytes: 8 }), E.left({ _tag: 'InvalidStrategy', reason: 'x' })] as E.Either<DecisionError, never>[])
      expect(E.isLeft(e) && describeError(e.left).length).toBeGreaterThan(0)
  })
})
