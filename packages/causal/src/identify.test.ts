import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { backdoorSets } from './adjustment.js'
import { arbCausalCase, bruteForce, bruteForceSource, dagOf, unwrap, type CausalCase } from './causal.fixtures.js'
import { causalDiagram } from './diagram.js'
import { freeVariables, type Estimand } from './estimand.js'
import { evaluate, valueAt, type ProbabilitySource } from './evaluate.js'
import { frontdoorSets } from './frontdoor.js'
import { identify, type Identification } from './identify.js'
import { renderEstimand } from './render.js'
import { networkFromSpec, type NetworkSpec } from '@chainrule/models'

const identified = (edges: readonly (readonly [string, string])[], hidden: readonly string[], treatment: string[], outcome: string[], given: string[] = []): Identification =>
  unwrap(identify(unwrap(causalDiagram(dagOf(edges), { hidden })), { treatment, outcome, given }))

const text = (answer: Identification, values: readonly string[] = []): string => {
  if (!answer.identifiable) throw new Error(`not identifiable: ${JSON.stringify(answer.hedge)}`)
  return renderEstimand(answer.estimand, { values })
}

const P = (of: string[], given: string[] = []): Estimand => ({ kind: 'probability', of, given })

describe('ID on textbook graphs', () => {
  it('the front-door graph gives the front-door formula', () => {
    const frontDoor = identified([['x', 'z'], ['z', 'y'], ['u', 'x'], ['u', 'y']], ['u'], ['x'], ['y'])
    expect(text(frontDoor)).toBe("Σ_z P(z | x) Σ_x' P(x') P(y | x', z)")
    if (frontDoor.identifiable) expect(renderEstimand(frontDoor.estimand, { format: 'latex' })).toBe("\\sum_{z} P(z \\mid x) \\sum_{x'} P(x') P(y \\mid x', z)")
  })

  it('an observed confounder gives the backdoor adjustment; no confounding gives the conditional', () => {
    expect(text(identified([['c', 'x'], ['c', 'y'], ['x', 'y']], [], ['x'], ['y']))).toBe('Σ_c P(c) P(y | c, x)')
    expect(text(identified([['x', 'y']], [], ['x'], ['y']))).toBe('P(y | x)')
    // A hidden cause of the treatment alone confounds nothing.
    expect(text(identified([['u', 'x'], ['x', 'y']], ['u'], ['x'], ['y']))).toBe('P(y | x)')
  })

  it('the bow arc, a confounded first link, and the instrument give the known hedges', () => {
    expect(identified([['x', 'y'], ['u', 'x'], ['u', 'y']], ['u'], ['x'], ['y'])).toEqual({ identifiable: false, hedge: { forest: ['x', 'y'], subforest: ['y'] } })
    expect(identified([['x', 'z'], ['z', 'y'], ['u', 'x'], ['u', 'z']], ['u'], ['x'], ['y'])).toEqual({ identifiable: false, hedge: { forest: ['x', 'z'], subforest: ['z'] } })
    expect(identified([['z', 'x'], ['x', 'y'], ['u', 'x'], ['u', 'y']], ['u'], ['x'], ['y'])).toEqual({ identifiable: false, hedge: { forest: ['x', 'y'], subforest: ['y'] } })
  })

  it('the napkin graph gives an estimand equal to Pearl\'s Σ_w P(x, y | z, w) P(w) / Σ_w P(x | z, w) P(w), at every z', () => {
    const edges = [['w', 'z'], ['z', 'x'], ['x', 'y'], ['u1', 'w'], ['u1', 'x'], ['u2', 'w'], ['u2', 'y']] as const
    const answer = identified(edges, ['u1', 'u2'], ['x'], ['y'])
    if (!answer.identifiable) throw new Error('napkin')
    expect(freeVariables(answer.estimand).sort()).toEqual(['x', 'y'])
    const napkin: Estimand = {
      kind: 'ratio',
      numerator: { kind: 'sum', over: ['w'], of: { kind: 'product', factors: [P(['x', 'y'], ['z', 'w']), P(['w'])] } },
      denominator: { kind: 'sum', over: ['w'], of: { kind: 'product', factors: [P(['x'], ['z', 'w']), P(['w'])] } },
    }
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 64, maxLength: 64 }), (weights) => {
        const spec = binarySpec(edges, weights)
        const source = bruteForceSource(spec)
        const ours = unwrap(evaluate(answer.estimand, source))
        const pearl = unwrap(evaluate(napkin, source))
        for (const x of ['s0', 's1']) {
          const truth = bruteForce(spec, ['y'], new Map([['x', Number(x[1])]]))!
          for (const [k, y] of ['s0', 's1'].entries()) {
            expect(Math.abs(unwrap(valueAt(ours, { x, y })) - truth[k]!)).toBeLessThan(1e-12)
            for (const z of ['s0', 's1']) expect(Math.abs(unwrap(valueAt(pearl, { x, y, z })) - truth[k]!)).toBeLessThan(1e-12)
          }
        }
      }),
      { numRuns: 30 },
    )
  })

  it('conditional effects (IDC): an observation the outcome ignores once intervened on moves into the treatment', () => {
    const answer = identified([['x', 'z'], ['z', 'y'], ['u', 'x'], ['u', 'y']], ['u'], ['x'], ['y'], ['z'])
    expect(text(answer, ['x', 'y', 'z'])).toBe("Σ_x' P(x') P(y | x', z)")
    // P(y | do(x), w) with w a second effect of x: a ratio of identified joints.
    const two = identified([['x', 'y'], ['x', 'w']], [], ['x'], ['y'], ['w'])
    expect(text(two)).toBe('P(y | x)')
  })
})

