import { describe, expect, expectTypeOf, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { defineNetwork, networkFromSpec, toSpec, withTable } from './define-network.js'
import { describeError, type NetworkError } from './errors.js'
import { logProb, logProbOfStates } from './log-prob.js'
import { jointTable } from './joint-table.js'
import { parameterCount, tableEntryCount } from './network-counts.js'
import type { NetworkSpec } from './network-spec.js'
import { arbitrarySpec, enumerateJoint, enumeratePosterior, right } from './testing/random-network.js'

const sprinkler = () =>
  defineNetwork({
    states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
    parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
    tables: {
      rain: [0.8, 0.2],
      sprinkler: { no: [0.6, 0.4], yes: [0.99, 0.01] },
      wet: ({ sprinkler, rain }) =>
        sprinkler === 'off' ? (rain === 'no' ? [1, 0] : { no: 0.2, yes: 0.8 }) : rain === 'no' ? [0.1, 0.9] : [0.01, 0.99],
    },
  })

const lefts = (r: E.Either<NetworkError[], unknown>): NetworkError[] => (E.isLeft(r) ? r.left : [])
const tags = (r: E.Either<NetworkError[], unknown>): string[] => lefts(r).map((e) => e._tag)

describe('defineNetwork in code', () => {
  it('builds the DAG, the domain and CPTs with scope [...parents, child]', () => {
    const bn = right(sprinkler())
    expect(bn.dag.nodes).toEqual(['rain', 'sprinkler', 'wet'])
    expect(bn.dag.parentIds).toEqual([[], [0], [1, 0]])
    expect(bn.domain.variables.map((v) => v.states)).toEqual([['no', 'yes'], ['off', 'on'], ['no', 'yes']])
    expect(bn.cpts.map((f) => f.scope)).toEqual([[0], [0, 1], [1, 0, 2]])
    // wet's rows: (sprinkler, rain) = (off,no), (off,yes), (on,no), (on,yes), last parent fastest.
    expect(Array.from(bn.cpts[2]!.values)).toEqual([1, 0, 0.2, 0.8, 0.1, 0.9, 0.01, 0.99])
    expect(Array.from(bn.cpts[1]!.values)).toEqual([0.6, 0.4, 0.99, 0.01])
    expect(parameterCount(bn)).toBe(1n + 2n + 4n)
    expect(tableEntryCount(bn)).toBe(2n + 4n + 8n)
  })

  it('the three table forms (flat, nested arrays, nested records) give the same network', () => {
    const wetFlat = [1, 0, 0.2, 0.8, 0.1, 0.9, 0.01, 0.99]
    const forms = [
      wetFlat,
      [[[1, 0], [0.2, 0.8]], [[0.1, 0.9], [0.01, 0.99]]],
      { off: { no: { no: 1, yes: 0 }, yes: [0.2, 0.8] }, on: { no: [0.1, 0.9], yes: [0.01, 0.99] } },
    ]
    for (const wet of forms) {
      const bn = right(
        defineNetwork({
          states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
          parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
          tables: { rain: [0.8, 0.2], sprinkler: [0.6, 0.4, 0.99, 0.01], wet },
        }),
      )
      expect(Array.from(bn.cpts[2]!.values)).toEqual(wetFlat)
    }
  })

  it('names are typed from the declaration', () => {
    const bn = right(sprinkler())
    expectTypeOf(bn.__assignment).toEqualTypeOf<
      { readonly rain: 'no' | 'yes'; readonly sprinkler: 'off' | 'on'; readonly wet: 'no' | 'yes' } | undefined
    >()
    expect(E.isRight(logProb(bn, { rain: 'no', sprinkler: 'on', wet: 'yes' }))).toBe(true)
    // @ts-expect-error misspelled state: a compile error, not a runtime surprise
    const typo = logProb(bn, { rain: 'no', sprinkler: 'on', wet: 'yess' })
    expect(E.isLeft(typo) && typo.left).toEqual({ _tag: 'UnknownState', variable: 'wet', state: 'yess' })
    defineNetwork({
      states: { a: ['x', 'y'], b: ['u', 'v'] },
      parents: { b: ['a'] },
      tables: {
        a: [0.5, 0.5],
        // @ts-expect-error a table function compares a parent with a state it does not have
        b: ({ a }) => (a === 'z' ? [1, 0] : [0, 1]),
      },
    })
    // @ts-expect-error a parent that is not a declared variable
    defineNetwork({ states: { a: ['x'] }, parents: { a: ['b'] }, tables: { a: [1] } })
    // @ts-expect-error a table for an undeclared variable
    defineNetwork({ states: { a: ['x'] }, tables: { a: [1], b: [1] } })
  })

  it('lists every problem at once', () => {
    const r = defineNetwork({
      variables: [
        { name: 'a', states: ['x', 'x'], parents: ['c'], table: [0.5, 0.5, 0.5, 0.5] },
        { name: 'b', states: ['u', 'v'], parents: ['a', 'ghost'], table: [1, 0] },
        { name: 'c', states: ['p', 'q'], parents: ['a'], table: [0.5, 0.6, -1, 2] },
        { name: 'd', states: ['s', 't'], parents: [], table: [0.5] },
        { name: 'e', states: ['s', 't'], parents: [], table: [0.5, Number.NaN] },
      ],
    })
    const errors = lefts(r)
    expect(errors).toContainEqual({ _tag: 'DuplicateState', variable: 'a', state: 'x' })
    expect(errors).toContainEqual({ _tag: 'UnknownParent', variable: 'b', parent: 'ghost' })
    expect(errors).toContainEqual({ _tag: 'Cycle', cycle: ['c', 'a', 'c'] })
    expect(errors).toContainEqual({ _tag: 'RowNotNormalized', variable: 'c', parents: { a: 'x' }, sum: 1.1 })
    expect(errors).toContainEqual({ _tag: 'InvalidProbability', variable: 'c', parents: { a: 'x' }, state: 'p', value: -1 })
    expect(errors).toContainEqual({ _tag: 'WrongTableLength', variable: 'd', expected: 2, got: 1 })
    expect(errors).toContainEqual({ _tag: 'InvalidProbability', variable: 'e', parents: {}, state: 't', value: Number.NaN })
    for (const e of errors) expect(describeError(e)).not.toMatch(/\n/)
    expect(describeError({ _tag: 'Cycle', cycle: ['a', 'c', 'a'] })).toBe('the parents form a cycle: a -> c -> a')
  })

  it('reaches every declaration error tag', () => {
    const t = (spec: NetworkSpec) => tags(defineNetwork(spec))
    expect(t({ variables: [] })).toEqual(['EmptyNetwork'])
    expect(t({ variables: [{ name: '', states: ['x'], parents: [], table: [1] }] })).toEqual(['EmptyName'])
    expect(t({ variables: [{ name: 'a', states: ['x'], parents: [], table: [1] }, { name: 'a', states: ['x'], parents: [], table: [1] }] })).toContain('DuplicateVariable')
    expect(t({ variables: [{ name: 'a', states: [], parents: [], table: [] }] })).toEqual(['NoStates'])
    expect(t({ variables: [{ name: 'a', states: ['x'], parents: [], table: [1] }, { name: 'b', states: ['x'], parents: ['a', 'a'], table: [1] }] })).toEqual(['DuplicateParent'])
    expect(t({ variables: [{ name: 'a', states: ['x'], parents: [], table: undefined as unknown as number[] }] })).toEqual(['MissingTable'])
    const declared = (tables: Record<string, unknown>) =>
      tags(defineNetwork({ states: { a: ['x', 'y'], b: ['u', 'v'] }, parents: { b: ['a'] }, tables } as never))
    expect(declared({ a: [0.5, 0.5] })).toEqual(['MissingTable'])
    expect(declared({ a: [0.5, 0.5], b: [1, 0, 0, 1], c: [1] })).toEqual(['ExtraTable'])
    expect(declared({ a: [0.5, 0.5], b: [[1, 0], [0, 1, 0]] })).toEqual(['WrongRowLength'])
    expect(declared({ a: [0.5, 0.5], b: [[1, 0]] })).toEqual(['MalformedTable'])
    expect(declared({ a: [0.5, 0.5], b: { x: [1, 0], y: [0, 1], z: [1, 0] } })).toEqual(['UnknownState'])
    expect(declared({ a: [0.5, 0.5], b: { x: [1, 0] } })).toEqual(['MalformedTable'])
    expect(declared({ a: [0.5, 0.5], b: () => ({ u: 1, w: 0 }) })).toEqual(['UnknownState', 'MalformedTable', 'UnknownState', 'MalformedTable'])
    expect(declared({ a: [0.5, 0.5], b: () => 'nonsense' })).toEqual(['MalformedTable', 'MalformedTable'])
    const unknownInParents = tags(defineNetwork({ states: { a: ['x'] }, parents: { z: ['a'] }, tables: { a: [1] } } as never))
    expect(unknownInParents).toEqual(['UnknownVariable'])
    expect(tags(networkFromSpec({ variables: [{ name: 'a', states: ['x'], parents: [], table: [1] }] }, { renormalize: { tolerance: 2 } }))).toEqual([
      'InvalidOption',
    ])
  })

  it('a spec with rounded numbers is rejected, or renormalised and reported under the opt-in tolerance', () => {
    const spec: NetworkSpec = {
      variables: [
        { name: 'coin', states: ['h', 't'], parents: [], table: [0.33, 0.66] },
        { name: 'fair', states: ['h', 't'], parents: [], table: [0.5, 0.5] },
        { name: 'way-off', states: ['h', 't'], parents: ['coin'], table: [0.5, 0.5, 0.2, 0.2] },
      ],
    }
    expect(tags(networkFromSpec(spec))).toEqual(['RowNotNormalized', 'RowNotNormalized'])
    const fixed = networkFromSpec(spec, { renormalize: { tolerance: 1e-2 } })
    expect(lefts(fixed as never)).toEqual([{ _tag: 'RowNotNormalized', variable: 'way-off', parents: { coin: 't' }, sum: 0.4 }])
    const ok = right(networkFromSpec({ variables: spec.variables.slice(0, 2) }, { renormalize: { tolerance: 1e-2 } }))
    expect(ok.renormalized).toHaveLength(1)
    expect(ok.renormalized[0]!.variable).toBe('coin')
    expect(ok.renormalized[0]!.rows).toBe(1)
    expect(ok.renormalized[0]!.largestDeviation).toBeCloseTo(0.01, 12)
    expect(Array.from(ok.network.cpts[0]!.values)).toEqual([0.33 / 0.99, 0.66 / 0.99])
  })

  it('spec and toSpec round-trip on random networks', () =>
    fc.assert(
      fc.property(arbitrarySpec(), (spec) => {
        const bn = right(defineNetwork(spec))
        const back = toSpec(bn)
        expect(back.variables.map((v) => v.name)).toEqual(spec.variables.map((v) => v.name))
        back.variables.forEach((v, i) => {
          expect(v.parents).toEqual(spec.variables[i]!.parents)
          expect(v.table).toEqual(Array.from(spec.variables[i]!.table as ArrayLike<number>))
        })
      }),
      { numRuns: 50 },
    ))
})

describe('immutability', () => {
  it('networks are frozen; withTable returns a new network and leaves the old one untouched', () => {
    const bn = right(sprinkler())
    expect(Object.isFrozen(bn)).toBe(true)
    expect(Object.isFrozen(bn.cpts)).toBe(true)
    expect(Object.isFrozen(bn.cpts[0])).toBe(true)
    const fair = right(withTable(bn, 'rain', [0.5, 0.5]))
    expect(Array.from(bn.cpts[0]!.values)).toEqual([0.8, 0.2])
    expect(Array.from(fair.cpts[0]!.values)).toEqual([0.5, 0.5])
    expect(fair.cpts[1]).toBe(bn.cpts[1])
    expect(fair.dag).toBe(bn.dag)
    const byFunction = right(withTable(bn, 'wet', ({ sprinkler: s }) => (s === 'on' ? [0, 1] : [1, 0])))
    expect(Array.from(byFunction.cpts[2]!.values)).toEqual([1, 0, 1, 0, 0, 1, 0, 1])
    expect(tags(withTable(bn, 'rain', [0.5, 0.6]))).toEqual(['RowNotNormalized'])
    expect(tags(withTable(bn, 'rain', [1]))).toEqual(['WrongTableLength'])
    // @ts-expect-error not a variable of this network
    expect(tags(withTable(bn, 'snow', [1]))).toEqual(['UnknownVariable'])
  })
})

describe('logProb and jointTable against enumeration', () => {
  it('logProb is the log of the product of CPT entries (enumeration oracle, 1e-12)', () =>
    fc.assert(
      fc.property(arbitrarySpec({ zeros: true }), (spec) => {
        const bn = right(defineNetwork(spec))
        for (const { states, p } of enumerateJoint(spec)) {
          const named = Object.fromEntries(spec.variables.map((v, i) => [v.name, v.states[states[i]!]!]))
          const lp = right(logProb(bn, named))
          if (p === 0) expect(lp).toBe(-Infinity)
          else expect(Math.abs(lp - Math.log(p))).toBeLessThan(1e-12)
          expect(logProbOfStates(bn, states)).toBe(lp)
        }
      }),
      { numRuns: 60 },
    ))

  it('the joint table equals enumeration entry by entry and sums to 1', () =>
    fc.assert(
      fc.property(arbitrarySpec(), (spec) => {
        const bn = right(defineNetwork(spec))
        const joint = right(jointTable(bn))
        const oracle = enumerateJoint(spec)
        expect(joint.values.length).toBe(oracle.length)
        oracle.forEach(({ p }, i) => expect(Math.abs(joint.values[i]! - p)).toBeLessThanOrEqual(1e-12 * p))
        expect(Math.abs(joint.values.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12)
      }),
      { numRuns: 60 },
    ))

  it('logProb errors: missing value, unknown variable, unknown state', () => {
    const bn = right(defineNetwork({ variables: [{ name: 'a', states: ['x', 'y'], parents: [], table: [0.5, 0.5] }] }))
    expect(E.isLeft(logProb(bn, {})) && (logProb(bn, {}) as E.Left<NetworkError>).left._tag).toBe('MissingValue')
    const unknown = logProb(bn, { a: 'x', b: 'y' })
    expect(E.isLeft(unknown) && unknown.left._tag).toBe('UnknownVariable')
    const state = logProb(bn, { a: 'z' })
    expect(E.isLeft(state) && state.left._tag).toBe('UnknownState')
  })

  it('jointTable refuses past the limit, stating the exact size', () => {
    const spec: NetworkSpec = {
      variables: Array.from({ length: 70 }, (_, i) => ({ name: `b${i}`, states: ['0', '1'], parents: [], table: [0.5, 0.5] })),
    }
    const bn = right(defineNetwork(spec))
    const r = jointTable(bn, { maxEntries: 1000 })
    expect(E.isLeft(r) && r.left).toEqual({ _tag: 'JointTooLarge', entries: 1n << 70n, limit: 1000 })
    if (E.isLeft(r)) expect(describeError(r.left)).toBe('the joint table would have 1180591620717411303424 entries, over the limit of 1000')
    const bad = jointTable(bn, { maxEntries: 0 })
    expect(E.isLeft(bad) && bad.left._tag).toBe('InvalidOption')
  })
})

