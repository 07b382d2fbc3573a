/**
 * Mixed networks: a DAG and a domain (as in a `BayesianNetwork`) with one CPD
 * per variable that is either a conditional table (a `Factor`, scope
 * `[...parents, variable]`) or a logistic CPD (binary variables). Exact
 * log-likelihood per data row, seeded ancestral sampling, conversion to a
 * plain `BayesianNetwork` when every logistic CPD has few parents, and
 * conversion from a compiled image chain (`BinaryChain`).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { Dag } from '@chainrule/graph'
import type { Domain, Factor, VarId } from '@chainrule/factor'
import { domain as makeDomain, tableOf } from '@chainrule/factor'
import type { BayesianNetwork, NetworkSpec, Rng } from '@chainrule/models'
import { autoregressive, defineNetwork } from '@chainrule/models'
import type { LearnError } from './errors.js'
import type { BinaryChain } from './image-chain.js'
import { sigmoid } from './image-chain.js'
import type { LogisticCpd } from './logistic-cpd.js'
import { logisticLogProb, logisticParents, logisticProbability, logisticToTable } from './logistic-cpd.js'

/** A conditional table CPD. */
export interface TableCpd {
  readonly kind: 'table'
  readonly factor: Factor
}

/** One variable's CPD: a table or a logistic regression. */
export type MixedCpd = TableCpd | LogisticCpd

/** A DAG, a domain and one CPD per variable (by id). */
export interface MixedNetwork {
  readonly dag: Dag
  readonly domain: Domain
  readonly cpds: readonly MixedCpd[]
}

const sameSet = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x) => b.includes(x))

/**
 * Check that CPDs fit a DAG and domain: one per variable; a table's scope is
 * `[...dag parents, variable]` with the domain's cardinalities; a logistic
 * CPD's variable is binary (as are its parents) and its parents are exactly the DAG's.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnTableChain, chainToMixedNetwork, mixedNetwork } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each; a table chain over the last pixel
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * const fit = E.isRight(images) && E.isRight(s) ? learnTableChain(images.right, s.right, { validation: images.right }) : undefined
 * if (E.isRight(images) && fit !== undefined && E.isRight(fit)) {
 *   const chain = fit.right.chain
 *   const net = chainToMixedNetwork(chain)
 *   // The parts of a mixed network check as a whole: rebuilding it from them succeeds
 *   E.isRight(net) && E.isRight(mixedNetwork(net.right.dag, net.right.domain, net.right.cpds)) // => true
 * }
 * ```
 */
export const mixedNetwork = (dag: Dag, domain: Domain, cpds: readonly MixedCpd[]): E.Either<LearnError[], MixedNetwork> => {
  const n = dag.nodes.length
  if (domain.variables.length !== n)
    return E.left([{ _tag: 'ShapeMismatch', what: 'domain variables', expected: n, got: domain.variables.length }])
  if (cpds.length !== n) return E.left([{ _tag: 'ShapeMismatch', what: 'CPDs', expected: n, got: cpds.length }])
  const errors: LearnError[] = []
  cpds.forEach((cpd, v) => {
    const name = dag.nodes[v]!
    const parents = dag.parentIds[v]!
    if (cpd.kind === 'table') {
      const scope = cpd.factor.scope as readonly number[]
      const expected = [...parents, v]
      if (scope.length !== expected.length || scope.some((x, i) => x !== expected[i]))
        errors.push({ _tag: 'CpdMismatch', variable: name, reason: `table scope [${scope.join(', ')}] is not [${expected.join(', ')}]` })
      else if (cpd.factor.cards.some((c, i) => c !== domain.variables[expected[i]!]!.states.length))
        errors.push({ _tag: 'CpdMismatch', variable: name, reason: 'table cardinalities differ from the domain' })
      return
    }
    if (cpd.variable !== v) errors.push({ _tag: 'CpdMismatch', variable: name, reason: `logistic CPD is for variable ${cpd.variable}` })
    const all = logisticParents(cpd)
    for (const p of [v, ...all]) {
      if (p >= n) {
        errors.push({ _tag: 'ParentOutOfRange', variable: name, parent: p })
        return
      }
      const states = domain.variables[p]!.states.length
      if (states !== 2) errors.push({ _tag: 'NonBinaryVariable', variable: dag.nodes[p]!, states })
    }
    if (!sameSet(all, parents))
      errors.push({ _tag: 'CpdMismatch', variable: name, reason: `logistic parents [${all.join(', ')}] differ from the DAG's [${parents.join(', ')}]` })
  })
  return errors.length > 0 ? E.left(errors) : E.right({ dag, domain, cpds })
}

