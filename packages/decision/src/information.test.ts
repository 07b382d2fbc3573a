import { compile } from '@chainrule/infer'
import { logProbOfStates, networkFromSpec, type BayesianNetwork } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { entropy, mutualInformation, sensitivity } from './information.js'

/** Random networks over v0..v{n-1}: up to 2 earlier parents each, some entries zero. */
const arbNetwork = fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 2, maxLength: 5 }).chain((cards) =>
  fc
    .tuple(...cards.map((_, v) => fc.subarray(Array.from({ length: v }, (_, u) => u), { maxLength: Math.min(2, v) })))
    .chain((parents) =>
      fc
        .tuple(
          ...parents.map((ps, v) => {
            const size = ps.reduce((s, p) => s * cards[p]!, 1) * cards[v]!
            return fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.05, max: 1, noNaN: true })), { minLength: size, maxLength: size })
          }),
        )
        .map((raw): BayesianNetwork => {
          const built = networkFromSpec({
            variables: cards.map((card, v) => {
              const table = [...raw[v]!]
              for (let r = 0; r < table.length; r += card) {
                const sum = table.slice(r, r + card).reduce((s, x) => s + x, 0)
                for (let k = 0; k < card; k++) table[r + k] = sum === 0 ? 1 / card : table[r + k]! / sum
              }
              return { name: `v${v}`, states: Array.from({ length: card }, (_, s) => `s${s}`), parents: parents[v]!.map((p) => `v${p}`), table }
            }),
          })
          if (E.isLeft(built)) throw new Error('fixture')
          return built.right.network
        }),
    ),
)

/** P(a, b) by enumerating every joint assignment. */
const jointByEnumeration = (bn: BayesianNetwork, a: number, b: number): number[][] => {
  const cards = bn.domain.variables.map((v) => v.states.length)
  const joint = Array.from({ length: cards[a]! }, () => new Array<number>(cards[b]!).fill(0))
  const x = new Int32Array(cards.length)
  const visit = (v: number): void => {
    if (v === cards.length) {
      joint[x[a]!]![x[b]!]! += Math.exp(logProbOfStates(bn, x))
      return
    }
    for (let s = 0; s < cards[v]!; s++) {
      x[v] = s
      visit(v + 1)
    }
  }
  visit(0)
  return joint
}

describe('information measures equal their definitions on the enumerated joint', () => {
  it('I(A; B) and H(A), for every pair of variables of random networks', () =>
    fc.assert(
      fc.property(arbNetwork, (bn) => {
        const engine = compile(bn)
        if (E.isLeft(engine)) throw new Error('compile')
        const n = bn.dag.nodes.length
        for (let a = 0; a < n; a++)
          for (let b = a + 1; b < n; b++) {
            const joint = jointByEnumeration(bn, a, b)
            const pa = joint.map((row) => row.reduce((s, x) => s + x, 0))
            const pb = joint[0]!.map((_, y) => joint.reduce((s, row) => s + row[y]!, 0))
            let expected = 0
            joint.forEach((row, x) => row.forEach((p, y) => p > 0 && (expected += p * Math.log(p / (pa[x]! * pb[y]!)))))
            const info = mutualInformation(engine.right, `v${a}`, `v${b}`)
            const back = mutualInformation(engine.right, `v${b}`, `v${a}`)
            if (E.isLeft(info) || E.isLeft(back)) throw new Error('information')
            expect(Math.abs(info.right - expected)).toBeLessThan(1e-12)
            expect(info.right).toBeGreaterThanOrEqual(0)
            expect(Math.abs(info.right - back.right)).toBeLessThan(1e-12)
            const h = entropy(engine.right, `v${a}`)
            if (E.isLeft(h)) throw new Error('entropy')
            expect(Math.abs(h.right + pa.reduce((s, p) => (p > 0 ? s + p * Math.log(p) : s), 0))).toBeLessThan(1e-12)
            // Observing one of the two leaves nothing to learn about the other.
            const given = mutualInformation(engine.right, `v${a}`, `v${b}`, { evidence: { [`v${b}`]: 's0' } })
            if (E.isRight(given)) expect(given.right).toBe(0)
          }
      }),
      { numRuns: 80 },
    ))

  it('sensitivity lists every other unobserved variable, most informative first, as a share of the entropy', () =>
    fc.assert(
      fc.property(arbNetwork, (bn) => {
        const engine = compile(bn)
        if (E.isLeft(engine)) throw new Error('compile')
        const rows = sensitivity(engine.right, 'v0')
        const h = entropy(engine.right, 'v0')
        if (E.isLeft(rows) || E.isLeft(h)) throw new Error('sensitivity')
        expect(rows.right.map((r) => r.variable).sort()).toEqual(bn.dag.nodes.filter((v) => v !== 'v0').sort())
        for (let k = 1; k < rows.right.length; k++) expect(rows.right[k]!.mutualInformation).toBeLessThanOrEqual(rows.right[k - 1]!.mutualInformation)
        for (const r of rows.right) {
          expect(r.entropyReduction).toBeGreaterThanOrEqual(0)
          expect(r.entropyReduction).toBeLessThanOrEqual(1 + 1e-12)
          if (h.right > 0) expect(Math.abs(r.entropyReduction - r.mutualInformation / h.right)).toBeLessThan(1e-15)
        }
      }),
      { numRuns: 60 },
    ))

  it('unknown names are the inference error', () => {
    const built = networkFromSpec({ variables: [{ name: 'a', states: ['x', 'y'], parents: [], table: [0.5, 0.5] }] })
    if (E.isLeft(built)) throw new Error('fixture')
    const engine = compile(built.right.network)
    if (E.isLeft(engine)) throw new Error('compile')
    const r = mutualInformation(engine.right, 'a', 'b')
    expect(E.isLeft(r) && r.left._tag === 'Infer' && r.left.error._tag).toBe('UnknownVariable')
  })
})
