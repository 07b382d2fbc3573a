/**
 * The ID algorithm (Shpitser & Pearl, "Identification of joint interventional
 * distributions in recursive semi-Markovian causal models", AAAI 2006,
 * figure 3), on the latent projection, with observed ids in causal order (the
 * order π the algorithm conditions along). It returns an expression in the
 * observational distribution equal to P(y | do(x)), or the hedge that
 * witnesses it cannot be one: two C-forests F' ⊂ F sharing their root set,
 * F containing treatments and F' none (Shpitser & Pearl's theorem 4: ID is
 * complete).
 *
 * `p` is the current distribution as an expression over `domain` (the
 * variables of the current subgraph); conditionals of it (lines 6 and 7) are
 * computed as ratios of its sums, which the algebra reduces to conditionals of
 * the observational distribution.
 */
import { conditional, product, sumOver, type Expr } from './algebra.js'
import type { Admg } from './diagram.js'
import { ancestorsWithin, districtsWithin, idsOf, mask } from './districts.js'

/** What ID returns: an expression, or a hedge (F, F') over observed ids. */
export type IdResult = { readonly kind: 'estimand'; readonly expr: Expr } | { readonly kind: 'hedge'; readonly forest: readonly number[]; readonly subforest: readonly number[] }

const minus = (xs: readonly number[], ys: readonly number[]): number[] => xs.filter((v) => !ys.includes(v))
const union = (xs: readonly number[], ys: readonly number[]): number[] => [...new Set([...xs, ...ys])].sort((a, b) => a - b)

/** ID(y, x, P, G[domain]); y non-empty, y and x disjoint subsets of `domain` (ascending). */
export const identifyEffect = (admg: Admg, y: readonly number[], x: readonly number[], p: Expr, domain: readonly number[]): IdResult => {
  const n = admg.names.length
  const within = mask(n, domain)
  // 1: no intervention, a marginal.
  if (x.length === 0) return { kind: 'estimand', expr: sumOver(minus(domain, y), p) }
  // 2: only the ancestors of y matter.
  const ancestors = idsOf(ancestorsWithin(admg, within, y))
  if (ancestors.length < domain.length)
    return identifyEffect(admg, y, x.filter((v) => ancestors.includes(v)), sumOver(minus(domain, ancestors), p), ancestors)
  // 3: intervening on what affects y only through x changes nothing.
  const inX = mask(n, x)
  const reach = ancestorsWithin(admg, within, y, inX)
  const w = domain.filter((v) => inX[v] === 0 && reach[v] === 0)
  if (w.length > 0) return identifyEffect(admg, y, union(x, w), p, domain)
  // 4: one factor per district of G[V \ X].
  const rest = minus(domain, x)
  const districts = districtsWithin(admg, mask(n, rest))
  if (districts.length > 1) {
    const factors: Expr[] = []
    for (const s of districts) {
      const sub = identifyEffect(admg, s, minus(domain, s), p, domain)
      if (sub.kind === 'hedge') return sub
      factors.push(sub.expr)
    }
    return { kind: 'estimand', expr: sumOver(minus(domain, union(y, x)), product(factors)) }
  }
  const s = districts[0]!
  const whole = districtsWithin(admg, within)
  // 5: G is one district: a hedge.
  if (whole.length === 1) return { kind: 'hedge', forest: domain, subforest: s }
  const conditionals = (of: readonly number[]): Expr[] => of.map((v) => conditional(p, domain, v, domain.filter((u) => u < v)))
  // 6: S is a district of G: its factor is a product of conditionals.
  if (whole.some((d) => d.length === s.length && d.every((v, i) => v === s[i]))) return { kind: 'estimand', expr: sumOver(minus(s, y), product(conditionals(s))) }
  // 7: S lies inside a larger district S' of G: recurse on S' with its factor as the distribution.
  const larger = whole.find((d) => s.every((v) => d.includes(v)))!
  return identifyEffect(admg, y, x.filter((v) => larger.includes(v)), product(conditionals(larger)), larger)
}
