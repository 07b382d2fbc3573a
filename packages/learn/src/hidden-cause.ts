/**
 * Autoregressive chains that share a hidden cause. A hidden variable Z with K
 * states is a parent of every pixel of every chain: component (c, z) is chain
 * c with its log-odds shifted by one offset per pixel and state,
 *
 *   p(x) = sum_c sum_z w[c, z] prod_p sigmoid(+-(l_c,p(x_<p) + U[c, z, p])),
 *
 * so the chains (a mixture over orderings when they differ in ordering) keep
 * what they learned and Z adds what a whole image has in common that the
 * pixels before p do not tell (which digit, how thick a stroke). Each
 * component is itself a `BinaryChain` (the offsets added to its biases), so
 * log p(x) is exact: a log-sum-exp of the components' exact log-likelihoods,
 * computed from one pass of each chain's logits (`chainLogits`) shared by its
 * K components. The posterior over (c, z) is exact the same way: the E-step
 * of EM for a mixture whose components are chains, the number the junction
 * tree of the equivalent network gives (tested on small chains).
 *
 * EM with the chains fixed: the E-step is that posterior; the M-step sets the
 * weights to the mean responsibilities and each offset by a Newton step on
 * its own concave objective sum_n r log sigmoid(+-(l + u)) - l2 u^2 / 2, kept
 * only where it raises that objective (else a step of Böhning's bound, whose
 * curvature sum r / 4 + l2 is never below the true one, which always does).
 * So the objective, log-likelihood - l2/2 |U|^2, never decreases. Images whose
 * responsibility for a component is below `floor` are left out of its sums.
 */
import * as E from 'fp-ts/lib/Either.js'
import { createRng, type Rng } from '@chainrule/models'
import { type LearnError, invalidOption as invalid } from './errors.js'
import type { ImageMatrix } from './image-data.js'
import type { BinaryChain } from './image-chain.js'
import { bernoulliLogLikelihood, chainLogits, forEachLogitBlock } from './score-chain.js'
import { sampleChain } from './sampling-chain.js'
import type { Threads } from './threads.js'
import { imageRange, inSharedMemory, splitOnThreads } from './thread-split.js'

/** Chains with a shared hidden cause (see the module comment). */
export interface HiddenCauseMixture {
  readonly chains: readonly BinaryChain[]
  /** K, the states of the hidden cause. */
  readonly states: number
  /** `weights[c * K + z]`, positive, summing to 1. */
  readonly weights: Float64Array
  /** `offsets[(c * K + z) * n + p]`: the log-odds added at position p of chain c when Z = z. */
  readonly offsets: Float64Array
}

/** Component (c, z) as a chain of its own: chain c with the offsets added to its biases. */
export const hiddenCauseComponent = (model: HiddenCauseMixture, c: number, z: number): BinaryChain => {
  const chain = model.chains[c]!
  const n = chain.n
  const at = (c * model.states + z) * n
  return { ...chain, bias: Float64Array.from(chain.bias, (b, p) => b + model.offsets[at + p]!) }
}

/** Per image, log w[c, z] + log p(x | c, z) for every component, into `out[r * C * K + c * K + z]`. */
const componentScores = (model: HiddenCauseMixture, images: ImageMatrix, out: Float64Array): void => {
  const K = model.states
  const C = model.chains.length
  const logWeights = Float64Array.from(model.weights, Math.log)
  model.chains.forEach((chain, c) => {
    const n = chain.n
    forEachLogitBlock(chain, images, (r0, b, xs, logits) => {
      for (let j = 0; j < b; j++)
        for (let z = 0; z < K; z++)
          out[(r0 + j) * C * K + c * K + z] = logWeights[c * K + z]! + bernoulliLogLikelihood(xs, logits, j * n, n, model.offsets, (c * K + z) * n)
    })
  })
}

/** log-sum-exp of `m` entries from `at`; when `posterior` is given, the normalised weights go there. */
const logSumExp = (a: Float64Array, at: number, m: number, posterior?: Float64Array, to = 0): number => {
  let max = -Infinity
  for (let k = 0; k < m; k++) if (a[at + k]! > max) max = a[at + k]!
  if (max === -Infinity) return -Infinity
  let sum = 0
  for (let k = 0; k < m; k++) sum += Math.exp(a[at + k]! - max)
  const total = max + Math.log(sum)
  if (posterior !== undefined) for (let k = 0; k < m; k++) posterior[to + k] = Math.exp(a[at + k]! - total)
  return total
}