const tableLogProb = (f: Factor, row: ArrayLike<number>, offset: number): number => {
  let index = 0
  for (let i = 0; i < f.scope.length; i++) index += row[offset + f.scope[i]!]! * f.strides[i]!
  return Math.log(f.values[index]!)
}

/**
 * Exact log-likelihood (nats) of every row of a row-major matrix of state
 * indices (`rows[r * n + v]` = state of variable v in row r). Error: a length
 * that is not a multiple of the number of variables, or a state out of range.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnTableChain, chainLogLikelihoods, chainToMixedNetwork, mixedLogLikelihoods } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each; a table chain over the last pixel
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * const fit = E.isRight(images) && E.isRight(s) ? learnTableChain(images.right, s.right, { validation: images.right }) : undefined
 * if (E.isRight(images) && fit !== undefined && E.isRight(fit)) {
 *   const chain = fit.right.chain
 *   const net = chainToMixedNetwork(chain)
 *   // Rows of state indices in variable order: the first image, x0_y0 .. x1_y1
 *   const asNetwork = E.isRight(net) ? mixedLogLikelihoods(net.right, Uint8Array.from([1, 0, 0, 1])) : undefined
 *   const asChain = chainLogLikelihoods(chain, images.right)
 *   asNetwork !== undefined && E.isRight(asNetwork) && E.isRight(asChain) && asNetwork.right[0]! // ~> E.isRight(asChain) ? asChain.right[0]! : 0
 * }
 * ```
 */
export const mixedLogLikelihoods = (net: MixedNetwork, rows: ArrayLike<number>): E.Either<LearnError, Float64Array> => {
  const n = net.dag.nodes.length
  if (rows.length % n !== 0) return E.left({ _tag: 'ShapeMismatch', what: 'row-major data length (multiple of variables)', expected: Math.ceil(rows.length / n) * n, got: rows.length })
  const cards = net.domain.variables.map((v) => v.states.length)
  for (let i = 0; i < rows.length; i++) {
    const s = rows[i]!
    if (!Number.isInteger(s) || s < 0 || s >= cards[i % n]!)
      return E.left({ _tag: 'InvalidOption', option: 'rows', value: String(s), reason: `not a state of ${net.dag.nodes[i % n]} (row ${Math.floor(i / n)})` })
  }
  const out = new Float64Array(rows.length / n)
  for (let r = 0; r < out.length; r++) {
    let ll = 0
    for (const cpd of net.cpds) ll += cpd.kind === 'table' ? tableLogProb(cpd.factor, rows, r * n) : logisticLogProb(cpd, rows, r * n)
    out[r] = ll
  }
  return E.right(out)
}

/**
 * Seeded ancestral sampling: `count` rows (row-major state indices), variables drawn in topological order.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnTableChain, chainToMixedNetwork, sampleMixed } from '@chainrule/learn'
 * import { autoregressive, createRng } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each; a table chain over the last pixel
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * const fit = E.isRight(images) && E.isRight(s) ? learnTableChain(images.right, s.right, { validation: images.right }) : undefined
 * if (E.isRight(images) && fit !== undefined && E.isRight(fit)) {
 *   const chain = fit.right.chain
 *   const net = chainToMixedNetwork(chain)
 *   const rows = E.isRight(net) ? sampleMixed(net.right, 10, createRng(1)) : undefined
 *   // 10 rows of 4 state indices; same seed, same rows
 *   rows?.length // => 40
 *   E.isRight(net) && sampleMixed(net.right, 10, createRng(1)).join() === rows?.join() // => true
 * }
 * ```
 */
