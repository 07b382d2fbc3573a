/**
 * Parameters of a 2TBN from complete sequences: counts of each family at
 * slice 0 give the initial tables, counts pooled over every later slice of
 * every sequence give the transition tables (the transition is the same at
 * every step), and an estimator of `@chainrule/learn` turns counts into
 * tables (maximum likelihood, Dirichlet, BDeu).
 *
 * A variable listed in `share` has one table for all slices (its slice-0
 * table is its transition table): allowed when its parents are the same
 * within-slice variables in both, as an HMM's observation is. Its counts are
 * pooled over every slice.
 */
import { checkEstimator, describeError as describeLearnError, estimateTable, pseudoCount, type Estimator, type LearnError } from '@chainrule/learn'
import { networkFromSpec, toSpec, type Assignment } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { fromTwoSlice, sliceStructure, type DynamicNetwork, type SliceStructure } from './dynamic-network.js'
import type { DynamicError, ParentAssignment } from './errors.js'
import { checkObservations, type Observations } from './observations.js'

/** Options of {@link learnParameters}. */
export interface ParameterOptions<A extends Assignment = Assignment> {
  /** How counts become tables (default maximum likelihood, empty rows uniform). */
  readonly estimator?: Estimator
  /** Variables with one table for every slice, slice 0 included (e.g. an HMM's observation). */
  readonly share?: readonly (keyof A & string)[]
}

/** Tables (or counts) of a 2TBN by base id: slice 0's and slice t's. */
export interface SliceTables {
  readonly initial: Float64Array[]
  readonly transition: Float64Array[]
}

/** Zero counts shaped like the network's tables. */
export const emptyCounts = (dbn: DynamicNetwork): SliceTables => ({
  initial: dbn.initialIds.map((id) => new Float64Array(dbn.twoSlice.cpts[id]!.values.length)),
  transition: dbn.transitionIds.map((id) => new Float64Array(dbn.twoSlice.cpts[id]!.values.length)),
})

/** Base ids of the `share` option, checked: known names whose slice-0 and slice-t parents agree. */
export const sharedIds = (dbn: DynamicNetwork, structure: SliceStructure, share: readonly string[]): E.Either<DynamicError, Uint8Array> => {
  const shared = new Uint8Array(structure.n)
  for (const name of share) {
    const b = dbn.slice.byName.get(name)
    if (b === undefined) return E.left({ _tag: 'InvalidOption', option: 'share', value: name, reason: 'not a variable of the network' })
    const a = structure.initialParents[b]!
    const t = structure.transitionParents[b]!
    if (a.length !== t.length || t.some((p, k) => p.previous || p.base !== a[k]))
      return E.left({ _tag: 'InvalidOption', option: 'share', value: name, reason: 'its slice-0 and slice-t parents differ, so its tables cannot be one' })
    shared[b] = 1
  }
  return E.right(shared)
}

/** Pool the counts of shared variables into both of their tables. */
const pool = (counts: SliceTables, shared: Uint8Array): void =>
  shared.forEach((on, b) => {
    if (on === 0) return
    const a = counts.initial[b]!
    const t = counts.transition[b]!
    for (let k = 0; k < a.length; k++) a[k] = t[k] = a[k]! + t[k]!
  })

/**
 * Estimate every table from counts, pooling shared variables first. Returns
 * the tables and sum over entries of pseudo-count x log(theta) (EM's prior term).
 */
export const estimateSlices = (
  dbn: DynamicNetwork,
  structure: SliceStructure,
  counts: SliceTables,
  shared: Uint8Array,
  estimator: Estimator,
): E.Either<DynamicError, { readonly tables: SliceTables; readonly logPrior: number }> => {
  pool(counts, shared)
  const tables: SliceTables = emptyCounts(dbn)
  for (const [part, parentsOf] of [
    ['initial', (b: number) => structure.initialParents[b]!.map((p) => ({ base: p, previous: false }))],
    ['transition', (b: number) => structure.transitionParents[b]!],
  ] as const) {
    for (let b = 0; b < structure.n; b++) {
      // A shared table is estimated once (from the pooled counts) and used for both slices.
      if (part === 'transition' && shared[b] === 1) {
        tables.transition[b]!.set(tables.initial[b]!)
        continue
      }
      const card = structure.cards[b]!
      const count = counts[part][b]!
      const out = tables[part][b]!
      const empty = estimateTable(count, card, estimator, out)
      if (empty >= 0) return E.left({ _tag: 'EmptyParentRow', variable: dbn.slice.variables[b]!.name, parents: parentRow(dbn, structure, parentsOf(b), empty) })
    }
  }
  return E.right({ tables, logPrior: logPriorOf(structure, tables, shared, estimator) })
}

/**
 * sum over entries of pseudo-count x log(theta): the log-density (up to a
 * constant) of the tables under the Dirichlet whose MAP estimate the
 * estimator is, EM's prior term. A shared table counts once.
 */
export const logPriorOf = (structure: SliceStructure, tables: SliceTables, shared: Uint8Array, estimator: Estimator): number => {
  let logPrior = 0
  for (const part of ['initial', 'transition'] as const)
    for (let b = 0; b < structure.n; b++) {
      if (part === 'transition' && shared[b] === 1) continue
      const card = structure.cards[b]!
      const values = tables[part][b]!
      const alpha = pseudoCount(estimator, card, values.length / card)
      if (alpha > 0) for (let k = 0; k < values.length; k++) logPrior += alpha * Math.log(values[k]!)
    }
  return logPrior
}

