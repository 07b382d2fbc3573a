/**
 * Messages between the page and the inference worker. Everything is plain,
 * structured-cloneable data: the network travels as a `NetworkSpec`, answers
 * as typed arrays indexed by variable id.
 */
import type { CompilePlan, Question } from '@chainrule/infer'
import type { NetworkSpec } from '@chainrule/models'
import type { PlaygroundError } from './errors.js'

/** Page -> worker. Every request carries an id that its response repeats. */
export type Request =
  | { readonly kind: 'open'; readonly id: number; readonly spec: NetworkSpec }
  | { readonly kind: 'posterior'; readonly id: number; readonly question: Question }
  | { readonly kind: 'mpe'; readonly id: number; readonly question: Question }

/** Worker -> page. */
export type Response =
  | {
      readonly kind: 'opened'
      readonly id: number
      readonly plan: CompilePlan
      readonly ms: number
      /** What the junction tree runs on ('none' when it was too large to build). */
      readonly kernels: 'webassembly' | 'typed-array' | 'none'
    }
  | {
      readonly kind: 'posterior'
      readonly id: number
      /** `probabilities[v][s]` = P(v = s | e), by variable id and state index (with interventions: P(v = s | e, do(...))). */
      readonly probabilities: readonly Float64Array[]
      /** With interventions: the same question without them, P(v = s | e), when e is possible there. */
      readonly observational?: readonly Float64Array[]
      /** log P(e), with interventions log P(e | do(...)). */
      readonly logPEvidence: number
      readonly ms: number
    }
  | {
      readonly kind: 'mpe'
      readonly id: number
      /** The most probable state of every variable, by variable id. */
      readonly states: Int32Array
      readonly logProbability: number
      readonly ms: number
    }
  | { readonly kind: 'failed'; readonly id: number; readonly request: Request['kind']; readonly error: PlaygroundError }
