import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { compactEntryCount, compactParameterCount } from './compact-counts.js'
import { expandTable } from './compact-expand.js'
import { deterministic, noisyAnd, noisyMax, noisyMin, noisyOr, type NoisyMaxTable } from './compact-table.js'
import { defineNetwork, networkFromSpec, toSpec, withTable } from './define-network.js'
import { describeError, type NetworkError } from './errors.js'
import type { NetworkSpec } from './network-spec.js'
import { parameterCount, tableEntryCount } from './network-counts.js'
import { familyParameterCount } from './parameter-counts.js'
import { arbitraryDeterministic, arbitraryNoisy, bruteForceNoisy, bruteForceTable, right } from './testing/random-network.js'

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length)
  let d = 0
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!))
  return d
}

/** A child with 1-3 states and up to 4 parents of 1-3 states. */
const arbShape = fc.record({
  card: fc.integer({ min: 1, max: 3 }),
  parentCards: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 4 }),
})

describe('expansion to a full table', () => {
  it('noisy-MAX equals the brute-force definition (enumerating every contribution) on random tables', () =>
    fc.assert(
      fc.property(
        arbShape.chain(({ card, parentCards }) => arbitraryNoisy(card, parentCards).map((table) => ({ card, parentCards, table }))),
        ({ card, parentCards, table }) => {
          const expanded = expandTable(table, card, parentCards)
          expect(maxAbsDiff(expanded, bruteForceNoisy(table, card, parentCards))).toBeLessThan(1e-12)
          for (const x of expanded) expect(x).toBeGreaterThanOrEqual(0)
        },
      ),
      { numRuns: 400 },
    ))

  it('deterministic tables are one-hot rows in the named states', () =>
    fc.assert(
      fc.property(
        arbShape.chain(({ card, parentCards }) =>
          arbitraryDeterministic(card, parentCards.reduce((a, c) => a * c, 1)).map((table) => ({ card, parentCards, table })),
        ),
        ({ card, parentCards, table }) => {
          expect(Array.from(expandTable(table, card, parentCards))).toEqual(Array.from(bruteForceTable(table, card, parentCards)))
        },
      ),
    ))

  it('noisy-OR and noisy-AND follow their closed forms', () =>
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(0 as const, 1 as const),
        (leak, causes, on) => {
          const cards = causes.map(() => 2)
          const or = expandTable(noisyOr({ leak, causes, on }), 2, cards)
          const and = expandTable(noisyAnd({ leak, causes, on }), 2, cards)
          for (let r = 0; r < 2 ** causes.length; r++) {
            // Parent j's state, first parent slowest; "on" is the state index `on`.
            const state = (j: number): number => (r >> (causes.length - 1 - j)) & 1
            let off = 1 - leak
            let onAnd = 1 - leak
            causes.forEach((p, j) => {
              if (state(j) === on) off *= 1 - p
              else onAnd *= 1 - p
            })
            expect(Math.abs(or[2 * r + (1 - on)]! - off)).toBeLessThan(1e-12)
            expect(Math.abs(and[2 * r + on]! - onAnd)).toBeLessThan(1e-12)
          }
        },
      ),
    ))

  it('noisy-MIN is the minimum of the contributions in its order', () =>
    fc.assert(
      fc.property(
        arbShape.chain(({ card, parentCards }) => arbitraryNoisy(card, parentCards).map((table) => ({ card, parentCards, table }))),
        ({ card, parentCards, table }) => {
          const order = [...(table.order ?? [])].reverse()
          const min = noisyMin({ order, leak: table.leak, parents: table.parents })
          expect(min.order).toEqual(table.order)
          expect(maxAbsDiff(expandTable(min, card, parentCards), bruteForceNoisy(table, card, parentCards))).toBeLessThan(1e-12)
        },
      ),
      { numRuns: 100 },
    ))

  it('noisyMax takes nested rows and defaults to the declared order', () => {
    const t = noisyMax({ leak: [0.9, 0.08, 0.02], parents: [{ distinguished: 0, probabilities: [[0.3, 0.5, 0.2], [0.1, 0.3, 0.6]] }] })
    expect(t).toEqual({ kind: 'noisyMax', order: [0, 1, 2], parents: [{ distinguished: 0, probabilities: [0.3, 0.5, 0.2, 0.1, 0.3, 0.6] }], leak: [0.9, 0.08, 0.02] })
    // Parent in state 1: P(Y <= none) = 0.9 * 0.3, P(Y <= mild) = 0.98 * 0.8.
    const row = expandTable(t, 3, [3]).slice(3, 6)
    expect(maxAbsDiff(row, [0.27, 0.98 * 0.8 - 0.27, 1 - 0.98 * 0.8])).toBeLessThan(1e-15)
    expect(deterministic([0, 1])).toEqual({ kind: 'deterministic', states: [0, 1] })
  })
})

