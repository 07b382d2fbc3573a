/**
 * The model zoo of the MNIST table: every model built from an ordering and a
 * parent policy with `autoregressive` of `@chainrule/models`, learned, and
 * exposed through one interface (score, sample, size). Shared by the
 * examples, the benchmark and the reduced CI run so that they measure the same models.
 *
 * - `independent`: one Bernoulli per pixel (lastK 0).
 * - `markov`: raster Markov chain on the last k pixels (default 8).
 * - `neighbourhood`: table CPDs over the 10 nearest earlier pixels (window radius 3), Dirichlet alpha chosen on validation.
 * - `fvsbn`: full-history logistic CPDs (Frey 1998), Adam, per-pixel early stopping.
 * - `mixed`: full-history logistic CPDs plus the log-odds of four context tables as
 *   features (the 4, 10 and 12 nearest earlier pixels, and a ring of 10 earlier pixels
 *   4 to 7 cells away; leave-one-out on training images, weights per count bucket).
 * - `nade`: the four context tables of `mixed` as features, plus 200 rectified
 *   hidden units shared by every pixel (NADE-style) in place of the full-history
 *   weights; every parameter trained together.
 * - `mixture`: the `nade` model under up to four orderings (raster, column-major and
 *   both reversed; default four), mixed with weights fitted by EM on validation.
 * - the latent models of `zoo-latent.ts`: `chow-liu`, `latent-class`, `tree-mixture`,
 *   `hidden-chow-liu`, `hierarchical`, `latent-mixture`.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { AutoregressiveStructure, Grid, OrderingChoice, ParentPolicy, Rng } from '@chainrule/models'
import { autoregressive, type NetworkError } from '@chainrule/models'
import type { ImageMatrix } from './image-data.js'
import type { LearnError } from './errors.js'
import type { BinaryChain } from './image-chain.js'
import { chainParameterCount, chainStoredNumbers } from './image-chain.js'
import { LATENT_ZOO_MODELS, learnLatentZooModel, type LatentView, type LatentZooName, type LatentZooOptions } from './zoo-latent.js'
import type { ProgressCallback } from './image-progress.js'
import type { Threads } from './threads.js'
import { chainLogLikelihoods } from './score-chain.js'
import { sampleChain } from './sampling-chain.js'
import { learnTableChain } from './context-table.js'
import { learnLogisticChain } from './logistic-chain.js'
import { fitMixtureWeights, mixtureLogLikelihoods, sampleMixture } from './mixture-chain.js'

/** The models of the zoo: chains, then latent models (`zoo-latent.ts`). */
export type ZooModelName = 'independent' | 'markov' | 'neighbourhood' | 'fvsbn' | 'mixed' | 'nade' | 'mixture' | LatentZooName

/** Every zoo model, in table order. */
export const ZOO_MODELS: readonly ZooModelName[] = ['independent', 'markov', 'neighbourhood', 'fvsbn', 'mixed', 'nade', 'mixture', ...LATENT_ZOO_MODELS]

/** Options of {@link learnZooModel}. */
export interface ZooOptions extends LatentZooOptions {
  /** Passes over the data for the logistic models (default 12 for fvsbn, 8 for mixed, 10 for nade). */
  readonly epochs?: number
  /** For `nade` and `mixture`: the number of hidden units (default 200). */
  readonly hiddenUnits?: number
  /** For `nade` and `mixture`: run the hidden units in WebAssembly where the runtime has it (default true; false: typed arrays, the same numbers). */
  readonly webAssembly?: boolean
  /** Threads for the logistic models (default: the calling thread); `workerThreads(n)` of `@chainrule/learn/node`. */
  readonly threads?: Threads
  /** k of the Markov chain (default 8). */
  readonly markovK?: number
  /** For `mixture`: an already trained raster `nade` chain to reuse as its first component. */
  readonly rasterChain?: BinaryChain
  /** For `mixture`: how many of the four orderings to use (default 4). */
  readonly orderings?: number
  readonly progress?: ProgressCallback
}