/** Row r of a table as named parent states (`rain[t-1]` for the previous slice). */
const parentRow = (dbn: DynamicNetwork, structure: SliceStructure, parents: readonly { base: number; previous: boolean }[], row: number): ParentAssignment => {
  const out: Record<string, string> = {}
  let rest = row
  for (let k = parents.length - 1; k >= 0; k--) {
    const { base, previous } = parents[k]!
    const card = structure.cards[base]!
    const v = dbn.slice.variables[base]!
    out[previous ? `${v.name}[t-1]` : v.name] = v.states[rest % card]!
    rest = Math.floor(rest / card)
  }
  return out
}

/** The same 2TBN with new tables (same shapes). */
export const withSliceTables = <A extends Assignment>(dbn: DynamicNetwork<A>, tables: SliceTables): E.Either<DynamicError, DynamicNetwork<A>> => {
  const spec = toSpec(dbn.twoSlice)
  const byId = new Map<number, Float64Array>()
  dbn.initialIds.forEach((id, b) => byId.set(id, tables.initial[b]!))
  dbn.transitionIds.forEach((id, b) => byId.set(id, tables.transition[b]!))
  const variables = spec.variables.map((v, id) => ({ ...v, table: byId.get(id)! }))
  const built = networkFromSpec(spec.name === undefined ? { variables } : { name: spec.name, variables })
  if (E.isLeft(built)) return E.left({ _tag: 'Network', part: 'two-slice', errors: built.left })
  return fromTwoSlice(built.right.network) as E.Either<DynamicError, DynamicNetwork<A>>
}

/** Add the complete family counts of one sequence. */
const countSequence = (structure: SliceStructure, obs: Observations, sequence: number, counts: SliceTables, names: readonly string[]): E.Either<DynamicError, void> => {
  const { n, cards, initialParents, transitionParents } = structure
  for (let t = 0; t < obs.slices; t++) {
    const here = t * n
    for (let b = 0; b < n; b++) {
      const s = obs.states[here + b]!
      if (s < 0) return E.left({ _tag: 'MissingValue', sequence, slice: t, variable: names[b]! })
      let row = 0
      if (t === 0) for (const p of initialParents[b]!) row = row * cards[p]! + obs.states[here + p]!
      else for (const p of transitionParents[b]!) row = row * cards[p.base]! + obs.states[(p.previous ? here - n : here) + p.base]!
      const table = (t === 0 ? counts.initial : counts.transition)[b]!
      table[row * cards[b]! + s]! += 1
    }
  }
  return E.right(undefined)
}

/**
 * Learn the tables of a 2TBN (its structure kept) from complete sequences.
 * Errors: `MissingValue` (use `learnEm` for hidden variables),
 * `EmptyParentRow` (maximum likelihood with `emptyRows: 'error'`),
 * `InvalidOption`, `InvalidObservations`.
 *
 * @example
 * ```ts
 * import { defineDynamicNetwork, learnParameters } from '@chainrule/dynamic'
 * import { either as E } from 'fp-ts'
 * const shape = defineDynamicNetwork({
 *   states: { light: ['off', 'on'] },
 *   initial: { tables: { light: [0.5, 0.5] } },
 *   transition: { parents: { light: ['light[t-1]'] }, tables: { light: [[0.5, 0.5], [0.5, 0.5]] } },
 * })
 * if (E.isRight(shape)) {
 *   // off, on, on, off: from off once to on; from on once to on, once to off
 *   const learnt = learnParameters(shape.right, [{ slices: 4, states: Int32Array.of(0, 1, 1, 0) }])
 *   E.isRight(learnt) && Array.from(learnt.right.twoSlice.cpts[1]!.values) // => [0, 1, 0.5, 0.5]
 * }
 * ```
 */
export const learnParameters = <A extends Assignment>(
  dbn: DynamicNetwork<A>,
  sequences: readonly Observations[],
  options: ParameterOptions<A> = {},
): E.Either<DynamicError, DynamicNetwork<A>> => {
  const estimator = checkEstimator(options.estimator ?? { kind: 'maximumLikelihood' })
  if (E.isLeft(estimator)) return E.left(learnOption(estimator.left))
  const structure = sliceStructure(dbn)
  const shared = sharedIds(dbn, structure, options.share ?? [])
  if (E.isLeft(shared)) return shared
  const counts = emptyCounts(dbn)
  const names = dbn.slice.variables.map((v) => v.name)
  for (let i = 0; i < sequences.length; i++) {
    const checked = checkObservations(dbn, sequences[i]!)
    if (E.isLeft(checked)) return checked
    const counted = countSequence(structure, sequences[i]!, i, counts, names)
    if (E.isLeft(counted)) return counted
  }
  const estimated = estimateSlices(dbn, structure, counts, shared.right, estimator.right)
  return E.isLeft(estimated) ? estimated : withSliceTables(dbn, estimated.right.tables)
}

/** An estimator `@chainrule/learn` refused (always its `InvalidOption`), as this package's `InvalidOption`. */
export const learnOption = (error: LearnError): DynamicError =>
  error._tag === 'InvalidOption'
    ? { _tag: 'InvalidOption', option: `estimator.${error.option}`, value: error.value, reason: error.reason }
    : { _tag: 'InvalidOption', option: 'estimator', value: '', reason: describeLearnError(error) }
