import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { compareGraphs } from './compare.js'
import type { Pdag } from './pdag.js'

const nodes = ['a', 'b', 'c', 'd']
const pdag = (edges: [string, string, 'arc' | 'line'][], order = nodes): Pdag => {
  const n = order.length
  const marks = new Uint8Array(n * n)
  for (const [u, v, kind] of edges) {
    marks[order.indexOf(u) * n + order.indexOf(v)] = 1
    if (kind === 'line') marks[order.indexOf(v) * n + order.indexOf(u)] = 1
  }
  return { nodes: order, marks }
}
const shd = (a: Pdag, b: Pdag): number => {
  const c = compareGraphs(a, b)
  return E.isRight(c) ? c.right.shd : -1
}

describe('compareGraphs', () => {
  it('counts a missing, an extra, a reversed and a half-oriented edge once each', () => {
    const truth = pdag([['a', 'b', 'arc'], ['b', 'c', 'line'], ['c', 'd', 'arc']])
    expect(shd(truth, truth)).toBe(0)
    expect(shd(pdag([['a', 'b', 'arc'], ['b', 'c', 'line']]), truth)).toBe(1)
    expect(shd(pdag([['a', 'b', 'arc'], ['b', 'c', 'line'], ['c', 'd', 'arc'], ['a', 'd', 'line']]), truth)).toBe(1)
    expect(shd(pdag([['b', 'a', 'arc'], ['b', 'c', 'line'], ['c', 'd', 'arc']]), truth)).toBe(1)
    expect(shd(pdag([['a', 'b', 'line'], ['b', 'c', 'arc'], ['c', 'd', 'arc']]), truth)).toBe(2)
  })

  it('does not depend on the order the nodes are declared in', () =>
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1, 2, 3), { minLength: 6, maxLength: 6 }), fc.array(fc.constantFrom(0, 1, 2, 3), { minLength: 6, maxLength: 6 }), fc.shuffledSubarray(nodes, { minLength: 4, maxLength: 4 }), (left, right, order) => {
        const pairs = [['a', 'b'], ['a', 'c'], ['a', 'd'], ['b', 'c'], ['b', 'd'], ['c', 'd']] as const
        const build = (codes: number[], o: string[]) =>
          pdag(
            pairs.flatMap(([u, v], i): [string, string, 'arc' | 'line'][] => (codes[i] === 1 ? [[u, v, 'arc']] : codes[i] === 2 ? [[v, u, 'arc']] : codes[i] === 3 ? [[u, v, 'line']] : [])),
            o,
          )
        const differing = left.filter((c, i) => c !== right[i]).length
        expect(shd(build(left, nodes), build(right, nodes))).toBe(differing)
        expect(shd(build(left, order), build(right, nodes))).toBe(differing)
      }),
    ))

  it('skeleton and arrowhead precision and recall', () => {
    const truth = pdag([['a', 'b', 'arc'], ['c', 'b', 'arc'], ['c', 'd', 'line']])
    const learned = pdag([['a', 'b', 'arc'], ['b', 'c', 'arc'], ['a', 'd', 'line']])
    const c = compareGraphs(learned, truth)
    if (E.isLeft(c)) throw new Error('compare failed')
    expect(c.right.skeleton).toMatchObject({ truePositives: 2, learned: 3, truth: 3 })
    expect(c.right.skeleton.precision).toBeCloseTo(2 / 3, 15)
    expect(c.right.arrowheads).toMatchObject({ truePositives: 1, learned: 2, truth: 2, precision: 0.5, recall: 0.5, f1: 0.5 })
    const empty = compareGraphs(pdag([]), pdag([]))
    expect(E.isRight(empty) && empty.right.skeleton).toMatchObject({ precision: 1, recall: 1, f1: 1 })
  })

  it('refuses graphs over different variables', () => {
    const c = compareGraphs(pdag([], ['a', 'b']), pdag([], ['a', 'c']))
    expect(E.isLeft(c) && c.left._tag).toBe('VariablesDiffer')
  })
})