const checkModel = (model: HiddenCauseMixture, images: ImageMatrix): E.Either<LearnError, HiddenCauseMixture> => {
  const n = model.chains[0]?.n ?? 0
  if (model.chains.length === 0) return E.left({ _tag: 'EmptyData', what: 'chains' })
  if (images.width * images.height !== n) return E.left({ _tag: 'ShapeMismatch', what: 'pixels per image', expected: n, got: images.width * images.height })
  return E.right(model)
}

/**
 * log p(x) in nats for every image, exact; with `posteriors`, also the
 * posterior over the components (c, z), C * K per image (Float32, the features of the hidden cause).
 *
 * @example
 * ```ts
 * import { imageMatrix, learnHiddenCause, learnTableChain, hiddenCauseLogLikelihoods } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each; a table chain, then a 2-state hidden cause shared by it
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * const chain = E.isRight(images) && E.isRight(s) ? learnTableChain(images.right, s.right, { validation: images.right }) : undefined
 * const fit = E.isRight(images) && chain !== undefined && E.isRight(chain) ? await learnHiddenCause([chain.right.chain], images.right, { states: 2 }) : undefined
 * if (fit !== undefined && E.isRight(fit)) {
 *   // An exact mixture: the probabilities of all 16 images sum to 1
 *   const every = imageMatrix(Uint8Array.from({ length: 64 }, (_, i) => (Math.floor(i / 4) >> (i % 4)) & 1), 2, 2)
 *   const ll = E.isRight(every) ? hiddenCauseLogLikelihoods(fit.right.model, every.right) : every
 *   E.isRight(ll) && Array.from(ll.right.logLikelihood, Math.exp).reduce((a, b) => a + b, 0) // ~> 1
 * }
 * ```
 */
export const hiddenCauseLogLikelihoods = (
  model: HiddenCauseMixture,
  images: ImageMatrix,
  options: { readonly posteriors?: boolean } = {},
): E.Either<LearnError, CauseScores> => {
  const checked = checkModel(model, images)
  if (E.isLeft(checked)) return checked
  const m = model.chains.length * model.states
  const scores = new Float64Array(images.rows * m)
  componentScores(model, images, scores)
  const logLikelihood = new Float64Array(images.rows)
  const posteriors = options.posteriors === true ? new Float32Array(images.rows * m) : undefined
  const q = new Float64Array(m)
  for (let r = 0; r < images.rows; r++) {
    logLikelihood[r] = logSumExp(scores, r * m, m, posteriors === undefined ? undefined : q)
    if (posteriors !== undefined) for (let k = 0; k < m; k++) posteriors[r * m + k] = q[k]!
  }
  return E.right({ logLikelihood, ...(posteriors === undefined ? {} : { posteriors }) })
}

/**
 * {@link hiddenCauseLogLikelihoods} with the images cut into `threads.count` equal ranges, the first on
 * this thread while the threads take the others (each with its own copy of the model): every image's
 * numbers are computed by the same code, so they are the same. A thread that fails is a `WorkerFailed` error.
 */
export const hiddenCauseLogLikelihoodsOnThreads = async (
  model: HiddenCauseMixture,
  images: ImageMatrix,
  threads: Threads,
  options: { readonly posteriors?: boolean } = {},
): Promise<E.Either<LearnError, CauseScores>> => {
  const checked = checkModel(model, images)
  if (E.isLeft(checked)) return checked
  const m = model.chains.length * model.states
  const posteriors = options.posteriors === true
  try {
    const split = await splitOnThreads<E.Either<LearnError, CauseScores>, CauseScores>(
      images.rows,
      threads,
      'hiddenCauseScore',
      (lo, hi): CauseScoreJob => ({ model, images: imageRange(images, lo, hi), posteriors }),
      (lo, hi) => hiddenCauseLogLikelihoods(model, imageRange(images, lo, hi), options),
    )
    if (E.isLeft(split.here)) return split.here
    const logLikelihood = new Float64Array(images.rows)
    const all = posteriors ? new Float32Array(images.rows * m) : undefined
    ;[split.here.right, ...split.elsewhere].forEach((r, k) => {
      logLikelihood.set(r.logLikelihood, split.bounds[k]!)
      all?.set(r.posteriors!, split.bounds[k]! * m)
    })
    return E.right({ logLikelihood, ...(all === undefined ? {} : { posteriors: all }) })
  } catch (e) {
    return E.left({ _tag: 'WorkerFailed', reason: e instanceof Error ? e.message : String(e) })
  }
}