/** A network over the named nodes (two states each), tables from `weights`, in edge order of first appearance. */
const binarySpec = (edges: readonly (readonly [string, string])[], weights: readonly number[]): NetworkSpec => {
  const names: string[] = []
  for (const name of edges.flat()) if (!names.includes(name)) names.push(name)
  let w = 0
  return {
    variables: names.map((name) => {
      const parents = edges.filter(([, to]) => to === name).map(([from]) => from)
      const table: number[] = []
      for (let r = 0; r < 2 ** parents.length; r++) {
        const a = weights[w++ % weights.length]!
        const b = weights[w++ % weights.length]!
        table.push(a / (a + b), b / (a + b))
      }
      return { name, states: ['s0', 's1'], parents, table }
    }),
  }
}

/** Every state combination of named variables of a spec. */
const combos = (spec: NetworkSpec, names: readonly string[]): Map<string, number>[] => {
  let out: Map<string, number>[] = [new Map()]
  for (const name of names) {
    const card = spec.variables.find((v) => v.name === name)!.states.length
    out = out.flatMap((a) => Array.from({ length: card }, (_, s) => new Map([...a, [name, s]])))
  }
  return out
}

/** The estimand, evaluated on the exact observational joint, equals P(outcome | do(treatment), given) by enumeration. */
const expectEqualsTruth = (c: CausalCase, estimand: Estimand, source: ProbabilitySource, given: readonly string[]): void => {
  const value = unwrap(evaluate(estimand, source))
  for (const x of combos(c.spec, c.treatment))
    for (const z of combos(c.spec, given)) {
      const truth = bruteForce(c.spec, c.outcome, x, z)
      if (truth === undefined) continue
      combos(c.spec, c.outcome).forEach((y, k) => {
        const at = Object.fromEntries([...x, ...y, ...z].map(([name, s]) => [name, `s${s}`]))
        expect(Math.abs(unwrap(valueAt(value, at)) - truth[k]!)).toBeLessThan(1e-12)
      })
    }
}

