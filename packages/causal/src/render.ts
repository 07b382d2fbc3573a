/**
 * Estimands as text a person reads: `Σ_z P(z | x) Σ_x' P(y | x', z) P(x')`,
 * or as LaTeX. A summed variable whose name is already in scope (the
 * intervention's value, or an enclosing sum's variable) is primed, so that
 * each name in the text means one thing.
 */
import { freeVariables, type Estimand } from './estimand.js'

/** How to render: plain text with Σ (default), or LaTeX. */
export interface RenderOptions {
  readonly format?: 'text' | 'latex'
  /**
   * Names that stand for given values (the treatment, outcome and
   * observations of the question): a sum over one of them is primed even
   * where the estimand does not depend on the value.
   */
  readonly values?: readonly string[]
}

/**
 * An estimand as one line of text (or LaTeX). Sums come after the other
 * factors of a product; a sum followed by more factors is bracketed.
 *
 * @example
 * ```ts
 * import { renderEstimand } from '@chainrule/causal'
 * const napkinDenominator = { kind: 'sum', over: ['w'], of: { kind: 'product', factors: [
 *   { kind: 'probability', of: ['x'], given: ['z', 'w'] }, { kind: 'probability', of: ['w'], given: [] }] } } as const
 * renderEstimand(napkinDenominator) // => 'Σ_w P(x | z, w) P(w)'
 * renderEstimand(napkinDenominator, { format: 'latex' }) // => '\\sum_{w} P(x \\mid z, w) P(w)'
 * ```
 */
export const renderEstimand = (e: Estimand, options: RenderOptions = {}): string => {
  const latex = options.format === 'latex'
  const name = (v: string, names: ReadonlyMap<string, string>): string => {
    const shown = names.get(v) ?? v
    return latex ? shown.replace(/[_#$%&{}^~\\]/g, (c) => `\\${c}`) : shown
  }
  const go = (node: Estimand, names: ReadonlyMap<string, string>, inScope: ReadonlySet<string>): string => {
    switch (node.kind) {
      case 'probability': {
        if (node.of.length === 0) return '1'
        const of = node.of.map((v) => name(v, names)).join(', ')
        const given = node.given.map((v) => name(v, names)).join(', ')
        const bar = latex ? ' \\mid ' : ' | '
        return `P(${of}${node.given.length === 0 ? '' : `${bar}${given}`})`
      }
      case 'sum': {
        const inner = new Map(names)
        const scope = new Set(inScope)
        const shown = node.over.map((v) => {
          let label = v
          while (scope.has(label)) label = `${label}'`
          inner.set(v, label)
          scope.add(label)
          return label
        })
        const sub = shown.map((v) => name(v, new Map())).join(', ')
        const sigma = latex ? `\\sum_{${sub}}` : shown.length === 1 ? `Σ_${sub}` : `Σ_{${sub}}`
        return `${sigma} ${go(node.of, inner, scope)}`
      }
      case 'product': {
        if (node.factors.length === 0) return '1'
        const plain = node.factors.filter((f) => f.kind !== 'sum')
        const sums = node.factors.filter((f) => f.kind === 'sum')
        const parts = [...plain, ...sums].map((f, i, all) => {
          const text = go(f, names, inScope)
          if (f.kind === 'ratio' && all.length > 1) return `(${text})`
          return f.kind === 'sum' && i < all.length - 1 ? `[${text}]` : text
        })
        return parts.join(' ')
      }
      case 'ratio': {
        const wrap = (f: Estimand): string => {
          const text = go(f, names, inScope)
          return f.kind === 'probability' ? text : latex ? `\\left(${text}\\right)` : `[${text}]`
        }
        return latex ? `\\frac{${go(node.numerator, names, inScope)}}{${go(node.denominator, names, inScope)}}` : `${wrap(node.numerator)} / ${wrap(node.denominator)}`
      }
    }
  }
  return go(e, new Map(), new Set([...freeVariables(e), ...(options.values ?? [])]))
}
