/**
 * Exact rewriting of estimands over variable ids (ascending id = causal
 * order), the algebra the ID algorithm builds its answers with:
 * - sum_a P(A | B) = P(A \ {a} | B) when a is in A;
 * - sum_a (f g) = f sum_a g when f does not mention a (sums pushed inwards);
 * - P(A | B) P(C | A ∪ B) = P(A ∪ C | B) (the chain rule backwards), applied
 *   only where it lets a variable be summed out;
 * - P(A ∪ C | B) / P(C | B) = P(A | B ∪ C), and a product over a product of
 *   some of its own factors cancels them.
 * Every rule is an identity of probability (ratios under positivity), so
 * nothing here changes the value of an estimand. Names are scoped (see
 * `estimand.ts`): a rule moves a factor across a sum only when the factor does
 * not mention the summed variable freely.
 */
import type { Estimand } from './estimand.js'

/** An estimand over ids. */
export type Expr = Estimand<number>
type Leaf = Extract<Expr, { kind: 'probability' }>

/** The constant 1. */
export const ONE: Expr = { kind: 'product', factors: [] }

const ascending = (xs: Iterable<number>): number[] => [...new Set(xs)].sort((a, b) => a - b)
const minus = (xs: readonly number[], ys: readonly number[]): number[] => xs.filter((x) => !ys.includes(x))
const sameSet = (xs: readonly number[], ys: readonly number[]): boolean => xs.length === ys.length && xs.every((x) => ys.includes(x))

/** P(of | given); 1 when `of` is empty. */
export const leaf = (of: Iterable<number>, given: Iterable<number>): Expr => {
  const head = ascending(of)
  return head.length === 0 ? ONE : { kind: 'probability', of: head, given: minus(ascending(given), head) }
}

const freeCache = new WeakMap<Expr, readonly number[]>()
/** The free variables of an expression, ascending. */
export const free = (e: Expr): readonly number[] => {
  const cached = freeCache.get(e)
  if (cached !== undefined) return cached
  let out: number[]
  switch (e.kind) {
    case 'probability':
      out = ascending([...e.of, ...e.given])
      break
    case 'sum':
      out = minus(free(e.of), e.over)
      break
    case 'product':
      out = ascending(e.factors.flatMap((f) => free(f)))
      break
    case 'ratio':
      out = ascending([...free(e.numerator), ...free(e.denominator)])
      break
  }
  freeCache.set(e, out)
  return out
}

const keyCache = new WeakMap<Expr, string>()
/** A canonical key: equal keys, equal expressions (products compared as multisets). */
export const keyOf = (e: Expr): string => {
  const cached = keyCache.get(e)
  if (cached !== undefined) return cached
  let out: string
  switch (e.kind) {
    case 'probability':
      out = `P(${e.of.join(',')}|${[...e.given].sort((a, b) => a - b).join(',')})`
      break
    case 'sum':
      out = `S[${[...e.over].sort((a, b) => a - b).join(',')}](${keyOf(e.of)})`
      break
    case 'product':
      out = `*(${e.factors.map(keyOf).sort().join(';')})`
      break
    case 'ratio':
      out = `/(${keyOf(e.numerator)};${keyOf(e.denominator)})`
      break
  }
  keyCache.set(e, out)
  return out
}

/** The product of factors, nested products flattened and ones dropped. */
export const product = (factors: readonly Expr[]): Expr => {
  const flat = factors.flatMap((f) => (f.kind === 'product' ? f.factors : [f]))
  return flat.length === 1 ? flat[0]! : { kind: 'product', factors: flat }
}

const factorsOf = (e: Expr): readonly Expr[] => (e.kind === 'product' ? e.factors : [e])

/** Merge leaves into one by the chain rule, P(A | B) P(C | A ∪ B) ... = P(A ∪ C ... | B); undefined when they do not chain. */
const chainMerge = (leaves: readonly Leaf[]): Leaf | undefined => {
  for (const start of leaves) {
    const given = start.given
    let head = [...start.of]
    let rest = leaves.filter((l) => l !== start)
    let grew = true
    while (rest.length > 0 && grew) {
      grew = false
      const next = rest.find((l) => sameSet(l.given, ascending([...given, ...head])))
      if (next !== undefined) {
        head = ascending([...head, ...next.of])
        rest = rest.filter((l) => l !== next)
        grew = true
      }
    }
    if (rest.length === 0) return leaf(head, given) as Leaf
  }
  return undefined
}