/** Each image's log-likelihood and, when asked for, its posterior over the components (c, z). */
export interface CauseScores {
  readonly logLikelihood: Float64Array
  readonly posteriors?: Float32Array
}

/** A range of images for a thread of {@link hiddenCauseLogLikelihoodsOnThreads}. */
export interface CauseScoreJob {
  readonly model: HiddenCauseMixture
  readonly images: ImageMatrix
  readonly posteriors: boolean
}

/** The worker side of {@link hiddenCauseLogLikelihoodsOnThreads}: one range's log-likelihoods (and posteriors). */
export const scoreCauseJob = (job: CauseScoreJob): CauseScores => {
  const scored = hiddenCauseLogLikelihoods(job.model, job.images, { posteriors: job.posteriors })
  if (E.isLeft(scored)) throw new Error(`hiddenCauseScore: ${scored.left._tag}`)
  return scored.right
}

/**
 * Seeded samples: a component (c, z) by weight, then an image from its chain.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnHiddenCause, learnTableChain, sampleHiddenCause } from '@chainrule/learn'
 * import { autoregressive, createRng } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each; a table chain, then a 2-state hidden cause shared by it
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * const chain = E.isRight(images) && E.isRight(s) ? learnTableChain(images.right, s.right, { validation: images.right }) : undefined
 * const fit = E.isRight(images) && chain !== undefined && E.isRight(chain) ? await learnHiddenCause([chain.right.chain], images.right, { states: 2 }) : undefined
 * if (fit !== undefined && E.isRight(fit)) {
 *   const drawn = sampleHiddenCause(fit.right.model, 10, createRng(1))
 *   ;[drawn.rows, drawn.width, drawn.height] // => [10, 2, 2]
 * }
 * ```
 */
export const sampleHiddenCause = (model: HiddenCauseMixture, count: number, rng: Rng, clamp?: { readonly state: number }): ImageMatrix => {
  const first = model.chains[0]!
  const n = first.n
  const K = model.states
  const pixels = new Uint8Array(Math.max(0, count) * n)
  for (let r = 0; r < count; r++) {
    let u = rng.float() * (clamp === undefined ? 1 : model.chains.reduce((s, _, c) => s + model.weights[c * K + clamp.state]!, 0))
    let pick = 0
    for (let k = 0; k < model.weights.length; k++) {
      if (clamp !== undefined && k % K !== clamp.state) continue
      pick = k
      u -= model.weights[k]!
      if (u < 0) break
    }
    pixels.set(sampleChain(hiddenCauseComponent(model, Math.floor(pick / K), pick % K), 1, rng).pixels, r * n)
  }
  return { rows: Math.max(0, count), width: first.width, height: first.height, pixels }
}

/** Options of {@link learnHiddenCause}. */
export interface HiddenCauseOptions {
  /** States of the hidden cause (default 8). */
  readonly states?: number
  /** Where the responsibilities start: a state per training image (e.g. a latent class model's clusters), or K seeded images as centres (default seed 1). */
  readonly start?: { readonly kind: 'assignments'; readonly states: Int32Array } | { readonly kind: 'rows'; readonly seed: number }
  /** L2 penalty on the offsets: the objective is log-likelihood - l2/2 |U|^2 (default 0.01). */
  readonly l2?: number
  /** Most M-steps (default 20). */
  readonly maxIterations?: number
  /** Relative change of the objective that counts as converged (default 1e-5). */
  readonly tolerance?: number
  /** Responsibilities below this are left out of a component's M-step sums (default 1e-10; 0 keeps every image). */
  readonly floor?: number
  /** Called after each E-step with the iteration, the objective and the log-likelihood (nats) of the current model. */
  readonly onIteration?: (iteration: number, objective: number, logLikelihood: number) => void
  /**
   * Threads to split each E-step (by images) and M-step (by components) over, the first range on this
   * thread: the same model, objective and log-likelihoods as one thread (each number is computed by the
   * same code, and the log-likelihood is added row by row in row order). A thread that fails is a
   * `WorkerFailed` error.
   */
  readonly threads?: Threads
}

