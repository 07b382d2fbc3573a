import * as E from 'fp-ts/lib/Either.js'
import { chainLogLikelihoods, countContexts } from '@chainrule/learn'
import { sliceImages } from '@chainrule/data'
import { describe, expect, it } from 'vitest'
import { decodeDigitsModel, digitsStructure, encodeDigitsModel } from './digits-model.js'
import { DIGITS_OPTIONS, trainDigits } from './digits-train.js'
import { anomalyBand, HIGH_PERCENT, nearestRank, sortedNll } from './digits-anomaly.js'
import { mnist, right, smallModel } from './digits.fixtures.js'

describe('digits model file', () => {
  const small = smallModel()
  const decoded = right(decodeDigitsModel(small.bytes))

  it('decodes to the learned chain bit for bit: ordering, parents, log-odds', () => {
    const learned = small.chain.contexts[0]!
    const got = decoded.chain.contexts[0]!
    expect(decoded.chain.ordering).toEqual(small.chain.ordering)
    expect(got.k).toBe(learned.k)
    expect(got.counts).toEqual(learned.counts)
    expect(got.parents).toEqual(learned.parents)
    expect(Array.from(got.logits).every((x, i) => Object.is(x, learned.logits[i]))).toBe(true)
    expect(decoded.header).toEqual(small.header)
  })

  it('the decoded model scores images exactly as the learned chain, and ships the test log-likelihoods unchanged', () => {
    const { test } = mnist()
    const images = right(sliceImages(test, 1000, 1050))
    const fromFile = right(chainLogLikelihoods(decoded.chain, images))
    const fromLibrary = right(chainLogLikelihoods(small.chain, images))
    expect(Array.from(fromFile)).toEqual(Array.from(fromLibrary))
    expect(Array.from(decoded.testLogLikelihoods)).toEqual(Array.from(small.testLogLikelihoods))
    expect(Array.from(right(chainLogLikelihoods(decoded.chain, right(sliceImages(test, 0, 400)))))).toEqual(Array.from(decoded.testLogLikelihoods))
  })

  it('the shipped configuration (full MNIST protocol): decoded scores equal the library scorer, threshold = the 99.5th percentile of the shipped NLLs', () => {
    const { train, validation, test } = mnist()
    const full = right(trainDigits(train, validation, test, 'MNIST'))
    expect(full.header.maxParents).toBe(DIGITS_OPTIONS.maxParents)
    expect(full.bytes.length).toBeLessThan(300_000)
    const model = right(decodeDigitsModel(full.bytes))
    const few = right(sliceImages(test, 0, 8))
    expect(Array.from(right(chainLogLikelihoods(model.chain, few)))).toEqual(Array.from(right(chainLogLikelihoods(full.chain, few))))
    expect(Array.from(model.testLogLikelihoods)).toEqual(Array.from(right(chainLogLikelihoods(full.chain, test))))
    const sorted = Array.from(model.testLogLikelihoods, (ll) => -ll).sort((a, b) => a - b)
    const band = anomalyBand(sortedNll(model.testLogLikelihoods))
    expect(band.high).toBe(sorted[Math.ceil((HIGH_PERCENT / 100) * sorted.length) - 1])
    expect(sorted.filter((x) => x > band.high).length).toBeLessThanOrEqual(Math.floor(((100 - HIGH_PERCENT) / 100) * sorted.length))
    expect(band.high).toBe(nearestRank(Float64Array.from(sorted), HIGH_PERCENT))
  }, 30_000)

  it('rejects files that are not model files, truncated or with a bad header', () => {
    const tag = (bytes: Uint8Array): string => {
      const d = decodeDigitsModel(bytes)
      expect(E.isLeft(d)).toBe(true)
      return E.isLeft(d) && d.left._tag === 'ModelFileInvalid' ? d.left.reason : ''
    }
    expect(tag(Uint8Array.of(1, 2, 3))).toMatch(/bad magic/)
    expect(tag(small.bytes.subarray(0, small.bytes.length - 2))).toMatch(/bytes, expected/)
    expect(tag(small.bytes.subarray(0, 12))).toMatch(/truncated header/)
    const garbled = small.bytes.slice()
    garbled[8] = 0x7b + 1 // '{' -> '|'
    expect(tag(garbled)).toMatch(/not JSON/)
    const header = JSON.parse(new TextDecoder().decode(small.bytes.subarray(8, 8 + new DataView(small.bytes.buffer).getUint32(4, true)))) as Record<string, unknown>
    const withHeader = (h: Record<string, unknown>): Uint8Array => {
      const json = new TextEncoder().encode(JSON.stringify(h))
      const out = new Uint8Array(8 + json.length)
      out.set(small.bytes.subarray(0, 4))
      new DataView(out.buffer).setUint32(4, json.length, true)
      out.set(json, 8)
      return out
    }
    expect(tag(withHeader({ ...header, alpha: -1 }))).toMatch(/bad value/)
    expect(tag(withHeader({ ...header, radius: 0 }))).toMatch(/bad value/)
  })

  it('refuses to encode counts that do not fit the structure or 16 bits', () => {
    const { train } = mnist()
    const structure = right(digitsStructure({ width: 28, height: 28, radius: 1, maxParents: 2 }))
    const counts = right(countContexts(right(sliceImages(train, 0, 10)), structure))
    const header = { ...small.header, radius: 1, maxParents: 2, testImages: 1 }
    expect(E.isRight(encodeDigitsModel(header, counts, Float64Array.of(-1)))).toBe(true)
    const tooBig = counts.map((c, v) => (v === 100 ? Float64Array.from(c, (x, i) => (i === 0 ? 70_000 : x)) : c))
    expect(encodeDigitsModel(header, tooBig, Float64Array.of(-1))).toEqual(E.left({ _tag: 'ModelFileInvalid', reason: expect.stringMatching(/count 70000 is not an integer in 0\.\.65535/) }))
    expect(encodeDigitsModel({ ...header, maxParents: 3 }, counts, Float64Array.of(-1))).toEqual(E.left({ _tag: 'ModelFileInvalid', reason: expect.stringMatching(/counts, expected/) }))
    expect(encodeDigitsModel(header, counts, Float64Array.of(-1, -2))).toEqual(E.left({ _tag: 'ModelFileInvalid', reason: expect.stringMatching(/2 test log-likelihoods/) }))
  })
})
