/**
 * Messages between the Digits tab and its worker (plain, structured-cloneable data).
 */
import type { AnomalyBand } from './digits-anomaly.js'
import type { DigitsHeader } from './digits-model.js'
import type { PlaygroundError } from './errors.js'

/** Page -> worker; every request carries an id its response repeats. */
export type DigitsRequest =
  | { readonly kind: 'load'; readonly id: number; readonly url: string }
  | { readonly kind: 'score'; readonly id: number; readonly pixels: Uint8Array }
  | { readonly kind: 'sample'; readonly id: number; readonly count: number; readonly seed: number }

/** Worker -> page. */
export type DigitsResponse =
  | {
      readonly kind: 'loaded'
      readonly id: number
      readonly header: DigitsHeader
      readonly band: AnomalyBand
      readonly bytes: number
      readonly testMeanNll: number
      readonly ms: number
    }
  | { readonly kind: 'scored'; readonly id: number; readonly score: DigitScore; readonly ms: number }
  | { readonly kind: 'sampled'; readonly id: number; readonly seed: number; readonly images: Uint8Array; readonly count: number; readonly ms: number }
  | { readonly kind: 'failed'; readonly id: number; readonly request: DigitsRequest['kind']; readonly error: PlaygroundError }

/** What the page shows for a drawing. */
export interface DigitScore {
  /** log p(drawing) in nats. */
  readonly logLikelihood: number
  /** -logLikelihood / (pixels ln 2). */
  readonly bitsPerPixel: number
  /** Percent of test digits with a lower NLL (more likely than the drawing). */
  readonly percentBelow: number
  readonly anomaly: boolean
  readonly verdict: 'typical' | 'too unlikely' | 'too likely'
}