/** A fitted hidden-cause mixture and its trace. */
export interface HiddenCauseFit {
  readonly model: HiddenCauseMixture
  /** Log-likelihood - l2/2 |U|^2 of the model after M-step t (t = 0: the first, from the start's responsibilities), nats. */
  readonly objective: Float64Array
  /** Training log-likelihood of the model of iteration t (nats, exact). */
  readonly logLikelihood: Float64Array
  readonly iterations: number
  readonly converged: boolean
}

/** Nearest of K seeded images (Hamming distance) for every image. */
const nearestOfRows = (images: ImageMatrix, K: number, seed: number): Int32Array => {
  const rng = createRng(seed)
  const n = images.width * images.height
  const centres = Array.from({ length: K }, () => rng.int(images.rows))
  const out = new Int32Array(images.rows)
  for (let r = 0; r < images.rows; r++) {
    let best = 0
    let bestDistance = Infinity
    for (let z = 0; z < K; z++) {
      let d = 0
      for (let v = 0; v < n; v++) d += images.pixels[r * n + v]! ^ images.pixels[centres[z]! * n + v]!
      if (d < bestDistance) {
        bestDistance = d
        best = z
      }
    }
    out[r] = best
  }
  return out
}

/**
 * Learn a hidden cause shared by fixed chains, by EM on `train` (see the module comment).
 * Errors: no chains, chains over different grids, images of another size, bad options.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnHiddenCause, learnTableChain, hiddenCauseLogLikelihoods } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each; a table chain, then a 2-state hidden cause shared by it
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * const chain = E.isRight(images) && E.isRight(s) ? learnTableChain(images.right, s.right, { validation: images.right }) : undefined
 * const fit = E.isRight(images) && chain !== undefined && E.isRight(chain) ? await learnHiddenCause([chain.right.chain], images.right, { states: 2 }) : undefined
 * if (fit !== undefined && E.isRight(fit)) {
 *   // EM never lowers the objective it climbs
 *   fit.right.objective.every((o, i, all) => i === 0 || o >= all[i - 1]! - 1e-9) // => true
 * }
 * ```
 */