/** A learned zoo model. */
export interface ZooFit {
  readonly name: ZooModelName
  /** One line: ordering, parents, smoothing or training summary. */
  readonly description: string
  /** Free parameters. */
  readonly parameters: number
  /** Mean validation NLL per epoch (logistic models). */
  readonly validationHistory: readonly number[]
  /** The chains of a chain model (empty for latent tree models). */
  readonly chains: readonly BinaryChain[]
  /** Numbers held in memory (tables, weights, biases). */
  readonly storedNumbers: number
  /** What the hidden variables offer, for latent models. */
  readonly latent?: LatentView
  /** log p(image) for each image (nats). */
  readonly score: (images: ImageMatrix) => E.Either<LearnError, Float64Array>
  /** `count` images drawn from the model with `rng`. */
  readonly sample: (count: number, rng: Rng) => ImageMatrix
}

/** Offsets of the far ring (4 to 7 cells away), symmetric; a pixel keeps the earlier ones. */
const RING: readonly (readonly [number, number])[] = [
  [-4, 0], [4, 0], [0, -4], [0, 4], [-4, -4], [4, -4], [-4, 4], [4, 4], [-5, -2], [5, -2], [-5, 2], [5, 2],
  [-2, -5], [2, -5], [-2, 5], [2, 5], [-7, 0], [7, 0], [0, -7], [0, 7],
]

/**
 * A parent policy: the cells of a far ring (offsets 4 to 7 cells away) that
 * come earlier in the ordering, at most 10, in ordering order.
 *
 * @example
 * ```ts
 * import { farRing } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 *
 * const grid = { width: 16, height: 16 }
 * const s = autoregressive({ grid, ordering: { kind: 'raster' }, parents: farRing(grid) })
 * // At most 10 parents per pixel, none for the first
 * E.isRight(s) && [s.right.maxParents <= 10, s.right.parentIds[0]!.length] // => [true, 0]
 * ```
 */
export const farRing = (grid: Grid): ParentPolicy => ({
  kind: 'custom',
  parents: (v, position, ordering) => {
    const at = new Map<number, number>()
    for (let i = 0; i < position; i++) at.set(ordering[i]!, i)
    const x = v % grid.width
    const y = (v - x) / grid.width
    const out: number[] = []
    for (const [dx, dy] of RING) {
      const nx = x + dx
      const ny = y + dy
      if (nx < 0 || ny < 0 || nx >= grid.width || ny >= grid.height) continue
      const cell = ny * grid.width + nx
      if (at.has(cell) && out.length < 10) out.push(cell)
    }
    return out.sort((a, b) => at.get(a)! - at.get(b)!)
  },
})

/** Column-major order of a grid: down each column, columns left to right. */
export const columnOrder = (grid: Grid): number[] => {
  const out: number[] = []
  for (let x = 0; x < grid.width; x++) for (let y = 0; y < grid.height; y++) out.push(y * grid.width + x)
  return out
}

const structureOf = (grid: Grid, ordering: OrderingChoice, parents: ParentPolicy): E.Either<LearnError, AutoregressiveStructure> =>
  E.mapLeft((e: NetworkError): LearnError => ({ _tag: 'Network', errors: [e] }))(
    autoregressive({ grid, ordering, parents }),
  )

const single = (name: ZooModelName, description: string, chain: BinaryChain, history: readonly number[] = []): ZooFit => ({
  name,
  description,
  parameters: chainParameterCount(chain),
  validationHistory: history,
  chains: [chain],
  storedNumbers: chainStoredNumbers(chain),
  score: (images) => chainLogLikelihoods(chain, images),
  sample: (count, rng) => sampleChain(chain, count, rng),
})

