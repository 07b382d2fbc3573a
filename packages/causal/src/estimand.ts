/**
 * Estimands: expressions in the observational distribution that equal a
 * causal quantity, as a typed tree of probabilities, sums, products and
 * ratios. The tree is plain data (JSON as it is), rendered by `render.ts` and
 * evaluated by `evaluate.ts`.
 *
 * Variables are scoped: a sum binds its variables in its body, so a name may
 * stand for a summed variable inside a sum and for the intervention's value
 * outside it (the front-door formula sums the treatment inside). A name not
 * bound by any enclosing sum is free: the value it is given (an intervention,
 * an outcome state, an observation).
 */

/** An estimand over variables named by `V` (names in the public API). */
export type Estimand<V = string> =
  /** P(of | given) in the observational distribution; P() with `of` empty is 1. */
  | { readonly kind: 'probability'; readonly of: readonly V[]; readonly given: readonly V[] }
  /** The sum of `of` over every joint state of `over`. */
  | { readonly kind: 'sum'; readonly over: readonly V[]; readonly of: Estimand<V> }
  /** A product; the empty product is 1. */
  | { readonly kind: 'product'; readonly factors: readonly Estimand<V>[] }
  /** numerator / denominator, with 0 / 0 = 0. */
  | { readonly kind: 'ratio'; readonly numerator: Estimand<V>; readonly denominator: Estimand<V> }

/**
 * The free variables of an estimand: those not bound by an enclosing sum, in
 * order of first appearance.
 *
 * @example
 * ```ts
 * import { freeVariables } from '@chainrule/causal'
 * freeVariables({ kind: 'sum', over: ['z'], of: { kind: 'product', factors: [
 *   { kind: 'probability', of: ['y'], given: ['x', 'z'] }, { kind: 'probability', of: ['z'], given: [] } ] } }) // => ['y', 'x']
 * ```
 */
export const freeVariables = <V>(e: Estimand<V>): V[] => {
  const out: V[] = []
  const visit = (node: Estimand<V>, bound: ReadonlySet<V>): void => {
    const add = (v: V): void => {
      if (!bound.has(v) && !out.includes(v)) out.push(v)
    }
    switch (node.kind) {
      case 'probability':
        node.of.forEach(add)
        node.given.forEach(add)
        return
      case 'sum':
        return visit(node.of, new Set([...bound, ...node.over]))
      case 'product':
        return node.factors.forEach((f) => visit(f, bound))
      case 'ratio':
        visit(node.numerator, bound)
        return visit(node.denominator, bound)
    }
  }
  visit(e, new Set())
  return out
}

/**
 * The estimand with every variable renamed by `rename` (ids to names, say).
 *
 * @example
 * ```ts
 * import { mapVariables } from '@chainrule/causal'
 * mapVariables({ kind: 'probability', of: [1], given: [0] }, (v) => ['x', 'y'][v]!) // => { kind: 'probability', of: ['y'], given: ['x'] }
 * ```
 */
export const mapVariables = <V, W>(e: Estimand<V>, rename: (v: V) => W): Estimand<W> => {
  switch (e.kind) {
    case 'probability':
      return { kind: 'probability', of: e.of.map(rename), given: e.given.map(rename) }
    case 'sum':
      return { kind: 'sum', over: e.over.map(rename), of: mapVariables(e.of, rename) }
    case 'product':
      return { kind: 'product', factors: e.factors.map((f) => mapVariables(f, rename)) }
    case 'ratio':
      return { kind: 'ratio', numerator: mapVariables(e.numerator, rename), denominator: mapVariables(e.denominator, rename) }
  }
}

/** The probability leaves of an estimand, in order. */
export const leavesOf = <V>(e: Estimand<V>): Extract<Estimand<V>, { kind: 'probability' }>[] => {
  switch (e.kind) {
    case 'probability':
      return [e]
    case 'sum':
      return leavesOf(e.of)
    case 'product':
      return e.factors.flatMap(leavesOf)
    case 'ratio':
      return [...leavesOf(e.numerator), ...leavesOf(e.denominator)]
  }
}

/**
 * The adjustment formula sum_z P(y | x, z) P(z) (Pearl's backdoor adjustment,
 * or any adjustment set); with `z` empty, P(y | x).
 *
 * @example
 * ```ts
 * import { adjustmentEstimand, renderEstimand } from '@chainrule/causal'
 * renderEstimand(adjustmentEstimand(['x'], ['y'], ['z'])) // => 'Σ_z P(y | x, z) P(z)'
 * ```
 */
export const adjustmentEstimand = (treatment: readonly string[], outcome: readonly string[], set: readonly string[]): Estimand => {
  const conditional: Estimand = { kind: 'probability', of: [...outcome], given: [...treatment, ...set] }
  return set.length === 0
    ? conditional
    : { kind: 'sum', over: [...set], of: { kind: 'product', factors: [conditional, { kind: 'probability', of: [...set], given: [] }] } }
}

/**
 * The front-door formula sum_z P(z | x) sum_x' P(y | x', z) P(x').
 *
 * @example
 * ```ts
 * import { frontdoorEstimand, renderEstimand } from '@chainrule/causal'
 * renderEstimand(frontdoorEstimand(['x'], ['y'], ['z'])) // => "Σ_z P(z | x) Σ_x' P(y | x', z) P(x')"
 * ```
 */
export const frontdoorEstimand = (treatment: readonly string[], outcome: readonly string[], set: readonly string[]): Estimand => ({
  kind: 'sum',
  over: [...set],
  of: {
    kind: 'product',
    factors: [
      { kind: 'probability', of: [...set], given: [...treatment] },
      {
        kind: 'sum',
        over: [...treatment],
        of: {
          kind: 'product',
          factors: [
            { kind: 'probability', of: [...outcome], given: [...treatment, ...set] },
            { kind: 'probability', of: [...treatment], given: [] },
          ],
        },
      },
    ],
  },
})
