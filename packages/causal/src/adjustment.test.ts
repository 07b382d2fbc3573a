import { dSeparated, descendants, fromParents, type Dag } from '@chainrule/graph'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { adjustmentSets, backdoorSets, isAdjustmentSet, isBackdoorSet } from './adjustment.js'
import { arbCausalCase, bruteForce, bruteForceSource, dagOf, unwrap, type CausalCase } from './causal.fixtures.js'
import { causalDiagram } from './diagram.js'
import { adjustmentEstimand } from './estimand.js'
import { evaluate, valueAt } from './evaluate.js'

/** G with the treatments' outgoing arcs removed, built afresh from parent lists. */
const withoutOutgoing = (dag: Dag, treatment: readonly string[]): Dag =>
  unwrap(fromParents(new Map(dag.nodes.map((name, v) => [name, dag.parentIds[v]!.map((p) => dag.nodes[p]!).filter((p) => !treatment.includes(p))]))))

/** Pearl's backdoor criterion, from its definition. */
const meetsBackdoor = (c: CausalCase, set: readonly string[]): boolean => {
  const dag = c.diagram.dag
  const banned = new Set([...c.treatment, ...c.outcome, ...c.hidden, ...c.treatment.flatMap((x) => unwrap(descendants(dag, x)))])
  return set.every((z) => !banned.has(z)) && unwrap(dSeparated(withoutOutgoing(dag, c.treatment), c.treatment, c.outcome, set))
}

/** Every subset of the observed variables outside treatment and outcome. */
const candidateSubsets = (c: CausalCase): string[][] => {
  const pool = c.diagram.observed.filter((v) => !c.treatment.includes(v) && !c.outcome.includes(v))
  return Array.from({ length: 2 ** pool.length }, (_, mask) => pool.filter((_, i) => (mask >> i) & 1))
}

const minimalOf = (sets: readonly string[][]): string[][] =>
  sets.filter((s) => !sets.some((t) => t.length < s.length && t.every((v) => s.includes(v))))

const canonical = (sets: readonly (readonly string[])[]): string[] => sets.map((s) => [...s].sort().join(',')).sort()

/** Every state combination of some variables of a spec, by name -> state index. */
const assignments = (c: CausalCase, names: readonly string[]): Map<string, number>[] => {
  const cards = names.map((n) => c.spec.variables.find((v) => v.name === n)!.states.length)
  const out: Map<string, number>[] = []
  const total = cards.reduce((a, b) => a * b, 1)
  for (let k = 0; k < total; k++) {
    let rest = k
    const a = new Map<string, number>()
    for (let i = names.length - 1; i >= 0; i--) {
      a.set(names[i]!, rest % cards[i]!)
      rest = Math.floor(rest / cards[i]!)
    }
    out.push(a)
  }
  return out
}

/** The adjustment formula for `set`, evaluated on the exact observational joint, equals do() by the truncated factorisation. */
const expectAdjustmentEqualsDo = (c: CausalCase, set: readonly string[]): void => {
  const source = bruteForceSource(c.spec)
  const value = unwrap(evaluate(adjustmentEstimand(c.treatment, c.outcome, set), source))
  for (const x of assignments(c, c.treatment)) {
    const truth = bruteForce(c.spec, c.outcome, x)!
    assignments(c, c.outcome).forEach((y, k) => {
      const at = Object.fromEntries([...x, ...y].map(([name, s]) => [name, `s${s}`]))
      expect(Math.abs(unwrap(valueAt(value, at)) - truth[k]!)).toBeLessThan(1e-12)
    })
  }
}

