/**
 * Test support for latent tree models: random skeletons and tables
 * (fast-check), complete rows sampled from them, and brute-force oracles that
 * enumerate every joint state of the hidden variables (no code shared with
 * the pass under test).
 */
import fc from 'fast-check'
import { createRng } from '@chainrule/models'
import type { LatentTree } from './latent-tree.js'
import type { RowData } from './row-data.js'

/** A random latent tree model: up to `maxHidden` hidden variables (a forest), up to `maxObserved` observed ones. */
export const arbitraryLatentTree = ({ maxHidden = 3, maxObserved = 5, maxCard = 3, zeros = false } = {}): fc.Arbitrary<LatentTree> =>
  fc
    .record({
      hidden: fc.integer({ min: 0, max: maxHidden }),
      observed: fc.integer({ min: 1, max: maxObserved }),
      seed: fc.integer(),
    })
    .map(({ hidden, observed, seed }) => {
      const rng = createRng(seed)
      const hiddenCards = Int32Array.from({ length: hidden }, () => 1 + rng.int(maxCard))
      // Parent of hidden v among earlier hidden variables (or a root).
      const hiddenParent = Int32Array.from({ length: hidden }, (_, v) => (v === 0 || rng.float() < 0.3 ? -1 : rng.int(v)))
      const observedCards = Int32Array.from({ length: observed }, () => 2 + rng.int(maxCard - 1))
      const observedHidden = Int32Array.from({ length: observed }, () => (hidden === 0 || rng.float() < 0.2 ? -1 : rng.int(hidden)))
      const observedParents = Array.from({ length: observed }, (_, i) => {
        const ps: number[] = []
        for (let p = 0; p < i; p++) if (rng.float() < 0.3 && ps.length < 2) ps.push(p)
        return Int32Array.from(ps)
      })
      const row = (card: number): number[] => {
        const raw: number[] = Array.from({ length: card }, () => (zeros && rng.float() < 0.15 ? 0 : 0.05 + rng.float()))
        if (raw.reduce((a, b) => a + b, 0) === 0) raw[0] = 1
        const sum = raw.reduce((a, b) => a + b, 0)
        return raw.map((x) => x / sum)
      }
      const hiddenTables = Array.from(hiddenCards, (card, v) =>
        Float64Array.from(Array.from({ length: hiddenParent[v]! < 0 ? 1 : hiddenCards[hiddenParent[v]!]! }, () => row(card)).flat()),
      )
      const observedTables = Array.from(observedCards, (card, i) => {
        const rows = (observedHidden[i]! < 0 ? 1 : hiddenCards[observedHidden[i]!]!) * observedParents[i]!.reduce((s, p) => s * observedCards[p]!, 1)
        return Float64Array.from(Array.from({ length: rows }, () => row(card)).flat())
      })
      return {
        observedNames: Array.from({ length: observed }, (_, i) => `x${i}`),
        observedCards,
        hiddenNames: Array.from({ length: hidden }, (_, v) => `h${v}`),
        hiddenCards,
        hiddenParent,
        observedHidden,
        observedParents,
        hiddenTables,
        observedTables,
      }
    })

/** Every joint hidden assignment with its probability times p(row | assignment), by enumeration. */
const eachHidden = (model: LatentTree, values: ArrayLike<number>, visit: (h: Int32Array, weight: number) => void): void => {
  const H = model.hiddenNames.length
  const h = new Int32Array(H)
  for (;;) {
    let p = 1
    for (let v = 0; v < H; v++) {
      const parent = model.hiddenParent[v]!
      p *= model.hiddenTables[v]![(parent < 0 ? 0 : h[parent]!) * model.hiddenCards[v]! + h[v]!]!
    }
    model.observedNames.forEach((_, i) => {
      let row = model.observedHidden[i]! < 0 ? 0 : h[model.observedHidden[i]!]!
      for (const q of model.observedParents[i]!) row = row * model.observedCards[q]! + values[q]!
      p *= model.observedTables[i]![row * model.observedCards[i]! + values[i]!]!
    })
    visit(h, p)
    let v = H - 1
    for (; v >= 0; v--) {
      if (++h[v]! < model.hiddenCards[v]!) break
      h[v] = 0
    }
    if (v < 0) return
  }
}

/** log p(row) by enumeration. */
export const bruteLogLikelihood = (model: LatentTree, values: ArrayLike<number>): number => {
  let total = 0
  eachHidden(model, values, (_, w) => (total += w))
  return Math.log(total)
}

/** Posterior marginals of every hidden variable (concatenated), by enumeration. */
export const brutePosteriors = (model: LatentTree, values: ArrayLike<number>): Float64Array => {
  const offsets = [0]
  model.hiddenCards.forEach((k) => offsets.push(offsets[offsets.length - 1]! + k))
  const out = new Float64Array(offsets[offsets.length - 1]!)
  let total = 0
  eachHidden(model, values, (h, w) => {
    total += w
    h.forEach((k, v) => (out[offsets[v]! + k]! += w))
  })
  return out.map((x) => x / total)
}

/** `rows` complete rows drawn from the model (ancestral sampling written here, independently). */
export const sampleRows = (model: LatentTree, rows: number, seed: number): RowData => {
  const rng = createRng(seed)
  const n = model.observedNames.length
  const H = model.hiddenNames.length
  const values = new Uint8Array(rows * n)
  const draw = (table: Float64Array, at: number, card: number): number => {
    let u = rng.float()
    for (let k = 0; k < card - 1; k++) {
      u -= table[at + k]!
      if (u < 0) return k
    }
    return card - 1
  }
  // Hidden in an order with parents first (parents have lower ids in the fixtures, but sort anyway).
  const order = [...Array(H).keys()].sort((a, b) => depth(model, a) - depth(model, b))
  const h = new Int32Array(H)
  for (let r = 0; r < rows; r++) {
    for (const v of order) {
      const p = model.hiddenParent[v]!
      h[v] = draw(model.hiddenTables[v]!, (p < 0 ? 0 : h[p]!) * model.hiddenCards[v]!, model.hiddenCards[v]!)
    }
    for (let i = 0; i < n; i++) {
      let row = model.observedHidden[i]! < 0 ? 0 : h[model.observedHidden[i]!]!
      for (const q of model.observedParents[i]!) row = row * model.observedCards[q]! + values[r * n + q]!
      values[r * n + i] = draw(model.observedTables[i]!, row * model.observedCards[i]!, model.observedCards[i]!)
    }
  }
  return { rows, cards: model.observedCards, values }
}

const depth = (model: LatentTree, v: number): number => (model.hiddenParent[v]! < 0 ? 0 : 1 + depth(model, model.hiddenParent[v]!))