/** A sum node, unsimplified (or the body itself when nothing is summed). */
const sumNode = (over: readonly number[], of: Expr): Expr => (over.length === 0 ? of : { kind: 'sum', over: ascending(over), of })

/** The sum of `e` over `vars`, simplified by the rules above. */
export const sumOver = (vars: Iterable<number>, e: Expr): Expr => {
  const over = ascending(vars)
  if (over.length === 0) return e
  switch (e.kind) {
    case 'probability': {
      const inHead = over.filter((v) => e.of.includes(v))
      return sumNode(minus(over, inHead), leaf(minus(e.of, inHead), e.given))
    }
    case 'sum':
      // Σ_A Σ_B f = Σ_{A ∪ B} f when A and B are distinct names (a variable free in the inner sum is not bound by it).
      return over.some((v) => e.over.includes(v)) ? sumNode(over, e) : sumOver([...over, ...e.over], e.of)
    case 'ratio': {
      const outside = free(e.denominator)
      const inward = over.filter((v) => !outside.includes(v))
      if (inward.length === 0) return sumNode(over, e)
      return sumNode(minus(over, inward), ratio(sumOver(inward, e.numerator), e.denominator))
    }
    case 'product':
      return sumOfProduct(over, [...e.factors])
  }
}

const sumOfProduct = (over: readonly number[], factors: Expr[]): Expr => {
  let pending = [...over]
  let progress = true
  while (progress && pending.length > 0) {
    progress = false
    for (const a of pending) {
      const users = factors.filter((f) => free(f).includes(a))
      if (users.length === 0) continue
      let replacement: Expr | undefined
      if (users.length === 1) {
        const only = users[0]!
        replacement = sumOver([a], only)
        // A leaf with `a` only among its conditions does not sum to anything simpler: leave the sum outside.
        if (only.kind === 'probability' && !only.of.includes(a)) replacement = undefined
      } else if (users.every((u) => u.kind === 'probability')) {
        const merged = chainMerge(users as Leaf[])
        if (merged !== undefined && merged.of.includes(a)) replacement = sumOver([a], merged)
      }
      if (replacement === undefined) continue
      factors = [...factors.filter((f) => !users.includes(f)), ...factorsOf(replacement)]
      pending = pending.filter((v) => v !== a)
      progress = true
      break
    }
  }
  if (pending.length === 0) return product(factors)
  const inside = factors.filter((f) => free(f).some((v) => pending.includes(v)))
  const outside = factors.filter((f) => !inside.includes(f))
  return product([...outside, sumNode(pending, product(inside))])
}

/** numerator / denominator, simplified by the rules above. */
export const ratio = (numerator: Expr, denominator: Expr): Expr => {
  const d = factorsOf(denominator)
  if (d.length === 0) return numerator
  if (keyOf(numerator) === keyOf(denominator)) return ONE
  if (numerator.kind === 'probability' && denominator.kind === 'probability' && sameSet(numerator.given, denominator.given) && denominator.of.every((v) => numerator.of.includes(v)))
    return leaf(minus(numerator.of, denominator.of), [...numerator.given, ...denominator.of])
  const n = [...factorsOf(numerator)]
  const remaining = [...n]
  for (const f of d) {
    const at = remaining.findIndex((g) => keyOf(g) === keyOf(f))
    if (at < 0) return { kind: 'ratio', numerator, denominator }
    remaining.splice(at, 1)
  }
  return product(remaining)
}

/** P(v | prefix) in the distribution `p` over `domain` (ids), prefix ⊆ domain. */
export const conditional = (p: Expr, domain: readonly number[], v: number, prefix: readonly number[]): Expr =>
  ratio(sumOver(minus(domain, [...prefix, v]), p), sumOver(minus(domain, prefix), p))

/** Rebuild an expression bottom-up through the simplifying constructors, leaves passed through `onLeaf`. */
export const rebuild = (e: Expr, onLeaf: (l: Leaf) => Expr): Expr => {
  switch (e.kind) {
    case 'probability':
      return onLeaf(e)
    case 'sum':
      return sumOver(e.over, rebuild(e.of, onLeaf))
    case 'product':
      return product(e.factors.map((f) => rebuild(f, onLeaf)))
    case 'ratio':
      return ratio(rebuild(e.numerator, onLeaf), rebuild(e.denominator, onLeaf))
  }
}