export const learnHiddenCause = async (chains: readonly BinaryChain[], train: ImageMatrix, options: HiddenCauseOptions = {}): Promise<E.Either<LearnError, HiddenCauseFit>> => {
  const K = options.states ?? 8
  if (!(Number.isInteger(K) && K >= 1 && K <= 1024)) return invalid('states', K, 'expected 1..1024')
  const l2 = options.l2 ?? 0.01
  if (!(l2 >= 0 && Number.isFinite(l2))) return invalid('l2', l2, 'expected a finite number >= 0')
  const maxIterations = options.maxIterations ?? 20
  if (!(Number.isSafeInteger(maxIterations) && maxIterations >= 0)) return invalid('maxIterations', maxIterations, 'expected an integer >= 0')
  const tolerance = options.tolerance ?? 1e-5
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) return invalid('tolerance', tolerance, 'expected a finite number >= 0')
  const floor = options.floor ?? 1e-10
  if (!(floor >= 0 && floor < 1)) return invalid('floor', floor, 'expected a number in [0, 1)')
  if (chains.length === 0) return E.left({ _tag: 'EmptyData', what: 'chains' })
  const n = chains[0]!.n
  if (chains.some((c) => c.n !== n)) return invalid('chains', 'grids', 'every chain must have the same number of pixels')
  if (train.width * train.height !== n) return E.left({ _tag: 'ShapeMismatch', what: 'pixels per image', expected: n, got: train.width * train.height })
  if (train.rows === 0) return E.left({ _tag: 'EmptyData', what: 'training images' })
  const start = options.start ?? { kind: 'rows', seed: 1 }
  let assigned: Int32Array
  if (start.kind === 'assignments') {
    if (start.states.length !== train.rows) return E.left({ _tag: 'ShapeMismatch', what: 'start assignments', expected: train.rows, got: start.states.length })
    if (start.states.some((z) => !(z >= 0 && z < K))) return invalid('start.states', 'assignments', `expected states 0..${K - 1}`)
    assigned = start.states
  } else {
    if (!Number.isSafeInteger(start.seed)) return invalid('start.seed', start.seed, 'expected an integer')
    assigned = nearestOfRows(train, K, start.seed)
  }
  const C = chains.length
  const m = C * K
  const N = train.rows
  // The chains' logits and bits of every training image, computed once (the chains never change).
  const base = chains.map((chain) => chainLogits(chain, train))
  for (const b of base) if (E.isLeft(b)) return b
  // In shared memory when threads read or write them.
  const place = options.threads !== undefined && options.threads.count > 1 ? inSharedMemory : <T>(a: T): T => a
  const data: CauseData = {
    n,
    K,
    C,
    bits: base.map((b) => place((b as E.Right<{ bits: Uint8Array; logits: Float64Array }>).right.bits)),
    logits: base.map((b) => place((b as E.Right<{ bits: Uint8Array; logits: Float64Array }>).right.logits)),
  }
  const model = { chains, states: K, weights: new Float64Array(m).fill(1 / m), offsets: new Float64Array(m * n) }
  // Start: component c by the chains' own posterior (equal weights, zero offsets), state z by assignment.
  // What the phases write: responsibilities and row log-likelihoods (E-step), new offsets (M-step).
  const r = place(new Float64Array(N * m))
  const rowLikelihoods = place(new Float64Array(N))
  const stepped = place(new Float64Array(m * n))
  const run = phaseRunner(data, options.threads)
  /** The E-step: responsibilities into r, and the log-likelihood (row by row, added in row order). */
  const score = async (): Promise<number> => {
    await run({ kind: 'score', weights: model.weights, offsets: model.offsets, r, rowLikelihoods }, N)
    let ll = 0
    for (let i = 0; i < N; i++) ll += rowLikelihoods[i]!
    return ll
  }
  try {
    await score()
    for (let i = 0; i < N; i++)
      for (let c = 0; c < C; c++) {
        let chainPosterior = 0
        for (let z = 0; z < K; z++) chainPosterior += r[i * m + c * K + z]!
        for (let z = 0; z < K; z++) r[i * m + c * K + z] = z === assigned[i] ? chainPosterior : 0
      }
    const objective: number[] = []
    const likelihood: number[] = []
    let converged = false
    for (let t = 0; ; t++) {
      // M-step from the current responsibilities (at t = 0, the start's): weights here, offsets per component.
      for (let k = 0; k < m; k++) {
        let total = 0
        for (let i = 0; i < N; i++) total += r[i * m + k]!
        model.weights[k] = Math.max(total / N, 1e-300)
      }
      await run({ kind: 'step', offsets: model.offsets, r, l2, floor, out: stepped }, m)
      model.offsets.set(stepped)
      const ll = await score()
      let penalty = 0
      for (let k = 0; k < model.offsets.length; k++) penalty += model.offsets[k]! * model.offsets[k]!
      const value = ll - (l2 / 2) * penalty
      objective.push(value)
      likelihood.push(ll)
      options.onIteration?.(t, value, ll)
      if (t >= 1 && Math.abs(value - objective[t - 1]!) <= tolerance * Math.abs(objective[t - 1]!)) {
        converged = true
        break
      }
      if (t === maxIterations) break
    }
    return E.right({ model, objective: Float64Array.from(objective), logLikelihood: Float64Array.from(likelihood), iterations: objective.length - 1, converged })
  } catch (e) {
    return E.left({ _tag: 'WorkerFailed', reason: e instanceof Error ? e.message : String(e) })
  }
}

/** The training images as EM reads them: per chain, every image's bits and the chain's logits, in its position order. */
export interface CauseData {
  readonly n: number
  readonly K: number
  readonly C: number
  readonly bits: readonly Uint8Array[]
  readonly logits: readonly Float64Array[]
}

/** One phase of an EM iteration over a range: images [lo, hi) for `score`, components [lo, hi) for `step`. */
export type CausePhase =
  | { readonly kind: 'score'; readonly weights: Float64Array; readonly offsets: Float64Array; readonly r: Float64Array; readonly rowLikelihoods: Float64Array }
  | { readonly kind: 'step'; readonly offsets: Float64Array; readonly r: Float64Array; readonly l2: number; readonly floor: number; readonly out: Float64Array }

