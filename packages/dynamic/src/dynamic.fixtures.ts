/**
 * Test fixtures: random small 2TBNs (written as pyAgrum-named networks, some
 * table entries zero), random evidence over sequences, and answers of exact
 * inference on the unrolled network, the reference every interface-algorithm
 * answer is checked against.
 */
import { compile, marginals } from '@chainrule/infer'
import { networkFromSpec, type VariableSpec } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { fromTwoSlice, type DynamicNetwork } from './dynamic-network.js'
import type { Observations } from './observations.js'
import { unroll, unrolledName } from './unroll.js'

const rowsOf = (raw: readonly number[], card: number): number[] => {
  const out = [...raw]
  for (let r = 0; r < out.length; r += card) {
    let sum = 0
    for (let k = 0; k < card; k++) sum += out[r + k]!
    for (let k = 0; k < card; k++) out[r + k] = sum === 0 ? 1 / card : out[r + k]! / sum
  }
  return out
}

const arbRows = (entries: number): fc.Arbitrary<number[]> =>
  fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.double({ min: 0.05, max: 1, noNaN: true }) }), {
    minLength: entries,
    maxLength: entries,
  })

/**
 * A random 2TBN over 1..maxVars variables per slice (2 or 3 states): slice-0
 * parents among earlier variables, transition parents among the previous
 * slice (any variable) and earlier variables of the same slice.
 */
export const arbDynamic = (maxVars = 3): fc.Arbitrary<DynamicNetwork> =>
  fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 1, maxLength: maxVars }).chain((cards) => {
    const n = cards.length
    const ids = Array.from({ length: n }, (_, b) => b)
    return fc
      .tuple(
        fc.tuple(...ids.map((b) => fc.subarray(ids.slice(0, b), { maxLength: Math.min(2, b) }))),
        fc.tuple(...ids.map((b) => fc.tuple(fc.subarray(ids, { maxLength: Math.min(2, n) }), fc.subarray(ids.slice(0, b), { maxLength: Math.min(1, b) })))),
      )
      .chain(([initialParents, transitionParents]) => {
        const rowsFor = (parents: readonly number[]): number => parents.reduce((s, p) => s * cards[p]!, 1)
        return fc
          .tuple(
            fc.tuple(...ids.map((b) => arbRows(rowsFor(initialParents[b]!) * cards[b]!))),
            fc.tuple(...ids.map((b) => arbRows(rowsFor([...transitionParents[b]![0], ...transitionParents[b]![1]]) * cards[b]!))),
          )
          .map(([initialRaw, transitionRaw]) => {
            const name = (b: number): string => `v${b}`
            const states = (b: number): string[] => Array.from({ length: cards[b]! }, (_, s) => `s${s}`)
            const variables: VariableSpec[] = [
              ...ids.map((b) => ({ name: `${name(b)}0`, states: states(b), parents: initialParents[b]!.map((p) => `${name(p)}0`), table: rowsOf(initialRaw[b]!, cards[b]!) })),
              ...ids.map((b) => ({
                name: `${name(b)}t`,
                states: states(b),
                parents: [...transitionParents[b]![0].map((p) => `${name(p)}0`), ...transitionParents[b]![1].map((p) => `${name(p)}t`)],
                table: rowsOf(transitionRaw[b]!, cards[b]!),
              })),
            ]
            const built = networkFromSpec({ variables })
            if (E.isLeft(built)) throw new Error(`fixture 2TBN: ${built.left.map((e) => e._tag).join(', ')}`)
            const dbn = fromTwoSlice(built.right.network)
            if (E.isLeft(dbn)) throw new Error(`fixture 2TBN: ${dbn.left._tag}`)
            return dbn.right
          })
      })
  })

/** Random evidence over `slices` slices: each cell observed with probability about 1/3. */
export const arbObservations = (dbn: DynamicNetwork, slices: number): fc.Arbitrary<Observations> => {
  const cards = dbn.slice.variables.map((v) => v.states.length)
  return fc
    .array(fc.oneof(fc.constant(-1), fc.constant(-1), fc.nat()), { minLength: slices * cards.length, maxLength: slices * cards.length })
    .map((raw) => ({ slices, states: Int32Array.from(raw, (x, k) => (x < 0 ? -1 : x % cards[k % cards.length]!)) }))
}

/** A random 2TBN with random evidence over 1..maxSlices slices. */
export const arbSequence = (maxSlices = 10, maxVars = 3): fc.Arbitrary<[DynamicNetwork, Observations]> =>
  arbDynamic(maxVars).chain((dbn) => fc.tuple(fc.constant(dbn), fc.integer({ min: 1, max: maxSlices }).chain((T) => arbObservations(dbn, T))))

/** Evidence of slices from..until (inclusive) by unrolled name. */
export const unrolledEvidence = (dbn: DynamicNetwork, obs: Observations, until: number, from = 0): Record<string, string> => {
  const n = dbn.slice.variables.length
  const out: Record<string, string> = {}
  for (let t = from; t <= until && t < obs.slices; t++)
    dbn.slice.variables.forEach((v, b) => {
      const s = obs.states[t * n + b]!
      if (s >= 0) out[unrolledName(v.name, t)] = v.states[s]!
    })
  return out
}

/**
 * Exact inference on the network unrolled to `slices` slices: P(X_t | evidence)
 * of every variable of every slice by base id (point masses where observed),
 * and log P(evidence); undefined when the evidence is impossible.
 */
export const unrolledAnswer = (
  dbn: DynamicNetwork,
  slices: number,
  evidence: Record<string, string>,
): { readonly slices: Float64Array[][]; readonly logPEvidence: number } | undefined => {
  const unrolled = unroll(dbn, slices)
  if (E.isLeft(unrolled)) throw new Error(`unroll: ${unrolled.left._tag}`)
  const engine = compile(unrolled.right)
  if (E.isLeft(engine)) throw new Error('compile')
  const posterior = marginals(engine.right, { evidence, targets: unrolled.right.dag.nodes })
  if (E.isLeft(posterior)) {
    if (posterior.left._tag === 'ImpossibleEvidence') return undefined
    throw new Error(posterior.left._tag)
  }
  const n = dbn.slice.variables.length
  return {
    slices: Array.from({ length: slices }, (_, t) => Array.from({ length: n }, (_, b) => posterior.right.probabilities[t * n + b]!)),
    logPEvidence: posterior.right.logPEvidence,
  }
}

/** The largest absolute difference between two lists of distributions. */
export const maxDifference = (a: readonly (readonly Float64Array[])[], b: readonly (readonly Float64Array[])[]): number => {
  let worst = 0
  a.forEach((slice, t) => slice.forEach((p, v) => p.forEach((x, s) => (worst = Math.max(worst, Math.abs(x - b[t]![v]![s]!))))))
  return worst
}