describe('parameter counts', () => {
  it('a noisy-MAX table costs (m - 1)(1 + sum (k_j - 1)): linear in the parents, never more than the full table', () =>
    fc.assert(
      fc.property(arbShape, ({ card, parentCards }) => {
        const table = { kind: 'noisyMax' as const, parents: [], leak: [] }
        const expected = BigInt(card - 1) * (1n + parentCards.reduce((a, k) => a + BigInt(k - 1), 0n))
        expect(compactParameterCount(table, card, parentCards)).toBe(expected)
        expect(compactEntryCount(table, card, parentCards)).toBe(expected + 1n + parentCards.reduce((a, k) => a + BigInt(k - 1), 0n))
        expect(compactParameterCount(table, card, parentCards) <= familyParameterCount(card, parentCards)).toBe(true)
      }),
    ))

  it('a 20-parent noisy-OR: 21 parameters, against 2^20 for its full table', () => {
    const causes = Array(20).fill(0.5) as number[]
    const cards = causes.map(() => 2)
    expect(compactParameterCount(noisyOr({ leak: 0.01, causes }), 2, cards)).toBe(21n)
    expect(familyParameterCount(2, cards)).toBe(2n ** 20n)
    const deterministicTable = { kind: 'deterministic' as const, states: [] }
    expect(compactParameterCount(deterministicTable, 3, [2, 5])).toBe(0n)
    expect(compactEntryCount(deterministicTable, 3, [2, 5])).toBe(10n)
  })

  it("a network's counts use each compact table's own", () => {
    const bn = right(
      defineNetwork({
        states: { a: ['no', 'yes'], b: ['no', 'yes'], c: ['x', 'y', 'z'], y: ['no', 'yes'] },
        parents: { y: ['a', 'b', 'c'] },
        tables: { a: [0.5, 0.5], b: [0.5, 0.5], c: [0.2, 0.3, 0.5], y: noisyMax({ leak: [0.9, 0.1], parents: [
          { distinguished: 0, probabilities: [[0.2, 0.8]] },
          { distinguished: 1, probabilities: [[0.4, 0.6]] },
          { distinguished: 2, probabilities: [[0.5, 0.5], [0.1, 0.9]] },
        ] }) },
      }),
    )
    // a, b: 1 each; c: 2; y: (2 - 1) * (1 + 1 + 1 + 2) = 5.
    expect(parameterCount(bn)).toBe(9n)
    expect(tableEntryCount(bn)).toBe(2n + 2n + 3n + 10n)
  })
})

const errorsOf = (spec: NetworkSpec, options = {}): NetworkError[] => {
  const r = networkFromSpec(spec, options)
  return E.isLeft(r) ? r.left : []
}

const oneChild = (table: unknown, parentStates: readonly (readonly string[])[] = [['no', 'yes']]): NetworkSpec => ({
  variables: [
    ...parentStates.map((states, j) => ({ name: `p${j}`, states, parents: [], table: states.map(() => 1 / states.length) })),
    { name: 'y', states: ['no', 'yes'], parents: parentStates.map((_, j) => `p${j}`), table: table as NoisyMaxTable },
  ],
})

