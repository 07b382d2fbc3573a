/**
 * The inference worker's state and logic, free of any worker API so that it
 * runs (and is tested) under node: open a network (build it from its spec
 * and compile its junction tree once), then answer posterior and MPE queries
 * from the compiled tree. `ui/inference.worker.ts` only forwards messages.
 */
import { compile, marginals, mpe, type Engine } from '@chainrule/infer'
import { engineState } from '@chainrule/infer/internal'
import { networkFromSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { PlaygroundError } from './errors.js'
import type { Request, Response } from './protocol.js'

/** A worker session: one open network at a time. */
export interface Session {
  readonly handle: (request: Request) => Response
}

/**
 * A new session; `now` is the clock used to time each answer (milliseconds).
 * Opening a network that fails to build or compile keeps the previous one.
 *
 * @example
 * const session = createSession(() => performance.now())
 * session.handle({ kind: 'open', id: 1, spec })                          // { kind: 'opened', plan, ... }
 * session.handle({ kind: 'posterior', id: 2, question: { evidence: { smoke: 'yes' } } })
 * // { kind: 'posterior', probabilities, logPEvidence, ... }
 */
export const createSession = (now: () => number): Session => {
  let engine: Engine | undefined
  const handle = (request: Request): Response => {
    const start = now()
    const failed = (id: number, error: PlaygroundError): Response => ({ kind: 'failed', id, request: request.kind, error })
    switch (request.kind) {
      case 'open': {
        // A network that fails to build or compile leaves the open one in place.
        const built = networkFromSpec(request.spec)
        if (E.isLeft(built)) return failed(request.id, { _tag: 'InvalidNetwork', file: request.spec.name ?? 'network', errors: built.left })
        const compiled = compile(built.right.network)
        if (E.isLeft(compiled)) return failed(request.id, { _tag: 'Inference', error: compiled.left })
        engine = compiled.right
        return { kind: 'opened', id: request.id, plan: engine.plan, ms: now() - start, kernels: engineState(engine).tree?.kernelKind ?? 'none' }
      }
      case 'posterior': {
        if (engine === undefined) return failed(request.id, { _tag: 'NoNetwork' })
        const open = engine
        const posterior = marginals(open, request.question)
        if (E.isLeft(posterior)) return failed(request.id, { _tag: 'Inference', error: posterior.left })
        const { logPEvidence } = posterior.right
        // Every variable is answered when no targets are named; a gap would print as '…', never as a number.
        const everyVariable = (answered: readonly (Float64Array | undefined)[]): Float64Array[] =>
          open.domain.variables.map((v) => answered[v.id] ?? new Float64Array(v.states.length).fill(Number.NaN))
        const probabilities = everyVariable(posterior.right.probabilities)
        const { do: interventions, ...observation } = request.question
        if (interventions === undefined || Object.keys(interventions).length === 0) return { kind: 'posterior', id: request.id, probabilities, logPEvidence, ms: now() - start }
        // Beside the intervened answer, the observational one (none when the evidence is impossible without the interventions).
        const seen = marginals(open, observation)
        const observational = E.isRight(seen) ? everyVariable(seen.right.probabilities) : undefined
        return { kind: 'posterior', id: request.id, probabilities, ...(observational === undefined ? {} : { observational }), logPEvidence, ms: now() - start }
      }
      case 'mpe': {
        if (engine === undefined) return failed(request.id, { _tag: 'NoNetwork' })
        const best = mpe(engine, request.question)
        if (E.isLeft(best)) return failed(request.id, { _tag: 'Inference', error: best.left })
        return { kind: 'mpe', id: request.id, states: best.right.states, logProbability: best.right.logProbability, ms: now() - start }
      }
    }
  }
  return { handle }
}