/** How a context-table model trains: with the full-history weights (`mixed`) or hidden units instead (`nade`). */
interface ContextChainSettings {
  readonly dense: boolean
  readonly hiddenUnits: number
  readonly epochs: number
  readonly learningRate: number
  readonly decay: number
}
const MIXED: ContextChainSettings = { dense: true, hiddenUnits: 0, epochs: 8, learningRate: 0.003, decay: 0.9 }
const NADE: ContextChainSettings = { dense: false, hiddenUnits: 200, epochs: 10, learningRate: 0.002, decay: 0.8 }
const nadeSettings = (options: ZooOptions): ContextChainSettings => ({ ...NADE, hiddenUnits: options.hiddenUnits ?? NADE.hiddenUnits })

const contextChainUnder = async (
  train: ImageMatrix,
  validation: ImageMatrix,
  ordering: OrderingChoice,
  options: ZooOptions,
  settings: ContextChainSettings = MIXED,
): Promise<E.Either<LearnError, { chain: BinaryChain; history: readonly number[]; alphas: readonly number[] }>> => {
  const grid = { width: train.width, height: train.height }
  const full = structureOf(grid, ordering, { kind: 'fullHistory' })
  if (E.isLeft(full)) return full
  const contexts: AutoregressiveStructure[] = []
  for (const policy of [...[4, 10, 12].map((max): ParentPolicy => ({ kind: 'window', radius: 3, max })), farRing(grid)]) {
    const s = structureOf(grid, ordering, policy)
    if (E.isLeft(s)) return s
    contexts.push(s.right)
  }
  const fit = await learnLogisticChain(train, {
    structure: full.right,
    validation,
    contexts,
    dense: settings.dense,
    hiddenUnits: settings.hiddenUnits,
    epochs: options.epochs ?? settings.epochs,
    learningRate: settings.learningRate,
    decay: settings.decay,
    webAssembly: options.webAssembly !== false,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  })
  return E.map((f: { chain: BinaryChain; validationHistory: readonly number[]; contextAlpha: readonly number[] }) => ({
    chain: f.chain,
    history: f.validationHistory,
    alphas: f.contextAlpha,
  }))(fit)
}

/**
 * Learn one zoo model on `train`, choosing smoothing / stopping on `validation`.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnZooModel } from '@chainrule/learn'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * if (E.isRight(images)) {
 *   const fit = await learnZooModel('independent', images.right, images.right)
 *   const scores = E.isRight(fit) ? fit.right.score(images.right) : undefined
 *   // Independent pixels, each on half the time: every image has probability 1/16
 *   scores !== undefined && E.isRight(scores) && Array.from(scores.right, Math.exp) // ~> [1 / 16, 1 / 16, 1 / 16, 1 / 16]
 * }
 * ```
 */