describe('validation: every problem of a compact table is a typed error', () => {
  it('shape: parent count, order, distinguished state, lengths, kind', () => {
    expect(errorsOf(oneChild({ kind: 'noisyMax', parents: [], leak: [1, 0] }))).toEqual([{ _tag: 'CompactParentCount', variable: 'y', expected: 1, got: 0 }])
    const one = { distinguished: 0, probabilities: [0.5, 0.5] }
    expect(errorsOf(oneChild({ kind: 'noisyMax', order: [0, 0], parents: [one], leak: [1, 0] }))).toEqual([
      { _tag: 'InvalidStateOrder', variable: 'y', order: [0, 0] },
    ])
    expect(errorsOf(oneChild({ kind: 'noisyMax', parents: [{ distinguished: 2, probabilities: [0.5, 0.5] }], leak: [1, 0] }))).toEqual([
      { _tag: 'InvalidStateIndex', variable: 'y', parent: 'p0', index: 2, card: 2, role: 'distinguished' },
    ])
    expect(errorsOf(oneChild({ kind: 'noisyMax', parents: [{ distinguished: 0, probabilities: [1] }], leak: [1] }))).toEqual([
      { _tag: 'WrongTableLength', variable: 'y', part: 'leak', expected: 2, got: 1 },
      { _tag: 'WrongTableLength', variable: 'y', part: "causes of 'p0'", expected: 2, got: 1 },
    ])
    expect(errorsOf(oneChild({ kind: 'deterministic', states: [0] }))).toEqual([{ _tag: 'WrongTableLength', variable: 'y', part: 'states', expected: 2, got: 1 }])
    expect(errorsOf(oneChild({ kind: 'deterministic', states: [0, 2] }))).toEqual([{ _tag: 'InvalidStateIndex', variable: 'y', index: 2, card: 2, role: 'row' }])
    expect(errorsOf(oneChild({ kind: 'noisyOR', states: [0, 2] }))).toEqual([{ _tag: 'UnknownTableKind', variable: 'y', kind: 'noisyOR' }])
  })

  it('probabilities: negative entries and rows not summing to 1 name the leak or the cause', () => {
    const bad = errorsOf(oneChild({ kind: 'noisyMax', parents: [{ distinguished: 0, probabilities: [0.5, 0.6] }], leak: [1.2, -0.2] }))
    expect(bad).toEqual([
      { _tag: 'InvalidProbability', variable: 'y', parents: {}, part: 'leak', state: 'yes', value: -0.2 },
      { _tag: 'RowNotNormalized', variable: 'y', parents: { p0: 'yes' }, part: 'cause', sum: 1.1 },
    ])
    expect(bad.map(describeError)).toEqual([
      "the leak distribution of 'y' gives state yes -0.2, not a probability",
      "the distribution of cause p0=yes of 'y' sums to 1.1, not 1",
    ])
  })

  it('renormalize rescales noisy rows and reports them', () => {
    const read = right(networkFromSpec(oneChild(noisyOr({ leak: 0.01, causes: [0.5] })), { renormalize: { tolerance: 1e-2 } }))
    expect(read.renormalized).toEqual([])
    const rounded = oneChild({ kind: 'noisyMax', parents: [{ distinguished: 0, probabilities: [0.33, 0.66] }], leak: [1, 0] })
    const fixed = right(networkFromSpec(rounded, { renormalize: { tolerance: 1e-2 } }))
    expect(fixed.renormalized).toEqual([{ variable: 'y', rows: 1, largestDeviation: expect.closeTo(0.01, 12) as number }])
    const row = (fixed.network.compact?.[1] as NoisyMaxTable).parents[0]!.probabilities
    expect(Array.from(row)).toEqual([0.33 / 0.99, 0.66 / 0.99])
  })

  it('an expansion past maxExpandedEntries is TableTooLarge with its exact size', () => {
    const causes = Array(30).fill(0.5) as number[]
    const spec = oneChild(noisyOr({ causes }), causes.map(() => ['no', 'yes']))
    expect(errorsOf(spec)).toEqual([{ _tag: 'TableTooLarge', variable: 'y', entries: 2n ** 31n, limit: 2 ** 26 }])
    expect(errorsOf(oneChild(noisyOr({ causes: [0.5, 0.5] }), [['a', 'b'], ['c', 'd']]), { maxExpandedEntries: 4 })).toEqual([
      { _tag: 'TableTooLarge', variable: 'y', entries: 8n, limit: 4 },
    ])
  })
})

