/**
 * chainrule: exact, typed discrete probabilistic graphical models, every
 * `@chainrule` package behind one import.
 *
 * Each package is a namespace named after it (`graph`, `factor`, `models`,
 * `infer`, `io`, `data`, `learn`, `structure`, `dynamic`, `decision`, `causal`), so names that several packages export
 * (each has its own `describeError`) never clash: `graph.describeError`,
 * `infer.describeError`. The handful of names of the first example in the
 * README are also exported at the top level. The main entry bundles for a
 * browser; Node-only parts (files, worker threads, progress on stderr) are in
 * `chainrule/node`.
 *
 * @example
 * ```ts
 * import { defineNetwork, compile, marginals, toRecord, graph } from 'chainrule'
 * import * as E from 'fp-ts/lib/Either.js'
 *
 * const coin = defineNetwork({ states: { coin: ['heads', 'tails'] }, parents: {}, tables: { coin: [0.5, 0.5] } })
 * const engine = E.isRight(coin) ? compile(coin.right) : undefined
 * const posterior = engine !== undefined && E.isRight(engine) ? marginals(engine.right, {}) : undefined
 * posterior !== undefined && E.isRight(posterior) ? toRecord(posterior.right) : undefined // => { coin: { heads: 0.5, tails: 0.5 } }
 * graph.describeError({ _tag: 'UnknownNode', node: 'rain' }) // => 'unknown node: "rain"'
 * ```
 *
 * @packageDocumentation
 */
export * as graph from '@chainrule/graph'
export * as factor from '@chainrule/factor'
export * as models from '@chainrule/models'
export * as infer from '@chainrule/infer'
export * as io from '@chainrule/io'
export * as data from '@chainrule/data'
export * as learn from '@chainrule/learn'
export * as structure from '@chainrule/structure'
export * as dynamic from '@chainrule/dynamic'
export * as decision from '@chainrule/decision'
export * as causal from '@chainrule/causal'
export { dSeparated } from '@chainrule/graph'
export type { Dag } from '@chainrule/graph'
export { defineNetwork } from '@chainrule/models'
export type { BayesianNetwork, NetworkSpec } from '@chainrule/models'
export { compile, marginals, mpe, toRecord } from '@chainrule/infer'