export const learnZooModel = async (
  name: ZooModelName,
  train: ImageMatrix,
  validation: ImageMatrix,
  options: ZooOptions = {},
): Promise<E.Either<LearnError, ZooFit>> => {
  const grid = { width: train.width, height: train.height }
  const raster = { kind: 'raster' } as const
  switch (name) {
    case 'independent':
    case 'markov':
    case 'neighbourhood': {
      const k = options.markovK ?? 8
      const policy: ParentPolicy =
        name === 'independent' ? { kind: 'lastK', k: 0 } : name === 'markov' ? { kind: 'lastK', k } : { kind: 'window', radius: 3, max: 10 }
      const s = structureOf(grid, raster, policy)
      if (E.isLeft(s)) return s
      const fit = learnTableChain(train, s.right, { validation })
      if (E.isLeft(fit)) return fit
      const what = name === 'independent' ? 'one Bernoulli per pixel' : name === 'markov' ? `raster, last ${k} pixels` : 'raster, 10 nearest earlier pixels (radius 3)'
      return E.right(single(name, `${what}; Dirichlet alpha ${fit.right.alpha} (chosen on validation)`, fit.right.chain))
    }
    case 'fvsbn': {
      const s = structureOf(grid, raster, { kind: 'fullHistory' })
      if (E.isLeft(s)) return s
      const fit = await learnLogisticChain(train, {
        structure: s.right,
        validation,
        epochs: options.epochs ?? 12,
        learningRate: 0.003,
        decay: 0.9,
        ...(options.threads === undefined ? {} : { threads: options.threads }),
        ...(options.progress === undefined ? {} : { progress: options.progress }),
      })
      if (E.isLeft(fit)) return fit
      const epochs = fit.right.validationHistory.length
      return E.right(single(name, `raster, full history, logistic; Adam, ${epochs} epochs, per-pixel early stopping`, fit.right.chain, fit.right.validationHistory))
    }
    case 'mixed': {
      const fit = await contextChainUnder(train, validation, raster, options)
      if (E.isLeft(fit)) return fit
      return E.right(
        single(name, `raster, full-history logistic + log-odds of 4/10/12-pixel neighbourhood and far-ring tables (alpha ${fit.right.alphas.join('/')})`, fit.right.chain, fit.right.history),
      )
    }
    case 'nade': {
      const settings = nadeSettings(options)
      const fit = await contextChainUnder(train, validation, raster, options, settings)
      if (E.isLeft(fit)) return fit
      const units = settings.hiddenUnits
      const epochs = fit.right.history.length
      return E.right(
        single(
          name,
          `raster, ${units} rectified hidden units shared by every pixel (NADE) + log-odds of 4/10/12-pixel neighbourhood and far-ring tables (alpha ${fit.right.alphas.join('/')}); Adam, ${epochs} epochs, the best on validation`,
          fit.right.chain,
          fit.right.history,
        ),
      )
    }
    case 'mixture': {
      const column = columnOrder(grid)
      const orderings: OrderingChoice[] = [raster, column, Array.from({ length: grid.width * grid.height }, (_, i) => grid.width * grid.height - 1 - i), [...column].reverse()]
      const names = ['raster', 'column-major', 'reversed raster', 'reversed column-major']
      const count = options.orderings ?? 4
      if (!Number.isSafeInteger(count) || count < 1 || count > 4)
        return E.left({ _tag: 'InvalidOption', option: 'orderings', value: String(count), reason: 'expected 1..4' })
      const chains: BinaryChain[] = []
      for (let i = 0; i < count; i++) {
        if (i === 0 && options.rasterChain !== undefined) {
          chains.push(options.rasterChain)
          continue
        }
        const c = await contextChainUnder(train, validation, orderings[i]!, options, nadeSettings(options))
        if (E.isLeft(c)) return c
        chains.push(c.right.chain)
      }
      const mixture = fitMixtureWeights(chains, validation)
      if (E.isLeft(mixture)) return mixture
      const m = mixture.right
      return E.right({
        name,
        description: `nade model under ${names.slice(0, count).join(', ')} orderings, weights ${Array.from(m.weights, (w) => w.toFixed(2)).join('/')} (EM on validation)`,
        parameters: chains.reduce((s, c) => s + chainParameterCount(c), 0) + count - 1,
        validationHistory: [],
        chains: m.components,
        storedNumbers: m.components.reduce((sum, c) => sum + chainStoredNumbers(c), 0),
        score: (images) => mixtureLogLikelihoods(m, images),
        sample: (count, rng) => sampleMixture(m, count, rng),
      })
    }
    default: {
      const fit = await learnLatentZooModel(name, train, options)
      if (E.isLeft(fit)) return fit
      return E.right({
        name,
        description: fit.right.description,
        parameters: fit.right.parameters,
        validationHistory: [],
        chains: name === 'latent-mixture' ? (options.mixtureChains ?? []) : [],
        storedNumbers: fit.right.storedNumbers,
        ...(fit.right.latent === undefined ? {} : { latent: fit.right.latent }),
        score: fit.right.score,
        sample: fit.right.sample,
      })
    }
  }
}
