/**
 * The Digits worker's logic, without the worker API (so it runs under node):
 * decode the model file once, then score drawings and draw seeded samples with
 * `chainLogLikelihoods` and `sampleChain` of `@chainrule/learn`.
 */
import * as E from 'fp-ts/lib/Either.js'
import { chainLogLikelihoods, describeError as describeLearnError, nllSummary, sampleChain } from '@chainrule/learn'
import { createRng } from '@chainrule/models'
import type { AnomalyBand } from './digits-anomaly.js'
import { anomalyBand, percentBelow, sortedNll, verdict } from './digits-anomaly.js'
import type { DigitsModel } from './digits-model.js'
import { decodeDigitsModel } from './digits-model.js'
import type { DigitScore, DigitsRequest, DigitsResponse } from './digits-protocol.js'
import type { PlaygroundError } from './errors.js'

/** A loaded model with its sorted test NLLs and band. */
export interface DigitsSession {
  readonly model: DigitsModel
  readonly sorted: Float64Array
  readonly band: AnomalyBand
}

/**
 * Decode a model file (uncompressed bytes) into a session.
 *
 * @example
 * // const s = openDigits(bytes) // Right({ model, sorted, band })
 */
export const openDigits = (bytes: Uint8Array): E.Either<PlaygroundError, DigitsSession> =>
  E.map((model: DigitsModel) => {
    const sorted = sortedNll(model.testLogLikelihoods)
    return { model, sorted, band: anomalyBand(sorted) }
  })(decodeDigitsModel(bytes))

/**
 * Score one drawing (row-major bits): log-likelihood, bits per pixel, rank among the test digits, verdict.
 *
 * @example
 * // scoreDigit(session, pixels) // Right({ logLikelihood: -95.2, bitsPerPixel: 0.175, percentBelow: 48.1, anomaly: false, verdict: 'typical' })
 */
export const scoreDigit = (session: DigitsSession, pixels: Uint8Array): E.Either<PlaygroundError, DigitScore> => {
  const { chain } = session.model
  const ll = chainLogLikelihoods(chain, { rows: 1, width: chain.width, height: chain.height, pixels })
  if (E.isLeft(ll)) return E.left({ _tag: 'ModelFileInvalid', reason: describeLearnError(ll.left) })
  const logLikelihood = ll.right[0]!
  const nll = -logLikelihood
  const v = verdict(session.band, nll)
  return E.right({
    logLikelihood,
    bitsPerPixel: nll / (chain.n * Math.LN2),
    percentBelow: percentBelow(session.sorted, nll),
    anomaly: v !== 'typical',
    verdict: v,
  })
}

/**
 * `count` images from the model with `createRng(seed)` (row-major, concatenated).
 *
 * @example
 * // sampleDigits(session, 8, 1) // Uint8Array(8 * 784), same seed same images
 */
export const sampleDigits = (session: DigitsSession, count: number, seed: number): Uint8Array => sampleChain(session.model.chain, count, createRng(seed)).pixels

/**
 * The worker's request handler: `load` fetches and decodes the model file
 * (through `fetchBytes`, which returns uncompressed bytes), `score` and
 * `sample` answer from the loaded session or fail with `NoModel`.
 *
 * @example
 * // const handle = createDigitsHandler(() => performance.now(), fetchModelBytes)
 * // await handle({ kind: 'load', id: 1, url: 'generated/digits-model.bin.gz' }) // { kind: 'loaded', ... }
 */
export const createDigitsHandler = (
  now: () => number,
  fetchBytes: (url: string) => Promise<E.Either<PlaygroundError, Uint8Array>>,
): ((request: DigitsRequest) => Promise<DigitsResponse>) => {
  let session: DigitsSession | undefined
  return async (request) => {
    const t0 = now()
    const fail = (error: PlaygroundError): DigitsResponse => ({ kind: 'failed', id: request.id, request: request.kind, error })
    switch (request.kind) {
      case 'load': {
        const bytes = await fetchBytes(request.url)
        if (E.isLeft(bytes)) return fail(bytes.left)
        const opened = openDigits(bytes.right)
        if (E.isLeft(opened)) return fail(opened.left)
        session = opened.right
        const { header } = session.model
        return {
          kind: 'loaded',
          id: request.id,
          header,
          band: session.band,
          bytes: bytes.right.length,
          testMeanNll: nllSummary(session.model.testLogLikelihoods, header.width * header.height).meanNll,
          ms: now() - t0,
        }
      }
      case 'score': {
        if (session === undefined) return fail({ _tag: 'NoModel' })
        const score = scoreDigit(session, request.pixels)
        return E.isLeft(score) ? fail(score.left) : { kind: 'scored', id: request.id, score: score.right, ms: now() - t0 }
      }
      case 'sample': {
        if (session === undefined) return fail({ _tag: 'NoModel' })
        const images = sampleDigits(session, request.count, request.seed)
        return { kind: 'sampled', id: request.id, seed: request.seed, images, count: request.count, ms: now() - t0 }
      }
    }
  }
}