describe('compact tables in networks', () => {
  it('declared in code: noisy-OR, and a deterministic function of the parent states by name', () => {
    const bn = right(
      defineNetwork({
        states: { flu: ['no', 'yes'], cold: ['no', 'yes'], fever: ['no', 'yes'], sick: ['no', 'yes'] },
        parents: { fever: ['flu', 'cold'], sick: ['flu', 'cold'] },
        tables: {
          flu: [0.9, 0.1],
          cold: [0.8, 0.2],
          fever: noisyOr({ leak: 0.01, causes: [0.8, 0.3] }),
          sick: { kind: 'deterministic', states: ({ flu, cold }) => (flu === 'yes' || cold === 'yes' ? 'yes' : 'no') },
        },
      }),
    )
    expect(maxAbsDiff(bn.cpts[2]!.values.slice(6), [0.99 * 0.2 * 0.7, 1 - 0.99 * 0.2 * 0.7])).toBeLessThan(1e-15)
    expect(bn.compact?.[3]).toEqual({ kind: 'deterministic', states: [0, 1, 1, 1] })
    expect(Array.from(bn.cpts[3]!.values)).toEqual([1, 0, 0, 1, 0, 1, 0, 1])
    expect(bn.compact?.[0]).toBeUndefined()
    expect(Object.isFrozen(bn.compact)).toBe(true)
    expect(Object.isFrozen(bn.compact?.[2])).toBe(true)
  })

  it('a deterministic function naming an unknown state is UnknownState', () => {
    const r = defineNetwork({
      states: { a: ['x', 'y'], b: ['u', 'v'] },
      parents: { b: ['a'] },
      // Checked when the network is built (the declaration types the function's argument, not its result).
      tables: { a: [0.5, 0.5], b: { kind: 'deterministic', states: ({ a }) => (a === 'x' ? 'u' : 'w') } },
    })
    expect(E.isLeft(r) && r.left).toEqual([{ _tag: 'UnknownState', variable: 'b', state: 'w' }])
  })

  it('toSpec gives the compact table back; withTable swaps a full table for a compact one and back', () => {
    const spec = oneChild(noisyOr({ leak: 0.1, causes: [0.5] }))
    const bn = right(defineNetwork(spec))
    expect(toSpec(bn).variables[1]!.table).toEqual({ kind: 'noisyMax', order: [0, 1], parents: [{ distinguished: 0, probabilities: [0.5, 0.5] }], leak: [0.9, 0.1] })
    const full = right(withTable(bn, 'y', [0.2, 0.8, 0.3, 0.7]))
    expect(full.compact).toBeUndefined()
    expect(toSpec(full).variables[1]!.table).toEqual([0.2, 0.8, 0.3, 0.7])
    const again = right(withTable(full, 'y', noisyOr({ causes: [1] })))
    expect(Array.from(again.cpts[1]!.values)).toEqual([1, 0, 0, 1])
    expect(again.compact?.[1]?.kind).toBe('noisyMax')
    expect(E.isLeft(withTable(full, 'y', noisyOr({ causes: [1, 1] })))).toBe(true)
  })
})
