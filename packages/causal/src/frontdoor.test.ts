import { ancestors, descendants } from '@chainrule/graph'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { arbCausalCase, arbFrontdoorCase, bruteForce, bruteForceSource, dagOf, unwrap, type CausalCase } from './causal.fixtures.js'
import { causalDiagram } from './diagram.js'
import { frontdoorEstimand } from './estimand.js'
import { evaluate, valueAt } from './evaluate.js'
import { frontdoorSets, isFrontdoorSet } from './frontdoor.js'
import { identify } from './identify.js'

/** The front-door formula for `set`, evaluated on the exact observational joint, equals do() by enumeration. */
const expectFormulaEqualsDo = (c: CausalCase, set: readonly string[]): void => {
  const value = unwrap(evaluate(frontdoorEstimand(c.treatment, c.outcome, set), bruteForceSource(c.spec)))
  const cardOf = (name: string): number => c.spec.variables.find((v) => v.name === name)!.states.length
  for (let x = 0; x < cardOf(c.treatment[0]!); x++) {
    const truth = bruteForce(c.spec, c.outcome, new Map([[c.treatment[0]!, x]]))!
    for (let y = 0; y < cardOf(c.outcome[0]!); y++)
      expect(Math.abs(unwrap(valueAt(value, { [c.treatment[0]!]: `s${x}`, [c.outcome[0]!]: `s${y}` })) - truth[y]!)).toBeLessThan(1e-12)
  }
}

describe('front-door sets', () => {
  it('around the front-door pattern, every set returned gives do() by the front-door formula, and ID answers too', () => {
    let found = 0
    fc.assert(
      fc.property(arbFrontdoorCase(), (c) => {
        const sets = unwrap(frontdoorSets(c.diagram, c)).sets
        for (const set of sets) {
          found++
          expect(unwrap(isFrontdoorSet(c.diagram, c, set))).toBe(true)
          expectFormulaEqualsDo(c, set)
        }
        if (sets.length > 0) expect(unwrap(identify(c.diagram, c)).identifiable).toBe(true)
      }),
      { numRuns: 150 },
    )
    expect(found).toBeGreaterThan(50)
  })

  it('the sets are the minimal subsets of mediators meeting the criterion, found by trying every subset', () =>
    fc.assert(
      fc.property(fc.oneof(arbFrontdoorCase(), arbCausalCase({ maxVariables: 7, maxTreatments: 1, maxOutcomes: 1 })), (c) => {
        const mediators = c.diagram.observed.filter((v) => !c.treatment.includes(v) && !c.outcome.includes(v))
        const subsets = Array.from({ length: 2 ** mediators.length }, (_, m) => mediators.filter((_, i) => (m >> i) & 1))
        const valid = subsets.filter((s) => unwrap(isFrontdoorSet(c.diagram, c, s)))
        const minimal = valid.filter((s) => !valid.some((t) => t.length < s.length && t.every((v) => s.includes(v))))
        const found = unwrap(frontdoorSets(c.diagram, c))
        expect(found.complete).toBe(true)
        // The mediators: on a causal path from the treatment to the outcome.
        const dag = c.diagram.dag
        const down = new Set(unwrap(descendants(dag, c.treatment[0]!)))
        const up = new Set(unwrap(ancestors(dag, c.outcome[0]!)))
        const mediating = (s: readonly string[]) => s.every((v) => down.has(v) && up.has(v))
        const key = (sets: readonly (readonly string[])[]) => sets.map((s) => s.join(',')).sort()
        expect(key(found.sets)).toEqual(key(minimal.filter(mediating)))
      }),
      { numRuns: 150 },
    ))

  it('the textbook front door: smoking -> tar -> cancer, a hidden genotype behind smoking and cancer', () => {
    const diagram = unwrap(causalDiagram(dagOf([['smoking', 'tar'], ['tar', 'cancer'], ['genotype', 'smoking'], ['genotype', 'cancer']]), { hidden: ['genotype'] }))
    const query = { treatment: ['smoking'], outcome: ['cancer'] }
    expect(unwrap(frontdoorSets(diagram, query)).sets).toEqual([['tar']])
    // The genotype acting on tar too spoils it (condition ii).
    const spoiled = unwrap(causalDiagram(dagOf([['smoking', 'tar'], ['tar', 'cancer'], ['genotype', 'smoking'], ['genotype', 'cancer'], ['genotype', 'tar']]), { hidden: ['genotype'] }))
    expect(unwrap(frontdoorSets(spoiled, query)).sets).toEqual([])
    expect(unwrap(isFrontdoorSet(spoiled, query, ['tar']))).toBe(false)
    // A path around the mediator (condition i).
    const around = unwrap(causalDiagram(dagOf([['smoking', 'tar'], ['tar', 'cancer'], ['smoking', 'cancer'], ['genotype', 'smoking'], ['genotype', 'cancer']]), { hidden: ['genotype'] }))
    expect(unwrap(isFrontdoorSet(around, query, ['tar']))).toBe(false)
  })

  it('the search bound: more mediators than searched says the list may be incomplete', () => {
    const diagram = unwrap(causalDiagram(dagOf([['x', 'm1'], ['x', 'm2'], ['m1', 'y'], ['m2', 'y'], ['u', 'x'], ['u', 'y']]), { hidden: ['u'] }))
    const query = { treatment: ['x'], outcome: ['y'] }
    expect(unwrap(frontdoorSets(diagram, query))).toEqual({ sets: [['m1', 'm2']], complete: true })
    expect(unwrap(frontdoorSets(diagram, query, { maxCandidates: 1 })).complete).toBe(false)
    expect(unwrap(frontdoorSets(diagram, query, { limit: 1 })).complete).toBe(true)
  })
})
