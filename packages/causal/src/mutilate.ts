/**
 * Graph surgery on a network: the model after do(X = x) as a network of its
 * own (bnlearn's `mutilated`), for when the intervened model itself is
 * wanted: to save it, to draw it, to compile it elsewhere. Queries do not
 * need it: `marginals(engine, { do })` answers on the compiled tree of the
 * original network.
 */
import type { Intervention } from '@chainrule/infer'
import { networkFromSpec, toSpec, type Assignment, type BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { CausalError } from './errors.js'

/**
 * The network with each intervened variable cut from its parents and given
 * its forced state (or, for a soft intervention, the distribution given,
 * normalised). Errors: `UnknownVariable`, `UnknownState`, `InvalidOption`
 * (a distribution of the wrong length, negative, or all zero).
 *
 * @example
 * ```ts
 * import { mutilate } from '@chainrule/causal'
 * import { defineNetwork } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * const net = defineNetwork({
 *   states: { rain: ['no', 'yes'], wet: ['no', 'yes'] },
 *   parents: { wet: ['rain'] },
 *   tables: { rain: [0.8, 0.2], wet: { no: [0.9, 0.1], yes: [0.1, 0.9] } },
 * })
 * const cut = E.isRight(net) ? mutilate(net.right, { wet: 'yes' }) : undefined
 * if (cut !== undefined && E.isRight(cut)) {
 *   cut.right.dag.parentIds // => [[], []]
 *   Array.from(cut.right.cpts[1]!.values) // => [0, 1]
 * }
 * ```
 */
export const mutilate = <A extends Assignment>(
  network: BayesianNetwork<A>,
  interventions: Readonly<Partial<Record<keyof A & string, Intervention>>>,
): E.Either<CausalError, BayesianNetwork<A>> => {
  const spec = toSpec(network)
  const replaced = new Map<string, number[]>()
  for (const [name, intervention] of Object.entries(interventions as Record<string, Intervention | undefined>)) {
    if (intervention === undefined) continue
    const v = network.domain.byName.get(name)
    if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: name })
    const states = network.domain.variables[v]!.states
    if (typeof intervention === 'string') {
      const s = states.indexOf(intervention)
      if (s < 0) return E.left({ _tag: 'UnknownState', variable: name, state: intervention, states })
      replaced.set(name, states.map((_, k) => (k === s ? 1 : 0)))
      continue
    }
    const weights = [...intervention]
    if (weights.length !== states.length || !weights.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0) || weights.every((w) => w === 0))
      return E.left({ _tag: 'InvalidOption', option: `do(${name})`, reason: `expected ${states.length} finite non-negative weights, not all zero` })
    const sum = weights.reduce((a, b) => a + b, 0)
    replaced.set(name, weights.map((w) => w / sum))
  }
  const built = networkFromSpec({
    ...spec,
    variables: spec.variables.map((v) => {
      const table = replaced.get(v.name)
      return table === undefined ? v : { ...v, parents: [], table }
    }),
  })
  if (E.isLeft(built)) return E.left({ _tag: 'Network', errors: built.left })
  return E.right(built.right.network as BayesianNetwork<A>)
}
