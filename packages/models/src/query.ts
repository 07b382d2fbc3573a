/**
 * Exact queries by name, answered by `@chainrule/factor`'s variable
 * elimination over the network's CPTs (barren variables pruned).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Factor, FactorError, VarId } from '@chainrule/factor'
import { describeError as describeFactorError, variableElimination } from '@chainrule/factor'
import type { NetworkError } from './errors.js'
import type { Assignment, BayesianNetwork } from './network.js'
import { evidenceIds, variableId } from './network.js'

/** The answer of {@link query}. */
export interface QueryResult {
  /** Target names, in the order of the posterior's scope. */
  readonly targets: readonly string[]
  /** P(targets | evidence), scope = the targets' ids in the order asked. */
  readonly posterior: Factor
  /** log P(evidence) in nats (0 without evidence). */
  readonly logEvidence: number
}

const fromFactorError = (e: FactorError, evidence: Partial<Assignment>): NetworkError =>
  e._tag === 'ImpossibleEvidence'
    ? { _tag: 'ImpossibleEvidence', evidence: evidence as Assignment, reason: 'it has probability zero' }
    : { _tag: 'Dependency', source: 'factor', message: describeFactorError(e) }

/**
 * P(targets | evidence) exactly, by variable elimination; names are typed for
 * networks declared in code.
 *
 * @example
 * // query(sprinkler, ['rain'], { wet: 'yes' }) => Right({ targets: ['rain'], posterior (2 values), logEvidence })
 */
export const query = <A extends Assignment>(
  bn: BayesianNetwork<A>,
  targets: readonly (keyof A & string)[],
  evidence: NoInfer<Partial<A>> = {},
): E.Either<NetworkError, QueryResult> => {
  const ids: VarId[] = []
  for (const t of targets) {
    const id = variableId(bn, t)
    if (E.isLeft(id)) return id
    ids.push(id.right as VarId)
  }
  const observed = evidenceIds(bn, evidence as Partial<Assignment>)
  if (E.isLeft(observed)) return observed
  const r = variableElimination(bn.cpts, {
    targets: ids,
    evidence: observed.right as unknown as ReadonlyMap<VarId, number>,
    childOf: 'last',
    domain: bn.domain,
  })
  if (E.isLeft(r)) return E.left(fromFactorError(r.left, evidence as Partial<Assignment>))
  return E.right({ targets: [...targets], posterior: r.right.posterior, logEvidence: r.right.logEvidence })
}

/**
 * P(variable | evidence) as a record by state name.
 *
 * @example
 * // distribution(sprinkler, 'rain', { wet: 'yes' }) => Right({ no: 0.642..., yes: 0.357... })
 */
export const distribution = <A extends Assignment>(
  bn: BayesianNetwork<A>,
  variable: keyof A & string,
  evidence: NoInfer<Partial<A>> = {},
): E.Either<NetworkError, Readonly<Record<A[typeof variable], number>>> =>
  E.map((r: QueryResult) => {
    const states = bn.domain.variables[bn.domain.byName.get(variable)!]!.states
    const out: Record<string, number> = Object.fromEntries(states.map((s, i) => [s, r.posterior.values[i]!]))
    return out as Record<A[typeof variable], number>
  })(query(bn, [variable], evidence))
