import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { chain, fromParents, independent, markov } from '@chainrule/graph'
import {
  chainRuleParameters,
  dagParameterCount,
  dagTableEntryCount,
  familyParameterCount,
  fullJointParameters,
  independentParameters,
  markovParameters,
  parameterCountOf,
  tableEntryCountOf,
} from './parameter-counts.js'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`)
  return e.right
}

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `v${i}`)
const arbCards = (maxN: number) => fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: maxN })
const arbCardsAndOrder = (maxN: number) =>
  arbCards(maxN).chain((cards) =>
    fc.shuffledSubarray(Array.from({ length: cards.length }, (_, i) => i), { minLength: cards.length, maxLength: cards.length }).map((order) => ({ cards, order })),
  )

/** A random DAG: a random topological order, each possible earlier->later edge present with some probability. */
const arbDag = fc
  .record({ n: fc.integer({ min: 1, max: 9 }), seed: fc.array(fc.boolean(), { minLength: 45, maxLength: 45 }), cards: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 9, maxLength: 9 }) })
  .map(({ n, seed, cards }) => {
    const parentIds: number[][] = Array.from({ length: n }, () => [])
    let k = 0
    for (let v = 0; v < n; v++) for (let p = 0; p < v; p++) if (seed[k++ % seed.length]) parentIds[v]!.push(p)
    return { parentIds, cards: cards.slice(0, n) }
  })

describe('closed forms of the seed', () => {
  it('one RGB pixel with 256 levels per channel costs 16,777,215 parameters', () => {
    expect(right(fullJointParameters([256, 256, 256]))).toBe(16_777_215n)
  })

  it('n binary pixels: 2^n - 1 for the joint, exact for n = 784 (checked with shifts)', () => {
    const joint = right(fullJointParameters(Array(784).fill(2)))
    expect(joint).toBe((1n << 784n) - 1n)
    expect(joint.toString()).toHaveLength(237)
    // Leading digits from floating-point logs (an independent computation), last digit from 2^(4k) ending in 6.
    const leading = Math.floor(10 ** (784 * Math.log10(2) - 236) * 1000)
    expect(joint.toString().slice(0, 4)).toBe(String(leading))
    expect(joint.toString().endsWith('5')).toBe(true)
  })

  it('a family costs (card - 1) times the parent configurations', () => {
    expect(familyParameterCount(3, [2, 4])).toBe(16n)
    expect(familyParameterCount(1, [5])).toBe(0n)
  })

  it('the chain rule over any ordering costs the same as the full joint', () =>
    fc.assert(
      fc.property(arbCardsAndOrder(10), ({ cards, order }) => {
        expect(right(chainRuleParameters(order, cards))).toBe(right(fullJointParameters(cards)))
      }),
    ))

  it('counting on chain(order) from @chainrule/graph equals the full joint, for every ordering and cards', () =>
    fc.assert(
      fc.property(arbCardsAndOrder(9), ({ cards, order }) => {
        const vs = names(cards.length)
        const dag = right(chain(order.map((i) => vs[i]!)))
        const byName = Object.fromEntries(vs.map((v, i) => [v, cards[i]!]))
        const product = cards.reduce((a, c) => a * BigInt(c), 1n)
        expect(right(dagParameterCount(dag, byName))).toBe(product - 1n)
      }),
    ))

  it('full independence costs sum(card - 1), from the formula and from the graph', () =>
    fc.assert(
      fc.property(arbCards(20), (cards) => {
        const sum = cards.reduce((a, c) => a + c - 1, 0)
        expect(right(independentParameters(cards))).toBe(BigInt(sum))
        expect(right(dagParameterCount(right(independent(names(cards.length))), cards))).toBe(BigInt(sum))
      }),
    ))

  it('binary first-order Markov costs 2n - 1', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 784 }), (n) => {
        expect(right(markovParameters(Array(n).fill(2), 1))).toBe(BigInt(2 * n - 1))
      }),
    ))

  it('closed forms agree with counting from the graph for binary n up to 784 (joint, independence, k-th order Markov)', () =>
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 784 }), fc.integer({ min: 0, max: 6 }), (n, k) => {
        const vs = names(n)
        const cards = Array(n).fill(2)
        // k-th order Markov, binary: the first k variables see 0..k-1 parents, the rest k.
        const kk = Math.min(k, n)
        const closed = (1n << BigInt(kk)) - 1n + BigInt(n - kk) * (1n << BigInt(kk))
        expect(right(dagParameterCount(right(markov(vs, k)), cards))).toBe(closed)
        expect(right(markovParameters(cards, k))).toBe(closed)
        expect(right(dagParameterCount(right(independent(vs)), cards))).toBe(BigInt(n))
      }),
      { numRuns: 30 },
    ))

  it('the chain over all 784 binary pixels, counted from the graph, is 2^784 - 1', () => {
    const vs = names(784)
    expect(right(dagParameterCount(right(chain(vs)), Array(784).fill(2)))).toBe((1n << 784n) - 1n)
  })
})

describe('counts from a structure', () => {
  it('adding an edge never lowers the count', () =>
    fc.assert(
      fc.property(arbDag, fc.nat(), fc.nat(), ({ parentIds, cards }, a, b) => {
        const n = cards.length
        if (n < 2) return
        const child = 1 + (a % (n - 1))
        const parent = b % child
        const before = parameterCountOf(parentIds, cards)
        const withEdge = parentIds.map((ps, v) => (v === child && !ps.includes(parent) ? [...ps, parent] : ps))
        expect(parameterCountOf(withEdge, cards) >= before).toBe(true)
      }),
    ))

  it('counts do not depend on node names or storage order', () =>
    fc.assert(
      fc.property(arbDag, fc.nat(), ({ parentIds, cards }, seed) => {
        const n = cards.length
        // Relabel: storage position of node v becomes perm[v].
        const perm = Array.from({ length: n }, (_, i) => i).sort((x, y) => ((x * 7919 + seed) % 101) - ((y * 7919 + seed) % 101) || x - y)
        const stored = new Map<string, string[]>()
        const inverse = new Array<number>(n)
        perm.forEach((p, v) => (inverse[p] = v))
        for (let pos = 0; pos < n; pos++) {
          const v = inverse[pos]!
          stored.set(`renamed-${v}-${seed}`, parentIds[v]!.map((p) => `renamed-${p}-${seed}`))
        }
        const dag = right(fromParents(stored))
        const cardsByName = Object.fromEntries(cards.map((c, v) => [`renamed-${v}-${seed}`, c]))
        expect(right(dagParameterCount(dag, cardsByName))).toBe(parameterCountOf(parentIds, cards))
        expect(right(dagTableEntryCount(dag, cardsByName))).toBe(tableEntryCountOf(parentIds, cards))
      }),
    ))

  it('table entries exceed free parameters by exactly the number of rows', () =>
    fc.assert(
      fc.property(arbDag, ({ parentIds, cards }) => {
        const rows = parentIds.reduce((acc, ps) => acc + ps.reduce((r, p) => r * BigInt(cards[p]!), 1n), 0n)
        expect(tableEntryCountOf(parentIds, cards) - parameterCountOf(parentIds, cards)).toBe(rows)
      }),
    ))
})

describe('bad input is a typed error', () => {
  it('InvalidCardinality for zero, negative or fractional cards', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      const r = fullJointParameters([2, bad])
      expect(E.isLeft(r) && r.left._tag === 'InvalidCardinality' && r.left.index === 1).toBe(true)
    }
    expect(E.isLeft(independentParameters([0]))).toBe(true)
    expect(E.isLeft(markovParameters([2, 0], 1))).toBe(true)
    expect(E.isLeft(chainRuleParameters([0], [0]))).toBe(true)
  })

  it('InvalidOrdering for an order that is not a permutation', () => {
    for (const order of [[0, 0], [0], [0, 2], [0, 1.5]]) {
      const r = chainRuleParameters(order, [2, 2])
      expect(E.isLeft(r) && r.left._tag).toBe('InvalidOrdering')
    }
  })

  it('InvalidOption for a negative Markov order', () => {
    const r = markovParameters([2, 2], -1)
    expect(E.isLeft(r) && r.left._tag).toBe('InvalidOption')
  })

  it('cards that do not match the DAG: wrong length, missing or unknown names', () => {
    const dag = right(fromParents({ a: [], b: ['a'] }))
    const wrongLength = dagParameterCount(dag, [2])
    expect(E.isLeft(wrongLength) && wrongLength.left._tag).toBe('InvalidOption')
    const missing = dagParameterCount(dag, { a: 2 })
    expect(E.isLeft(missing) && missing.left._tag).toBe('MissingValue')
    const unknown = dagParameterCount(dag, { a: 2, b: 2, c: 2 })
    expect(E.isLeft(unknown) && unknown.left._tag).toBe('UnknownVariable')
    expect(right(dagParameterCount(dag, { a: 3, b: 2 }))).toBe(2n + 3n)
  })
})
