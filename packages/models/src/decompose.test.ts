import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { noisyOr } from './compact-table.js'
import { decompose } from './decompose.js'
import { defineNetwork, networkFromSpec, toSpec } from './define-network.js'
import { arbitraryCompactSpec, enumerateJoint, right } from './testing/random-network.js'

describe('decompose: noisy-MAX tables as chains of auxiliary variables', () => {
  it('summing the auxiliary variables out gives back the joint of the original network (brute force)', () =>
    fc.assert(
      fc.property(arbitraryCompactSpec({ maxVariables: 5, maxCard: 3, maxParents: 3, minParents: 2 }), (spec) => {
        const bn = right(networkFromSpec(spec)).network
        const d = right(decompose(bn))
        const n = spec.variables.length
        expect(d.originalCount).toBe(n)
        expect(d.network.dag.nodes.slice(0, n)).toEqual(bn.dag.nodes)
        expect(d.network.domain.variables.slice(0, n).map((v) => v.states)).toEqual(bn.domain.variables.map((v) => v.states))
        expect(d.auxiliary).toEqual(Array.from({ length: d.network.dag.nodes.length - n }, (_, k) => n + k))
        const original = enumerateJoint(spec)
        const summed = new Map<string, number>()
        for (const { states, p } of enumerateJoint(toSpec(d.network))) {
          const key = states.slice(0, n).join(',')
          summed.set(key, (summed.get(key) ?? 0) + p)
        }
        for (const { states, p } of original) expect(Math.abs((summed.get(states.join(',')) ?? 0) - p)).toBeLessThan(1e-12)
      }),
      // Each run enumerates joints of up to 11 variables: report the first counterexample unshrunk.
      { numRuns: 100, endOnFailure: true },
    ))

  it('every new table is small: a 20-parent noisy-OR becomes 19 auxiliary variables with tables of at most 8 entries', () => {
    const names = Array.from({ length: 20 }, (_, j) => `x${j}`)
    const spec = {
      variables: [
        ...names.map((name) => ({ name, states: ['no', 'yes'], parents: [], table: [0.9, 0.1] })),
        { name: 'y', states: ['no', 'yes'], parents: names, table: noisyOr({ leak: 0.01, causes: names.map((_, j) => 0.05 + j / 40) }) },
      ],
    }
    const bn = right(networkFromSpec(spec)).network
    expect(bn.cpts[20]!.values.length).toBe(2 ** 21)
    const d = right(decompose(bn))
    expect(d.auxiliary.length).toBe(19)
    expect(Math.max(...d.network.cpts.map((f) => f.values.length))).toBe(8)
    expect(d.network.dag.parentIds[20]!.map((p) => d.network.dag.nodes[p])).toEqual(['y~19', 'x19'])
    expect(d.network.dag.nodes[21]).toBe('y~1')
  })

  it('a network without noisy tables of two or more parents comes back as it is; auxiliary names never collide', () => {
    const plain = right(defineNetwork({ states: { a: ['0', '1'], b: ['0', '1'] }, parents: { b: ['a'] }, tables: { a: [0.5, 0.5], b: noisyOr({ causes: [0.5] }) } }))
    const same = right(decompose(plain))
    expect(same.network).toBe(plain)
    expect(same.auxiliary).toEqual([])
    const crowded = defineNetwork({
      states: { a: ['0', '1'], b: ['0', '1'], c: ['0', '1'], 'y~1': ['0', '1'], y: ['0', '1'] },
      parents: { y: ['a', 'b', 'c'] },
      tables: { a: [0.5, 0.5], b: [0.5, 0.5], c: [0.5, 0.5], 'y~1': [0.5, 0.5], y: noisyOr({ causes: [0.5, 0.5, 0.5] }) },
    })
    const d = right(decompose(right(crowded)))
    expect(d.network.dag.nodes.slice(5)).toEqual(['~y~1', 'y~2'])
    expect(E.isRight(decompose(d.network))).toBe(true)
  })
})
