import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { autoregressive } from '@chainrule/models'
import {
  binarizeMnist,
  imageDataSet,
  pixelNames,
  sliceImages,
  MNIST_FILES,
  type ImageSet,
  type ImageSets,
} from './mnist.js'
import { readFashionMnist, readImageSet, readMnistDirectory } from './mnist-files.js'
import { describeError, type DataError } from './errors.js'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}
const left = (e: E.Either<DataError, unknown>): DataError => {
  if (E.isRight(e)) throw new Error('expected an error')
  return e.left
}

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))

const header = (code: number, dims: readonly number[]): Uint8Array => {
  const out = new Uint8Array(4 + 4 * dims.length)
  const view = new DataView(out.buffer)
  out[2] = code
  out[3] = dims.length
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false))
  return out
}
const idx = (dims: readonly number[], data: Uint8Array): Uint8Array => {
  const h = header(8, dims)
  const out = new Uint8Array(h.length + data.length)
  out.set(h)
  out.set(data, h.length)
  return out
}

/** Synthetic sets in the MNIST layout: image r has every pixel at intensity (r * 7 + pixel) mod 256. */
const synthetic = (): ImageSets => {
  const make = (rows: number): ImageSet => {
    const pixels = new Uint8Array(rows * 784)
    for (let r = 0; r < rows; r++) for (let p = 0; p < 784; p++) pixels[r * 784 + p] = (r * 7 + p) % 256
    return { rows, width: 28, height: 28, pixels, labels: Uint8Array.from({ length: rows }, (_, r) => r % 10) }
  }
  return { train: make(60_000), test: make(10_000) }
}

describe('image files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'chainrule-mnist-'))
  const images = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => i)
  const labels = Uint8Array.of(1, 2, 3)
  writeFileSync(join(dir, MNIST_FILES.trainImages), idx([3, 2, 4], images))
  writeFileSync(join(dir, `${MNIST_FILES.trainLabels}.gz`), gzipSync(idx([3], labels)))
  writeFileSync(join(dir, `${MNIST_FILES.testImages}.gz`), gzipSync(idx([3, 2, 4], images)))
  writeFileSync(join(dir, MNIST_FILES.testLabels), idx([3], labels))

  it('reads a directory of plain and gzipped files', () => {
    const sets = right(readMnistDirectory(dir))
    expect(sets.train).toMatchObject({ rows: 3, height: 2, width: 4 })
    expect([...sets.test.pixels]).toEqual([...images])
    expect([...sets.train.labels]).toEqual([1, 2, 3])
  })

  it('IdxUnexpectedShape and ImageLabelMismatch', () => {
    writeFileSync(join(dir, 'flat'), idx([24], images))
    writeFileSync(join(dir, 'two'), idx([2], Uint8Array.of(1, 2)))
    expect(left(readImageSet(join(dir, 'flat'), join(dir, MNIST_FILES.testLabels)))).toMatchObject({ _tag: 'IdxUnexpectedShape', got: 'uint8 [24]' })
    expect(left(readImageSet(join(dir, MNIST_FILES.trainImages), join(dir, MNIST_FILES.trainImages)))).toMatchObject({
      _tag: 'IdxUnexpectedShape',
      expected: 'unsigned bytes [count]',
    })
    expect(left(readImageSet(join(dir, MNIST_FILES.trainImages), join(dir, 'two')))).toEqual({ _tag: 'ImageLabelMismatch', images: 3, labels: 2 })
  })

  it('a missing Fashion-MNIST says how to install it', () => {
    const e = left(readFashionMnist(join(dir, 'nowhere')))
    expect(e).toMatchObject({ _tag: 'DatasetFilesMissing', dataset: 'Fashion-MNIST', missing: Object.values(MNIST_FILES) })
    expect(describeError(e)).toContain('apt-get install dataset-fashion-mnist')
  })

  it('the protocol refuses sets without the MNIST layout', () => {
    const sets = right(readMnistDirectory(dir))
    expect(left(binarizeMnist(sets, 'test'))).toMatchObject({ _tag: 'ProtocolMismatch' })
  })
})

describe('binarizeMnist', () => {
  const sets = synthetic()

  it('each pixel is 1 with probability intensity / 255 (within 5 standard errors per intensity)', () => {
    const test = right(binarizeMnist(sets, 'test'))
    expect(test).toMatchObject({ split: 'test', rows: 10_000, comparableWithPublished: true })
    const ones = new Float64Array(256)
    const seen = new Float64Array(256)
    const source = sets.test.pixels
    for (let i = 0; i < source.length; i++) {
      seen[source[i]!]!++
      ones[source[i]!]! += test.pixels[i]!
    }
    expect(ones[0]).toBe(0)
    expect(ones[255]).toBe(seen[255])
    for (let k = 1; k < 255; k++) {
      const p = k / 255
      const se = Math.sqrt((p * (1 - p)) / seen[k]!)
      expect(Math.abs(ones[k]! / seen[k]! - p)).toBeLessThan(5 * se)
    }
  })

  it('is reproducible, splits use their own images, labels and generators', () => {
    const a = right(binarizeMnist(sets, 'validation'))
    const b = right(binarizeMnist(sets, 'validation'))
    expect(same(a.pixels, b.pixels)).toBe(true)
    expect(a.rows).toBe(10_000)
    expect([...a.labels.subarray(0, 3)]).toEqual([0, 1, 2]) // image 50,000 has label 50000 % 10 = 0
    const reseeded = right(binarizeMnist(sets, 'validation', { kind: 'stochastic', seeds: { train: 1, validation: 9, test: 3 } }))
    expect(reseeded.comparableWithPublished).toBe(false)
    expect(same(reseeded.pixels, a.pixels)).toBe(false)
    expect(left(binarizeMnist(sets, 'test', { kind: 'stochastic', seeds: { train: 1, validation: 2, test: 0.5 } }))).toMatchObject({
      _tag: 'InvalidOption',
    })
  })

  it('threshold binarization is labelled not comparable', () => {
    const t = right(binarizeMnist(sets, 'test', { kind: 'threshold', level: 100 }))
    expect(t.comparableWithPublished).toBe(false)
    expect(t.protocol).toContain('NOT comparable')
    for (let i = 0; i < 5000; i++) expect(t.pixels[i]).toBe(sets.test.pixels[i]! >= 100 ? 1 : 0)
    expect(left(binarizeMnist(sets, 'test', { kind: 'threshold', level: 0 }))).toMatchObject({ _tag: 'InvalidOption', option: 'level' })
  })

  it('imageDataSet transposes to raster columns named like the autoregressive grid', () => {
    const t = right(sliceImages(right(binarizeMnist(sets, 'test')), 10, 1010))
    expect(t.rows).toBe(1000)
    const ds = imageDataSet(t)
    const grid = right(autoregressive({ grid: { width: 28, height: 28 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } }))
    expect(ds.variables).toEqual(grid.names)
    expect(ds.variables).toEqual(pixelNames(28, 28))
    for (const [r, x, y] of [[0, 0, 0], [999, 27, 27], [500, 3, 17]] as const) expect(ds.columns[y * 28 + x]![r]).toBe(t.pixels[r * 784 + y * 28 + x])
    expect(left(sliceImages(t, 0, 1001))).toMatchObject({ _tag: 'RowRangeInvalid' })
  })
})
