import { compile } from '@chainrule/infer'
import { networkFromSpec } from '@chainrule/models'
import { arbitraryModel, enumerateJoint, jointPosterior, networkSpecOf, right, type Model } from '@chainrule/testing'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { entropy, mutualInformation, sensitivity } from './information.js'

/** Random networks over v0..v{n-1}: 2 to 5 variables of 2 or 3 states, up to 2 parents each, some entries zero. */
const arbNetwork = arbitraryModel({ variables: { min: 2, max: 5 }, states: { min: 2, max: 3 }, parents: { max: 2 } }).map((model) => ({
  model,
  bn: right(networkFromSpec(networkSpecOf(model))).network,
}))

/** P(a, b) by the oracle's enumeration. */
const jointByEnumeration = (model: Model, a: number, b: number): number[][] => {
  const table = jointPosterior(enumerateJoint(model), [a, b])!
  const cb = model.cards[b]!
  return Array.from({ length: model.cards[a]! }, (_, x) => Array.from(table.subarray(x * cb, (x + 1) * cb)))
}

describe('information measures equal their definitions on the enumerated joint', () => {
  it('I(A; B) and H(A), for every pair of variables of random networks', () =>
    fc.assert(
      fc.property(arbNetwork, ({ model, bn }) => {
        const engine = compile(bn)
        if (E.isLeft(engine)) throw new Error('compile')
        const n = bn.dag.nodes.length
        for (let a = 0; a < n; a++)
          for (let b = a + 1; b < n; b++) {
            const joint = jointByEnumeration(model, a, b)
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
      fc.property(arbNetwork, ({ bn }) => {
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