describe('ID on random graphs with random hidden variables', () => {
  it('whenever ID returns an estimand, evaluating it on the observational joint equals do() by the truncated factorisation', () => {
    let answered = 0
    fc.assert(
      fc.property(arbCausalCase({ maxVariables: 7 }), (c) => {
        const answer = unwrap(identify(c.diagram, c))
        if (!answer.identifiable) {
          const { forest, subforest } = answer.hedge
          expect(subforest.every((v) => forest.includes(v))).toBe(true)
          expect(forest.some((v) => c.treatment.includes(v))).toBe(true)
          expect(subforest.some((v) => c.treatment.includes(v))).toBe(false)
          return
        }
        answered++
        expect(freeVariables(answer.estimand).every((v) => c.treatment.includes(v) || c.outcome.includes(v))).toBe(true)
        expectEqualsTruth(c, answer.estimand, bruteForceSource(c.spec), [])
      }),
      { numRuns: 250 },
    )
    expect(answered).toBeGreaterThan(100)
  })

  it('ID is complete where a backdoor or front-door set exists: it then always answers', () =>
    fc.assert(
      fc.property(arbCausalCase({ maxVariables: 8 }), (c) => {
        const criteria = unwrap(backdoorSets(c.diagram, c, { limit: 1 })).sets.length + unwrap(frontdoorSets(c.diagram, c, { limit: 1 })).sets.length
        if (criteria > 0) expect(unwrap(identify(c.diagram, c)).identifiable).toBe(true)
      }),
      { numRuns: 250 },
    ))

  it('conditional effects (IDC) equal P(y | do(x), z) by enumeration', () =>
    fc.assert(
      fc.property(arbCausalCase({ maxVariables: 6, maxOutcomes: 1 }), fc.nat(), (c, pick) => {
        const rest = c.diagram.observed.filter((v) => !c.treatment.includes(v) && !c.outcome.includes(v))
        if (rest.length === 0) return
        const given = [rest[pick % rest.length]!]
        const answer = unwrap(identify(c.diagram, { ...c, given }))
        if (!answer.identifiable) return
        expectEqualsTruth(c, answer.estimand, bruteForceSource(c.spec), given)
      }),
      { numRuns: 200 },
    ))
})

describe('errors', () => {
  const diagram = unwrap(causalDiagram(dagOf([['u', 'x'], ['x', 'y'], ['u', 'y']]), { hidden: ['u'] }))
  const tag = (e: E.Either<{ _tag: string }, unknown>): string => (E.isLeft(e) ? e.left._tag : 'Right')
  it('unknown, hidden, overlapping and empty sets are errors, not answers', () => {
    expect(tag(identify(diagram, { treatment: ['x'], outcome: ['nope'] }))).toBe('UnknownVariable')
    expect(tag(identify(diagram, { treatment: ['x'], outcome: ['u'] }))).toBe('HiddenVariable')
    expect(tag(identify(diagram, { treatment: ['x'], outcome: ['y'], given: ['x'] }))).toBe('OverlappingRoles')
    expect(tag(identify(diagram, { treatment: ['x'], outcome: [] }))).toBe('EmptySet')
    expect(tag(causalDiagram(dagOf([['a', 'b']]), { hidden: ['c'] }))).toBe('UnknownVariable')
  })
  it('a bidirected arc declared as a confounder is a hidden common cause', () => {
    const bow = unwrap(causalDiagram(dagOf([['x', 'y']]), { confounders: [['x', 'y']] }))
    expect(bow.hidden).toEqual(['U[x,y]'])
    expect(unwrap(identify(bow, { treatment: ['x'], outcome: ['y'] })).identifiable).toBe(false)
    const network = unwrap(networkFromSpec({ variables: [{ name: 'a', states: ['0', '1'], parents: [], table: [0.5, 0.5] }] })).network
    expect(unwrap(causalDiagram(network)).observed).toEqual(['a'])
  })
})