export const sampleMixed = (net: MixedNetwork, count: number, rng: Rng): Uint8Array => {
  const n = net.dag.nodes.length
  const out = new Uint8Array(Math.max(0, count) * n)
  for (let r = 0; r < count; r++) {
    const base = r * n
    for (const v of net.dag.topologicalIds) {
      const cpd = net.cpds[v]!
      if (cpd.kind === 'logistic') {
        out[base + v] = rng.float() < logisticProbability(cpd, out, base) ? 1 : 0
        continue
      }
      const f = cpd.factor
      let index = 0
      for (let i = 0; i < f.scope.length - 1; i++) index += out[base + f.scope[i]!]! * f.strides[i]!
      const card = f.cards[f.cards.length - 1]!
      let u = rng.float()
      let s = 0
      while (s < card - 1 && u >= f.values[index + s]!) u -= f.values[index + s++]!
      out[base + v] = s
    }
  }
  return out
}

/**
 * A plain `BayesianNetwork` (every CPD a table), for compiled exact inference.
 * Logistic CPDs are expanded (parents in the DAG's order); one with more than
 * `maxParents` parents (default 16) is a `TooManyParents` error.
 *
 * @example
 * ```ts
 * import { imageMatrix, learnTableChain, chainToMixedNetwork, toBayesianNetwork } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each; a table chain over the last pixel
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * const fit = E.isRight(images) && E.isRight(s) ? learnTableChain(images.right, s.right, { validation: images.right }) : undefined
 * if (E.isRight(images) && fit !== undefined && E.isRight(fit)) {
 *   const chain = fit.right.chain
 *   const net = chainToMixedNetwork(chain)
 *   const bn = E.isRight(net) ? toBayesianNetwork(net.right) : undefined
 *   // Every table row of a binary network sums to 1
 *   bn !== undefined && E.isRight(bn) && bn.right.cpts.every((t) => t.values.every((_, i, v) => i % 2 === 1 || Math.abs(v[i]! + v[i + 1]! - 1) < 1e-12)) // => true
 * }
 * ```
 */
export const toBayesianNetwork = (
  net: MixedNetwork,
  options: { readonly maxParents?: number } = {},
): E.Either<LearnError, BayesianNetwork> => {
  const variables: NetworkSpec['variables'][number][] = []
  for (let v = 0; v < net.cpds.length; v++) {
    const cpd = net.cpds[v]!
    const parents = net.dag.parentIds[v]!
    let factor: Factor
    if (cpd.kind === 'table') factor = cpd.factor
    else {
      const t = logisticToTable(cpd, { order: parents, ...(options.maxParents === undefined ? {} : { maxParents: options.maxParents }) })
      if (E.isLeft(t)) return E.left(t.left._tag === 'TooManyParents' ? { ...t.left, variable: net.dag.nodes[v]! } : t.left)
      factor = t.right
    }
    variables.push({
      name: net.dag.nodes[v]!,
      states: net.domain.variables[v]!.states,
      parents: parents.map((p) => net.dag.nodes[p]!),
      table: factor.values,
    })
  }
  const bn = defineNetwork({ variables })
  return E.isLeft(bn)
    ? E.left({ _tag: 'Network', errors: bn.left })
    : E.right(bn.right)
}

