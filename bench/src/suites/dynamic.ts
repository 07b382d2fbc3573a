/**
 * Suite `dynamic`: dynamic Bayesian networks by the interface algorithm.
 *
 * - HMM filtering throughput (slices per second) with 2, 16 and 64 hidden
 *   states and 4 observed symbols: `logLikelihood` (the forward pass alone),
 *   `filter` (every slice's marginals read out too), against a plain
 *   typed-array forward pass on the same sequence in the same run (scaled
 *   alpha recursion, O(K^2) per slice: the floor any exact filter pays). The
 *   log-likelihoods must agree to 1e-9 relative.
 * - A DBN with 20 variables per slice (8 hidden with temporal arcs, 12
 *   sensors), filtered by `filterStep` as a stream over 1,000, 10,000 and
 *   100,000 slices, each slice's sensor readings drawn on the fly: slices per
 *   second and peak heap. The peak must not grow with T. With `node
 *   --expose-gc`, the heap is measured after a collection every 500 slices
 *   (live memory); without it, heapUsed is sampled as it is (garbage included).
 *
 * Flags: `--quick` (shorter sequences).
 */
import { compileDynamic, defineDynamicNetwork, filter, filterStep, fromTwoSlice, logLikelihood, type Belief, type DynamicEngine, type Observations } from '@chainrule/dynamic'
import { createRng, networkFromSpec, type Rng, type VariableSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { median, type Row, type Suite } from '../harness.js'

const SYMBOLS = 4

/** A random stochastic matrix: rows of `cols` entries in [0.1, 1.1), normalised. */
const stochastic = (rng: Rng, rows: number, cols: number): number[][] =>
  Array.from({ length: rows }, () => {
    const row = Array.from({ length: cols }, () => 0.1 + rng.float())
    const sum = row.reduce((s, x) => s + x, 0)
    return row.map((x) => x / sum)
  })

const hmmOf = (K: number, rng: Rng) => {
  const pi = stochastic(rng, 1, K)[0]!
  const A = stochastic(rng, K, K)
  const B = stochastic(rng, K, SYMBOLS)
  const hidden = Array.from({ length: K }, (_, k) => `h${k}`)
  const seen = Array.from({ length: SYMBOLS }, (_, k) => `o${k}`)
  const dbn = defineDynamicNetwork({
    states: { hidden, seen },
    initial: { parents: { seen: ['hidden'] }, tables: { hidden: pi, seen: B } },
    transition: { parents: { hidden: ['hidden[t-1]'], seen: ['hidden'] }, tables: { hidden: A, seen: B } },
  })
  if (E.isLeft(dbn)) throw new Error(`HMM: ${dbn.left._tag}`)
  return { dbn: dbn.right, pi, A, B }
}

/** The plain scaled forward pass on typed arrays: log P(o_0..T-1). */
const forwardFloor = (pi: Float64Array, A: Float64Array, B: Float64Array, K: number, seen: Int32Array): number => {
  let alpha = new Float64Array(K)
  let next = new Float64Array(K)
  let logLikelihood = 0
  for (let t = 0; t < seen.length; t++) {
    const o = seen[t]!
    let total = 0
    for (let j = 0; j < K; j++) {
      let s = 0
      if (t === 0) s = pi[j]!
      else for (let i = 0; i < K; i++) s += alpha[i]! * A[i * K + j]!
      const x = s * B[j * SYMBOLS + o]!
      next[j] = x
      total += x
    }
    for (let j = 0; j < K; j++) next[j] = next[j]! / total
    logLikelihood += Math.log(total)
    ;[alpha, next] = [next, alpha]
  }
  return logLikelihood
}

const timed = <T>(fn: () => T, repeats: number): { readonly ms: number; readonly value: T } => {
  let value = fn()
  const times: number[] = []
  for (let r = 0; r < repeats; r++) {
    const start = performance.now()
    value = fn()
    times.push(performance.now() - start)
  }
  return { ms: median(times), value }
}

const hmmRows = (quick: boolean): Row[] => {
  const rows: Row[] = []
  for (const K of [2, 16, 64]) {
    const T = (quick ? 0.1 : 1) * (K === 64 ? 20_000 : 100_000)
    const rng = createRng(K)
    const { dbn, pi, A, B } = hmmOf(K, rng)
    const engine = compileDynamic(dbn)
    if (E.isLeft(engine)) throw new Error('compile')
    const symbols = Int32Array.from({ length: T }, () => rng.int(SYMBOLS))
    const obs: Observations = { slices: T, states: Int32Array.from({ length: 2 * T }, (_, k) => (k % 2 === 0 ? -1 : symbols[k >> 1]!)) }
    const floor = timed(() => forwardFloor(Float64Array.from(pi), Float64Array.from(A.flat()), Float64Array.from(B.flat()), K, symbols), 5)
    const ours = timed(() => logLikelihood(engine.right, obs), 3)
    const filtered = timed(() => filter(engine.right, obs), 3)
    if (E.isLeft(ours.value) || E.isLeft(filtered.value)) throw new Error('HMM filtering failed')
    const error = Math.abs(ours.value.right - floor.value) / Math.abs(floor.value)
    if (!(error < 1e-9)) throw new Error(`HMM K=${K}: log-likelihoods differ by ${error} (relative)`)
    const row = (engineName: string, ms: number, ratio?: number): Row => ({
      suite: 'dynamic',
      case: `HMM K=${K}, T=${T.toLocaleString('en-US')}`,
      engine: engineName,
      medianMs: ms,
      repeats: engineName === 'typed-array forward pass' ? 5 : 3,
      slicesPerSecond: Math.round((T / ms) * 1000),
      ...(ratio === undefined ? {} : { ratio }),
      logLikelihood: E.isRight(ours.value) ? ours.value.right : Number.NaN,
    })
    rows.push(row('typed-array forward pass', floor.ms), row('chainrule logLikelihood', ours.ms, ours.ms / floor.ms), row('chainrule filter (all marginals)', filtered.ms, filtered.ms / floor.ms))
  }
  return rows
}

const HIDDEN = 8
const SENSORS = 12

/** 8 hidden binary variables (each with its own and its left neighbour's previous state as parents), 12 ternary sensors of two hidden each. */
const sensorNetwork = (rng: Rng): DynamicEngine => {
  const variables: VariableSpec[] = []
  const table = (rows: number, card: number): number[] => stochastic(rng, rows, card).flat()
  for (const slice of ['0', 't'])
    for (let h = 0; h < HIDDEN; h++) {
      const parents = slice === '0' ? (h === 0 ? [] : [`h${h - 1}0`]) : [`h${h}0`, `h${(h + HIDDEN - 1) % HIDDEN}0`]
      variables.push({ name: `h${h}${slice}`, states: ['off', 'on'], parents, table: table(2 ** parents.length, 2) })
    }
  for (const slice of ['0', 't'])
    for (let s = 0; s < SENSORS; s++)
      variables.push({ name: `s${s}${slice}`, states: ['low', 'mid', 'high'], parents: [`h${s % HIDDEN}${slice}`, `h${(s * 3 + 1) % HIDDEN}${slice}`], table: table(4, 3) })
  const built = networkFromSpec({ variables })
  if (E.isLeft(built)) throw new Error('sensor network')
  const dbn = fromTwoSlice(built.right.network)
  if (E.isLeft(dbn)) throw new Error('sensor 2TBN')
  const engine = compileDynamic(dbn.right)
  if (E.isLeft(engine)) throw new Error('compile')
  return engine.right
}

const gc = (globalThis as { gc?: () => void }).gc

/** Filter T slices as a stream (sensor readings drawn as they come); slices per second and the peak heap. */
const streamRows = (engine: DynamicEngine, T: number): Row => {
  const rng = createRng(99)
  const n = HIDDEN + SENSORS
  const slice = new Int32Array(n).fill(-1)
  gc?.()
  let peak = process.memoryUsage().heapUsed
  const start = performance.now()
  let belief: Belief | undefined
  for (let t = 0; t < T; t++) {
    for (let s = 0; s < SENSORS; s++) slice[HIDDEN + s] = rng.int(3)
    const step = filterStep(engine, belief, slice)
    if (E.isLeft(step)) throw new Error(`slice ${t}: ${step.left._tag}`)
    belief = step.right.belief
    if (t % 500 === 499) {
      gc?.()
      peak = Math.max(peak, process.memoryUsage().heapUsed)
    }
  }
  const ms = performance.now() - start
  return {
    suite: 'dynamic',
    case: `DBN, ${HIDDEN + SENSORS} variables per slice, T=${T.toLocaleString('en-US')}`,
    engine: 'chainrule filterStep (stream)',
    medianMs: ms,
    repeats: 1,
    slicesPerSecond: Math.round((T / ms) * 1000),
    peakHeapMiB: peak / 2 ** 20,
    heapMeasured: gc === undefined ? 'sampled (no --expose-gc)' : 'after gc',
    logLikelihood: belief?.logLikelihood ?? 0,
  }
}

export const suite: Suite = {
  name: 'dynamic',
  description: 'DBN filtering by the interface algorithm: HMM throughput against a typed-array forward pass; a 20-variable DBN streamed over 1e3-1e5 slices with peak heap',
  run: () => {
    const quick = process.argv.includes('--quick')
    const rows = hmmRows(quick)
    const engine = sensorNetwork(createRng(7))
    streamRows(engine, 1_000) // warm-up
    for (const T of quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]) rows.push(streamRows(engine, T))
    return rows
  },
}