/** A range of a phase for a thread: the arrays the phase reads and writes are in shared memory. */
export interface CauseJob {
  readonly data: CauseData
  readonly phase: CausePhase
  readonly lo: number
  readonly hi: number
}

/**
 * Run a range of a phase: for `score`, each image's log-likelihood into `rowLikelihoods[i]` and its
 * responsibilities into `r`; for `step`, each component's new offsets into `out`.
 */
export const runCausePhase = (job: CauseJob): void => {
  const { data, phase, lo, hi } = job
  const { n, K, C, bits, logits } = data
  const m = C * K
  if (phase.kind === 'score') {
    const { weights, offsets, r, rowLikelihoods } = phase
    const logWeights = Float64Array.from(weights, Math.log)
    const scores = new Float64Array(m)
    const q = new Float64Array(m)
    for (let i = lo; i < hi; i++) {
      for (let c = 0; c < C; c++)
        for (let z = 0; z < K; z++) scores[c * K + z] = logWeights[c * K + z]! + bernoulliLogLikelihood(bits[c]!, logits[c]!, i * n, n, offsets, (c * K + z) * n)
      rowLikelihoods[i] = logSumExp(scores, 0, m, q)
      r.set(q, i * m)
    }
    return
  }
  const { offsets, r, l2, floor, out } = phase
  const N = r.length / m
  const g = new Float64Array(n)
  const h = new Float64Array(n)
  const gain = new Float64Array(n)
  const proposal = new Float64Array(n)
  for (let k = lo; k < hi; k++) {
    const c = Math.floor(k / K)
    const x = bits[c]!
    const l = logits[c]!
    const at = k * n
    out.set(offsets.subarray(at, at + n), at)
    g.fill(0)
    h.fill(0)
    let mass = 0
    for (let i = 0; i < N; i++) {
      const w = r[i * m + k]!
      if (w <= floor || w === 0) continue
      mass += w
      const row = i * n
      for (let p = 0; p < n; p++) {
        const s = 1 / (1 + Math.exp(-(l[row + p]! + offsets[at + p]!)))
        g[p]! += w * (x[row + p]! - s)
        h[p]! += w * s * (1 - s)
      }
    }
    if (mass === 0) continue
    for (let p = 0; p < n; p++) {
      const u = offsets[at + p]!
      proposal[p] = u + (g[p]! - l2 * u) / (h[p]! + l2 + 1e-12)
      gain[p] = 0
    }
    // Keep the Newton step where it raises the pixel's objective, else take the bound's step.
    for (let i = 0; i < N; i++) {
      const w = r[i * m + k]!
      if (w <= floor || w === 0) continue
      const row = i * n
      for (let p = 0; p < n; p++) {
        const sign = x[row + p] === 1 ? 1 : -1
        gain[p]! += w * (logSigmoid(sign * (l[row + p]! + proposal[p]!)) - logSigmoid(sign * (l[row + p]! + offsets[at + p]!)))
      }
    }
    for (let p = 0; p < n; p++) {
      const u = offsets[at + p]!
      const penalty = (l2 / 2) * (proposal[p]! * proposal[p]! - u * u)
      out[at + p] = gain[p]! - penalty >= 0 ? proposal[p]! : u + (g[p]! - l2 * u) / (mass / 4 + l2 + 1e-12)
    }
  }
}

/**
 * Runs a phase over `count` images or components: in this thread, or cut into one range per thread, the
 * first run here while the threads run the others. The phase's arrays are in shared memory then, so every
 * range writes its numbers in place.
 */
const phaseRunner =
  (data: CauseData, threads: Threads | undefined) =>
  async (phase: CausePhase, count: number): Promise<void> => {
    await splitOnThreads<void, void>(
      count,
      threads,
      'hiddenCause',
      (lo, hi): CauseJob => ({ data, phase, lo, hi }),
      (lo, hi) => runCausePhase({ data, phase, lo, hi }),
    )
  }

/** log sigmoid(x), stable. */
const logSigmoid = (x: number): number => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)))