/**
 * The mixed network of a compiled image chain: the structure comes from
 * `autoregressive` of `@chainrule/models` (the chain's ordering, each pixel's
 * parents = its dense history and its context parents). Positions with only
 * one context table (and no bias or dense term) become table CPDs, others
 * logistic CPDs (dense weights over the full history, tables as context offsets).
 *
 * @example
 * ```ts
 * import { imageMatrix, learnTableChain, chainToMixedNetwork } from '@chainrule/learn'
 * import { autoregressive } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // 2 x 2 images: the two diagonals, twice each; a table chain over the last pixel
 * const images = imageMatrix(Uint8Array.from([1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0]), 2, 2)
 * const s = autoregressive({ grid: { width: 2, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * const fit = E.isRight(images) && E.isRight(s) ? learnTableChain(images.right, s.right, { validation: images.right }) : undefined
 * if (E.isRight(images) && fit !== undefined && E.isRight(fit)) {
 *   const chain = fit.right.chain
 *   const net = chainToMixedNetwork(chain)
 *   E.isRight(net) && net.right.dag.nodes // => ['x0_y0', 'x1_y0', 'x0_y1', 'x1_y1']
 * }
 * ```
 */
export const chainToMixedNetwork = (chain: BinaryChain): E.Either<LearnError, MixedNetwork> => {
  if (chain.hidden !== undefined)
    return E.left({ _tag: 'InvalidOption', option: 'chain', value: `${chain.hidden.units} hidden units`, reason: 'hidden units tie every pixel to all earlier ones, which no table or logistic CPD holds' })
  const { n, ordering } = chain
  const position = new Int32Array(n)
  ordering.forEach((v, p) => (position[v] = p))
  const parentsOf = (p: number): number[] => {
    if (chain.dense !== undefined) return Array.from(ordering.subarray(0, p))
    const seen = new Set<number>()
    const out: number[] = []
    for (const g of chain.contexts)
      for (let j = 0; j < g.counts[p]!; j++) {
        const v = ordering[g.parents[p * g.k + j]!]!
        if (!seen.has(v)) (seen.add(v), out.push(v))
      }
    return out
  }
  const structure = autoregressive({
    grid: { width: chain.width, height: chain.height },
    ordering: Array.from(ordering),
    parents: { kind: 'custom', parents: (_v, p) => parentsOf(p) },
  })
  if (E.isLeft(structure)) return E.left({ _tag: 'Network', errors: [structure.left] })
  const { dag, names } = structure.right
  const domain = makeDomain(names.map((name) => ({ name, states: ['0', '1'] })))
  if (E.isLeft(domain)) return E.left({ _tag: 'Factor', error: domain.left })
  const cpds: MixedCpd[] = []
  for (let v = 0; v < n; v++) {
    const p = position[v]!
    const parents = dag.parentIds[v]!
    const contexts = chain.contexts.map((g) => {
      const rows = 2 ** g.counts[p]!
      const stride = 1 << g.k
      return {
        parents: Int32Array.from({ length: g.counts[p]! }, (_, j) => ordering[g.parents[p * g.k + j]!]!),
        logits: g.logits.slice(p * stride, p * stride + rows),
      }
    })
    const single = chain.dense === undefined && chain.contexts.length === 1 && chain.bias[p] === 0
    if (single) {
      // A table: the DAG's parents are the group's, in the same order, so rows map one to one.
      const c = contexts[0]!
      const values = new Float64Array(2 * c.logits.length)
      for (let r = 0; r < c.logits.length; r++) {
        const p1 = sigmoid(c.logits[r]!)
        values[2 * r] = 1 - p1
        values[2 * r + 1] = p1
      }
      const scope = [...parents, v] as VarId[]
      cpds.push({ kind: 'table', factor: tableOf(scope, scope.map(() => 2), values) })
      continue
    }
    const linear = chain.dense === undefined ? new Int32Array(0) : Int32Array.from(parents)
    const weights = new Float64Array(linear.length)
    if (chain.dense !== undefined) for (let j = 0; j < linear.length; j++) weights[j] = chain.dense[position[linear[j]!]! * n + p]!
    cpds.push({ kind: 'logistic', variable: v, bias: chain.bias[p]!, parents: linear, weights, contexts })
  }
  return E.right({ dag, domain: domain.right, cpds })
}
