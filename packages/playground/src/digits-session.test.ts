import * as E from 'fp-ts/lib/Either.js'
import { chainLogLikelihoods, sampleChain } from '@chainrule/learn'
import { sliceImages } from '@chainrule/data'
import { createRng } from '@chainrule/models'
import { describe, expect, it } from 'vitest'
import { createDigitsHandler, openDigits, sampleDigits, scoreDigit } from './digits-session.js'
import { mnist, right, smallModel } from './digits.fixtures.js'

describe('digits session', () => {
  const small = smallModel()
  const session = right(openDigits(small.bytes))

  it('scores a drawing with the library scorer: log-likelihood, bits per pixel, rank among the test digits', () => {
    const images = right(sliceImages(mnist().test, 2000, 2010))
    const exact = right(chainLogLikelihoods(small.chain, images))
    for (let r = 0; r < images.rows; r++) {
      const s = right(scoreDigit(session, images.pixels.slice(r * 784, (r + 1) * 784)))
      expect(s.logLikelihood).toBe(exact[r])
      expect(s.bitsPerPixel).toBe(-exact[r]! / (784 * Math.LN2))
      const nlls = Array.from(small.testLogLikelihoods, (ll) => -ll)
      expect(s.percentBelow).toBe((100 * nlls.filter((x) => x < -exact[r]!).length) / nlls.length)
      expect(s.anomaly).toBe(-exact[r]! > session.band.high || -exact[r]! < session.band.low)
    }
  })

  it('a blank canvas is too likely and a random scribble too unlikely; both are flagged', () => {
    expect(right(scoreDigit(session, new Uint8Array(784)))).toMatchObject({ anomaly: true, verdict: 'too likely' })
    const rng = createRng(11)
    const noise = Uint8Array.from({ length: 784 }, () => (rng.float() < 0.3 ? 1 : 0))
    expect(right(scoreDigit(session, noise))).toMatchObject({ anomaly: true, verdict: 'too unlikely' })
  })

  it('samples with a seed are the library sampler with createRng(seed): same seed same images', () => {
    expect(sampleDigits(session, 8, 5)).toEqual(sampleChain(small.chain, 8, createRng(5)).pixels)
    expect(sampleDigits(session, 8, 5)).toEqual(sampleDigits(session, 8, 5))
    expect(sampleDigits(session, 8, 6)).not.toEqual(sampleDigits(session, 8, 5))
  })

  it('the handler loads, answers, and fails with NoModel before a load or with the fetch error', async () => {
    let t = 0
    const fetchOk = (): Promise<E.Either<never, Uint8Array>> => Promise.resolve(E.right(small.bytes))
    const handle = createDigitsHandler(() => t++, fetchOk)
    expect(await handle({ kind: 'score', id: 1, pixels: new Uint8Array(784) })).toEqual({ kind: 'failed', id: 1, request: 'score', error: { _tag: 'NoModel' } })
    expect(await handle({ kind: 'sample', id: 2, count: 2, seed: 1 })).toMatchObject({ kind: 'failed', error: { _tag: 'NoModel' } })
    const loaded = await handle({ kind: 'load', id: 3, url: 'm.bin' })
    expect(loaded).toMatchObject({ kind: 'loaded', id: 3, band: session.band, bytes: small.bytes.length })
    const sampled = await handle({ kind: 'sample', id: 4, count: 3, seed: 9 })
    expect(sampled).toMatchObject({ kind: 'sampled', seed: 9, images: sampleChain(small.chain, 3, createRng(9)).pixels })
    const bad = createDigitsHandler(() => 0, () => Promise.resolve(E.left({ _tag: 'FetchFailed' as const, file: 'm.bin', reason: 'HTTP 404' })))
    expect(await bad({ kind: 'load', id: 5, url: 'm.bin' })).toMatchObject({ kind: 'failed', error: { _tag: 'FetchFailed' } })
    const garbage = createDigitsHandler(() => 0, () => Promise.resolve(E.right(Uint8Array.of(1, 2, 3))))
    expect(await garbage({ kind: 'load', id: 6, url: 'm.bin' })).toMatchObject({ kind: 'failed', error: { _tag: 'ModelFileInvalid' } })
  })
})
