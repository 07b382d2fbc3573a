import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createRng } from '@chainrule/models'
import { frequencyTolerance } from '@chainrule/testing'
import { latentPrototypes, reconstructLatentTree, sampleLatentTree } from './latent-sample.js'
import type { LatentTree } from './latent-tree.js'
import { arbitraryLatentTree, bruteLogLikelihood } from './latent.fixtures.js'
import { right } from './data.fixtures.js'

/** Every joint state of the observed variables. */
const allRows = (cards: Int32Array): number[][] => {
  const out: number[][] = [[]]
  for (const card of cards) out.splice(0, out.length, ...out.flatMap((row) => Array.from({ length: card }, (_, s) => [...row, s])))
  return out
}

/** The model with hidden variable v forced to state k (a point mass in place of its table's rows). */
const clamped = (model: LatentTree, v: number, k: number): LatentTree => ({
  ...model,
  hiddenTables: model.hiddenTables.map((t, u) => (u === v ? t.map((_, at) => (at % model.hiddenCards[v]! === k ? 1 : 0)) : t)),
})

/** Empirical frequency of each row pattern against `exact` probabilities, within a binomial bound (`frequencyTolerance`). */
const expectFrequencies = (values: Uint8Array, n: number, count: number, rows: number[][], exact: (row: number[]) => number): void => {
  const seen = new Map<string, number>()
  for (let r = 0; r < count; r++) {
    const key = Array.from(values.subarray(r * n, (r + 1) * n)).join(',')
    seen.set(key, (seen.get(key) ?? 0) + 1)
  }
  for (const row of rows) {
    const p = exact(row)
    const f = (seen.get(row.join(',')) ?? 0) / count
    expect(Math.abs(f - p)).toBeLessThanOrEqual(frequencyTolerance(p, count))
  }
}

const small = arbitraryLatentTree({ maxHidden: 2, maxObserved: 3, maxCard: 3 })

