/**
 * Test fixtures: random small network specs and a brute-force oracle that
 * enumerates every joint assignment straight from the spec's flat tables
 * (row-major, last parent fastest), independent of any library layout code.
 */
import type { NetworkSpec } from '@chainrule/models'
import fc from 'fast-check'

/** Random networks: up to `maxVars` variables with 1-3 states, up to 3 earlier parents each, some zero entries. */
export const arbSpec = (maxVars = 6): fc.Arbitrary<NetworkSpec> =>
  fc
    .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: maxVars })
    .chain((cards) =>
      fc
        .tuple(...cards.map((_, v) => fc.subarray(Array.from({ length: v }, (_, u) => u), { maxLength: Math.min(3, v) })))
        .chain((parentLists) =>
          fc
            .tuple(
              ...parentLists.map((parents, v) => {
                const size = parents.reduce((s, p) => s * cards[p]!, 1) * cards[v]!
                return fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.01, max: 1, noNaN: true })), { minLength: size, maxLength: size })
              }),
            )
            .map(
              (raw): NetworkSpec => ({
                name: 'random',
                variables: cards.map((card, v) => ({
                  name: `v${v}`,
                  states: Array.from({ length: card }, (_, k) => `s${k}`),
                  parents: parentLists[v]!.map((p) => `v${p}`),
                  table: normaliseRows(raw[v]!, card),
                })),
              }),
            ),
        ),
    )

const normaliseRows = (raw: readonly number[], card: number): number[] => {
  const out = [...raw]
  for (let r = 0; r < out.length; r += card) {
    let sum = 0
    for (let k = 0; k < card; k++) sum += out[r + k]!
    for (let k = 0; k < card; k++) out[r + k] = sum === 0 ? 1 / card : out[r + k]! / sum
  }
  return out
}

/** Every joint assignment of a spec with its probability times the likelihoods (unnormalised posterior weight). */
export const enumerateSpec = (
  spec: NetworkSpec,
  evidence: Readonly<Record<string, string>> = {},
  likelihoods: Readonly<Record<string, readonly number[]>> = {},
): { readonly assignments: number[][]; readonly weights: number[] } => {
  const vars = spec.variables
  const index = new Map(vars.map((v, i) => [v.name, i]))
  const assignments: number[][] = []
  const weights: number[] = []
  const a: number[] = vars.map(() => 0)
  const visit = (v: number): void => {
    if (v === vars.length) {
      let w = 1
      vars.forEach((variable, i) => {
        let row = 0
        for (const p of variable.parents) {
          const pi = index.get(p)!
          row = row * vars[pi]!.states.length + a[pi]!
        }
        w *= (variable.table as ArrayLike<number>)[row * variable.states.length + a[i]!]! // arbSpec: full tables only
        const observed = evidence[variable.name]
        if (observed !== undefined && variable.states[a[i]!] !== observed) w = 0
        const lik = likelihoods[variable.name]
        if (lik !== undefined) w *= lik[a[i]!]!
      })
      assignments.push([...a])
      weights.push(w)
      return
    }
    for (let s = 0; s < vars[v]!.states.length; s++) {
      a[v] = s
      visit(v + 1)
    }
  }
  visit(0)
  return { assignments, weights }
}

/** Posterior marginals and P(e) by enumeration; undefined marginals when P(e) = 0. */
export const brutePosterior = (
  spec: NetworkSpec,
  evidence: Readonly<Record<string, string>> = {},
  likelihoods: Readonly<Record<string, readonly number[]>> = {},
): { readonly pEvidence: number; readonly marginals: number[][] | undefined } => {
  const { assignments, weights } = enumerateSpec(spec, evidence, likelihoods)
  const total = weights.reduce((s, w) => s + w, 0)
  if (total === 0) return { pEvidence: 0, marginals: undefined }
  const marginals = spec.variables.map((v) => v.states.map(() => 0))
  assignments.forEach((a, r) => a.forEach((s, v) => (marginals[v]![s]! += weights[r]! / total)))
  return { pEvidence: total, marginals }
}