describe('backdoor sets', () => {
  it('every set returned meets the backdoor criterion, by d-separation in the graph without the treatments\' outgoing arcs', () =>
    fc.assert(
      fc.property(arbCausalCase({ maxVariables: 9 }), (c) => {
        const found = unwrap(backdoorSets(c.diagram, c, { limit: 50 }))
        for (const set of found.sets) {
          expect(meetsBackdoor(c, set)).toBe(true)
          expect(unwrap(isBackdoorSet(c.diagram, c, set))).toBe(true)
        }
      }),
      { numRuns: 300 },
    ))

  it('they are exactly the minimal backdoor sets found by trying every subset', () =>
    fc.assert(
      fc.property(arbCausalCase({ maxVariables: 8 }), (c) => {
        const subsets = candidateSubsets(c)
        const valid = subsets.filter((s) => meetsBackdoor(c, s))
        const found = unwrap(backdoorSets(c.diagram, c, { limit: 1000 }))
        expect(found.complete).toBe(true)
        expect(canonical(found.sets)).toEqual(canonical(minimalOf(valid)))
        for (const s of subsets) expect(unwrap(isBackdoorSet(c.diagram, c, s))).toBe(meetsBackdoor(c, s))
      }),
      { numRuns: 200 },
    ))

  it('the adjustment formula over each set, from the exact observational joint, equals do() (random DAGs, random hidden sets)', () =>
    fc.assert(
      fc.property(arbCausalCase({ maxVariables: 7 }), (c) => {
        const found = unwrap(backdoorSets(c.diagram, c, { limit: 4 }))
        for (const set of found.sets) expectAdjustmentEqualsDo(c, set)
      }),
      { numRuns: 150 },
    ))

  it('a limit stops the listing and says so', () => {
    // Two disjoint backdoor paths, each blockable at either of two nodes: four minimal sets.
    const dag = dagOf([['a1', 'a2'], ['a2', 'x'], ['a1', 'y'], ['b1', 'b2'], ['b2', 'x'], ['b1', 'y'], ['x', 'y']])
    const diagram = unwrap(causalDiagram(dag))
    const all = unwrap(backdoorSets(diagram, { treatment: ['x'], outcome: ['y'] }))
    expect(canonical(all.sets)).toEqual(['a1,b1', 'a1,b2', 'a2,b1', 'a2,b2'])
    expect(all.complete).toBe(true)
    const two = unwrap(backdoorSets(diagram, { treatment: ['x'], outcome: ['y'] }, { limit: 2 }))
    expect(two.sets).toHaveLength(2)
    expect(two.complete).toBe(false)
  })
})

describe('generalized adjustment sets', () => {
  it('each minimal adjustment set gives do() by the adjustment formula, and they are the minimal valid sets among all subsets', () =>
    fc.assert(
      fc.property(arbCausalCase({ maxVariables: 7 }), (c) => {
        const found = unwrap(adjustmentSets(c.diagram, c, { limit: 1000 }))
        for (const set of found.sets.slice(0, 4)) expectAdjustmentEqualsDo(c, set)
        const valid = candidateSubsets(c).filter((s) => unwrap(isAdjustmentSet(c.diagram, c, s)))
        expect(canonical(found.sets)).toEqual(canonical(minimalOf(valid)))
        // Every backdoor set is an adjustment set.
        for (const s of unwrap(backdoorSets(c.diagram, c)).sets) expect(unwrap(isAdjustmentSet(c.diagram, c, s))).toBe(true)
      }),
      { numRuns: 120 },
    ))

  it('a set holding a descendant of the treatment off the causal paths is an adjustment set, never a backdoor set', () => {
    const dag = dagOf([['c', 'x'], ['c', 'y'], ['x', 'y'], ['x', 'w'], ['c', 'w']])
    const diagram = unwrap(causalDiagram(dag))
    const query = { treatment: ['x'], outcome: ['y'] }
    expect(unwrap(isAdjustmentSet(diagram, query, ['c', 'w']))).toBe(true)
    expect(unwrap(isBackdoorSet(diagram, query, ['c', 'w']))).toBe(false)
    expect(unwrap(isAdjustmentSet(diagram, query, ['w']))).toBe(false)
  })
})

describe('bad questions are typed errors', () => {
  const diagram = unwrap(causalDiagram(dagOf([['u', 'x'], ['x', 'y'], ['u', 'y']]), { hidden: ['u'] }))
  const tag = (e: E.Either<{ _tag: string }, unknown>): string => (E.isLeft(e) ? e.left._tag : 'Right')
  it('unknown, hidden, overlapping, empty, bad limit', () => {
    expect(tag(backdoorSets(diagram, { treatment: ['q'], outcome: ['y'] }))).toBe('UnknownVariable')
    expect(tag(backdoorSets(diagram, { treatment: ['u'], outcome: ['y'] }))).toBe('HiddenVariable')
    expect(tag(backdoorSets(diagram, { treatment: ['x'], outcome: ['x'] }))).toBe('OverlappingRoles')
    expect(tag(backdoorSets(diagram, { treatment: [], outcome: ['y'] }))).toBe('EmptySet')
    expect(tag(backdoorSets(diagram, { treatment: ['x'], outcome: ['y'] }, { limit: 0 }))).toBe('InvalidOption')
    expect(tag(isBackdoorSet(diagram, { treatment: ['x'], outcome: ['y'] }, ['nope']))).toBe('UnknownVariable')
    // A hidden variable is never in a backdoor set: the answer is no, not an error.
    expect(unwrap(isBackdoorSet(diagram, { treatment: ['x'], outcome: ['y'] }, ['u']))).toBe(false)
    expect(unwrap(backdoorSets(diagram, { treatment: ['x'], outcome: ['y'] })).sets).toEqual([])
  })
})