describe('sampling a latent tree model', () => {
  it('draws rows with their exact probabilities, and with a hidden variable clamped, with the conditional ones', () =>
    fc.assert(
      fc.property(small.filter((m) => m.hiddenNames.length > 0), fc.integer(), (model, seed) => {
        const count = 20_000
        const n = model.observedNames.length
        const rows = allRows(model.observedCards)
        const s = right(sampleLatentTree(model, count, createRng(seed)))
        expectFrequencies(s.rows.values, n, count, rows, (row) => Math.exp(bruteLogLikelihood(model, row)))
        // A root clamped: p(x | root = k).
        const root = model.hiddenParent.indexOf(-1)
        const k = model.hiddenCards[root]! - 1
        const c = right(sampleLatentTree(model, count, createRng(seed + 1), { hidden: model.hiddenNames[root]!, state: k }))
        expect(c.hidden.filter((_, at) => at % model.hiddenNames.length === root).every((x) => x === k)).toBe(true)
        expectFrequencies(c.rows.values, n, count, rows, (row) => Math.exp(bruteLogLikelihood(clamped(model, root, k), row)))
      }),
      { numRuns: 12 },
    ))

  it('reconstructs a row from the exact posterior of its hidden variables', () =>
    fc.assert(
      fc.property(small.filter((m) => m.hiddenNames.length > 0), fc.integer(), (model, seed) => {
        const n = model.observedNames.length
        const count = 20_000
        const rows = allRows(model.observedCards)
        const given = right(sampleLatentTree(model, 1, createRng(seed))).rows.values
        const copies = { rows: count, cards: model.observedCards, values: Uint8Array.from({ length: count * n }, (_, at) => given[at % n]!) }
        const r = right(reconstructLatentTree(model, copies, createRng(seed + 2)))
        // p(x' | x) = sum over joint hidden states h of p(h | x) p(x' | h), by enumeration.
        const H = model.hiddenNames.length
        const joint = (row: number[], h: number[]): number => {
          let p = 1
          for (let v = 0; v < H; v++) p *= model.hiddenTables[v]![(model.hiddenParent[v]! < 0 ? 0 : h[model.hiddenParent[v]!]!) * model.hiddenCards[v]! + h[v]!]!
          for (let i = 0; i < n; i++) {
            let at = model.observedHidden[i]! < 0 ? 0 : h[model.observedHidden[i]!]!
            for (const q of model.observedParents[i]!) at = at * model.observedCards[q]! + row[q]!
            p *= model.observedTables[i]![at * model.observedCards[i]! + row[i]!]!
          }
          return p
        }
        const hiddenStates = allRows(model.hiddenCards)
        const x = Array.from(given)
        const px = hiddenStates.reduce((s, h) => s + joint(x, h), 0)
        expectFrequencies(r.rows.values, n, count, rows, (row) =>
          hiddenStates.reduce((s, h) => {
            const prior = joint(x, h) / px
            // p(row | h): the joint with the hidden tables' part divided out.
            let ph = 1
            for (let v = 0; v < H; v++) ph *= model.hiddenTables[v]![(model.hiddenParent[v]! < 0 ? 0 : h[model.hiddenParent[v]!]!) * model.hiddenCards[v]! + h[v]!]!
            return ph === 0 ? s : s + (prior * joint(row, h)) / ph
          }, 0),
        )
      }),
      { numRuns: 10 },
    ))

  it('prototypes are E[x_i | h = k], by enumeration', () =>
    fc.assert(
      fc.property(small.filter((m) => m.hiddenNames.length > 0), fc.nat(), (model, pick) => {
        const v = pick % model.hiddenNames.length
        const protos = right(latentPrototypes(model, model.hiddenNames[v]!))
        const rows = allRows(model.observedCards)
        for (let k = 0; k < model.hiddenCards[v]!; k++) {
          let total = 0
          const mean = new Float64Array(model.observedNames.length)
          for (const row of rows) {
            const p = jointWithHidden(model, row, v, k)
            total += p
            row.forEach((s, i) => (mean[i]! += s * p))
          }
          if (total === 0) continue
          mean.forEach((m, i) => expect(Math.abs(protos[k]![i]! - m / total)).toBeLessThanOrEqual(1e-12))
        }
      }),
      { numRuns: 60 },
    ))

  it('typed errors: unknown hidden names and states, negative counts', () => {
    const model = fc.sample(small.filter((m) => m.hiddenNames.length > 0), { seed: 2, numRuns: 1 })[0]!
    expect(sampleLatentTree(model, 1, createRng(1), { hidden: 'nope', state: 0 })).toMatchObject({ left: { _tag: 'InvalidOption', option: 'clamp.hidden' } })
    expect(sampleLatentTree(model, 1, createRng(1), { hidden: model.hiddenNames[0]!, state: 99 })).toMatchObject({ left: { _tag: 'InvalidOption', option: 'clamp.state' } })
    expect(sampleLatentTree(model, -1, createRng(1))).toMatchObject({ left: { _tag: 'InvalidOption', option: 'count' } })
    expect(latentPrototypes(model, 'nope')).toMatchObject({ left: { _tag: 'InvalidOption', option: 'hidden' } })
    expect(reconstructLatentTree(model, { rows: 0, cards: Int32Array.of(2, 2, 2, 2, 2, 2, 2), values: new Uint8Array(0) }, createRng(1))).toMatchObject({ left: { _tag: 'ShapeMismatch' } })
  })
})

/** p(x, h_v = k), summing every other hidden variable (enumeration). */
const jointWithHidden = (model: LatentTree, row: number[], v: number, k: number): number => {
  const H = model.hiddenNames.length
  let total = 0
  const h = new Array<number>(H).fill(0)
  for (;;) {
    if (h[v] === k) {
      let p = 1
      for (let u = 0; u < H; u++) p *= model.hiddenTables[u]![(model.hiddenParent[u]! < 0 ? 0 : h[model.hiddenParent[u]!]!) * model.hiddenCards[u]! + h[u]!]!
      row.forEach((s, i) => {
        let at = model.observedHidden[i]! < 0 ? 0 : h[model.observedHidden[i]!]!
        for (const q of model.observedParents[i]!) at = at * model.observedCards[q]! + row[q]!
        p *= model.observedTables[i]![at * model.observedCards[i]! + s]!
      })
      total += p
    }
    let u = H - 1
    for (; u >= 0; u--) {
      if (++h[u]! < model.hiddenCards[u]!) break
      h[u] = 0
    }
    if (u < 0) return total
  }
}
