/**
 * The two compiled trees of the interface algorithm (Murphy 2002, section
 * 3.3; Darwiche 2001 for the 1.5-slice view), and the only module of this
 * package that reaches into `@chainrule/infer/internal`.
 *
 * - The **initial** tree holds slice 0: its n conditional tables, and a
 *   table of ones over the slice's forward interface I.
 * - The **transition** tree holds the "1.5 slices": the n transition tables
 *   of slice t, over slice t and the interface copies of slice t-1; a table
 *   over those copies (the incoming message, the belief about I at t-1); and
 *   a table of ones over slice t's interface. Interface tables force each
 *   interface into one cluster, so the belief over it can be read jointly.
 *
 * Each tree is compiled once. A step propagates the slice's evidence with the
 * incoming table replaced by the belief of the slice before
 * (`DenseEvidence.tables`), and, when smoothing, the ones over the outgoing
 * interface replaced by the backward message. Nothing grows with the number
 * of slices: filtering holds one belief over I at a time.
 *
 * Dense ids: slice t's variable b is id b; the previous slice's interface
 * variable I[k] is id n + k. Tables 0..n-1 are the conditional tables of the
 * slice's variables (same scopes and layout as in the 2TBN), table n is the
 * incoming interface table (transition tree only), and the last table is the
 * outgoing interface table. Interface tables list their variables in
 * interface order, so the belief read from one slice is the message into the
 * next as it stands.
 *
 * When a slice's products may have left the range of doubles (the tree's
 * range check, `answeredInRange`: EM drives some parameters towards 0, and a
 * cluster multiplying several tiny entries can fall below 1e-308), that
 * slice is answered again by variable elimination on natural logs over the
 * same tables (`logVariableElimination` of `@chainrule/factor`), and every
 * read of that slice comes from there: exact, only slower. Max-propagation
 * (Viterbi) has no log-space fallback and reports the slice instead.
 */
import type { CompileOptions, InferError } from '@chainrule/infer'
import {
  answeredInRange,
  compileTables,
  maxCalibrate,
  maxPropagate,
  propagate,
  readMarginal,
  readTableMax,
  readTablePosterior,
  refillTree,
  type CompiledTree,
  type DenseTable,
} from '@chainrule/infer/internal'
import { logVariableElimination, tableOf, type Factor, type VarId } from '@chainrule/factor'
import * as E from 'fp-ts/lib/Either.js'
import type { SliceStructure } from './dynamic-network.js'

/** Which tree a step runs on: slice 0, or any later slice. */
export type SliceKind = 'initial' | 'transition'

/** The compiled trees and the scratch each step reuses. */
export interface SliceTrees {
  readonly structure: SliceStructure
  readonly initial: CompiledTree
  readonly transition: CompiledTree
  /** Entries of a belief over the interface (1 for an empty interface). */
  readonly interfaceSize: number
  /** Evidence arrays of each tree: the slice's states, -1 for the previous slice's copies. */
  readonly initialStates: Int32Array
  readonly transitionStates: Int32Array
  /** Replaced tables per tree (reused; entries set per step). */
  readonly initialTables: (Float64Array | undefined)[]
  readonly transitionTables: (Float64Array | undefined)[]
  /** Assignment scratch of max-propagation (ids of the transition tree). */
  readonly assignment: Int32Array
  /** The last propagated slice, when it had to be answered in log space (reads then come from there). */
  logSpace: LogSpaceSlice | undefined
}

/** A slice answered by elimination in log space: its tables as the question set them, and its evidence. */
interface LogSpaceSlice {
  readonly factors: readonly Factor[]
  readonly evidence: ReadonlyMap<VarId, number>
}

/** Dense tables of both trees from the 2TBN's conditional tables (by base id, initial and transition). */
export const sliceTables = (
  structure: SliceStructure,
  initialValues: readonly ArrayLike<number>[],
  transitionValues: readonly ArrayLike<number>[],
): { readonly initial: DenseTable[]; readonly transition: DenseTable[] } => {
  const { n, interface: io, cards } = structure
  const copyOf = new Map(io.map((b, k) => [b, n + k]))
  const size = io.reduce((s, b) => s * cards[b]!, 1)
  const ones = new Float64Array(size).fill(1)
  const initial: DenseTable[] = structure.initialParents.map((parents, b) => ({ scope: [...parents, b], values: initialValues[b]! }))
  const transition: DenseTable[] = structure.transitionParents.map((parents, b) => ({
    scope: [...parents.map((p) => (p.previous ? copyOf.get(p.base)! : p.base)), b],
    values: transitionValues[b]!,
  }))
  initial.push({ scope: io, values: ones })
  transition.push({ scope: io.map((b) => copyOf.get(b)!), values: new Float64Array(size).fill(1 / size) }, { scope: io, values: ones })
  return { initial, transition }
}

const cardsOf = (structure: SliceStructure): number[] => [...structure.cards, ...structure.interface.map((b) => structure.cards[b]!)]

/** Compile both trees once (errors: the compiler's, e.g. `OverBudget`). */
export const compileSliceTrees = (
  structure: SliceStructure,
  initialValues: readonly ArrayLike<number>[],
  transitionValues: readonly ArrayLike<number>[],
  options: CompileOptions,
): E.Either<InferError, SliceTrees> => {
  const tables = sliceTables(structure, initialValues, transitionValues)
  const initial = compileTables(structure.cards, tables.initial, options)
  if (E.isLeft(initial)) return initial
  const transition = compileTables(cardsOf(structure), tables.transition, options)
  if (E.isLeft(transition)) return transition
  return E.right(scratchFor(structure, initial.right, transition.right))
}

/** The same trees with new numbers in the same tables (EM): no triangulation, no layout. */
export const refillSliceTrees = (
  trees: SliceTrees,
  initialValues: readonly ArrayLike<number>[],
  transitionValues: readonly ArrayLike<number>[],
  options: CompileOptions,
): SliceTrees => {
  const tables = sliceTables(trees.structure, initialValues, transitionValues)
  return scratchFor(trees.structure, refillTree(trees.initial, tables.initial, options), refillTree(trees.transition, tables.transition, options))
}

const scratchFor = (structure: SliceStructure, initial: CompiledTree, transition: CompiledTree): SliceTrees => {
  const { n, interface: io, cards } = structure
  return {
    structure,
    initial,
    transition,
    interfaceSize: io.reduce((s, b) => s * cards[b]!, 1),
    initialStates: new Int32Array(n).fill(-1),
    transitionStates: new Int32Array(n + io.length).fill(-1),
    initialTables: new Array<Float64Array | undefined>(n + 1).fill(undefined),
    transitionTables: new Array<Float64Array | undefined>(n + 2).fill(undefined),
    assignment: new Int32Array(n + io.length),
    logSpace: undefined,
  }
}

const treeOf = (trees: SliceTrees, kind: SliceKind): CompiledTree => (kind === 'initial' ? trees.initial : trees.transition)

/**
 * Set one slice's question: its observed states (first n entries; -1 for
 * unobserved), the incoming belief over the previous interface (transition
 * tree only) and an optional backward message over the outgoing interface.
 */
const pose = (
  trees: SliceTrees,
  kind: SliceKind,
  states: ArrayLike<number>,
  incoming: Float64Array | undefined,
  outgoing: Float64Array | undefined,
): { readonly states: Int32Array; readonly tables: (Float64Array | undefined)[] } => {
  const n = trees.structure.n
  const into = kind === 'initial' ? trees.initialStates : trees.transitionStates
  for (let b = 0; b < n; b++) into[b] = states[b]!
  const tables = kind === 'initial' ? trees.initialTables : trees.transitionTables
  if (kind === 'transition') tables[n] = incoming
  tables[tables.length - 1] = outgoing
  return { states: into, tables }
}

/**
 * Sum-propagate one slice. Returns the log of the slice's total mass (with a
 * normalised incoming belief and no outgoing message: log P(e_t | e_0..t-1)),
 * or -Infinity when it is zero. A slice whose products may have left the
 * range of doubles is answered in log space (see the file header); NaN only
 * when that elimination is refused too (over the memory budget).
 */
export const propagateSlice = (
  trees: SliceTrees,
  kind: SliceKind,
  states: ArrayLike<number>,
  incoming: Float64Array | undefined,
  outgoing: Float64Array | undefined,
): number => {
  const tree = treeOf(trees, kind)
  const posed = pose(trees, kind, states, incoming, outgoing)
  const logMass = propagate(tree, posed)
  trees.logSpace = undefined
  if (answeredInRange(tree)) return logMass
  const slice = logSpaceSlice(tree, posed)
  const whole = logVariableElimination(slice.factors, { targets: [], evidence: slice.evidence })
  if (E.isLeft(whole)) return whole.left._tag === 'ImpossibleEvidence' ? -Infinity : NaN
  trees.logSpace = slice
  return whole.right.logEvidence
}

/** The tables of a tree as one question sets them (replacements copied: the caller's buffers move on), and its hard evidence. */
const logSpaceSlice = (tree: CompiledTree, posed: { readonly states: Int32Array; readonly tables: readonly (Float64Array | undefined)[] }): LogSpaceSlice => {
  const factors = tree.tableValues.map((values, t) => {
    const scope = tree.layout.tableScopes[t]! as readonly VarId[]
    const replaced = posed.tables[t]
    return tableOf(scope, scope.map((v) => tree.cards[v]!), replaced === undefined ? values : Float64Array.from(replaced))
  })
  const evidence = new Map<VarId, number>()
  posed.states.forEach((s, v) => s >= 0 && evidence.set(v as VarId, s))
  return { factors, evidence }
}

/** P(targets | the slice's question), laid out over `targets` (last fastest), by elimination in log space. */
const readLogSpace = (slice: LogSpaceSlice, targets: readonly number[], out: Float64Array): void => {
  const answer = logVariableElimination(slice.factors, { targets: targets as readonly VarId[], evidence: slice.evidence })
  // The same tables answered log P(e) a moment ago, with a smaller elimination.
  if (E.isLeft(answer)) throw new Error(`log-space read refused: ${answer.left._tag}`)
  out.set(answer.right.posterior.values)
}

/**
 * Max-propagate one slice (collect and distribute with maxima): the log of
 * the largest entry of the slice's product, -Infinity or NaN as
 * {@link propagateSlice}.
 */
export const maxCalibrateSlice = (trees: SliceTrees, kind: SliceKind, states: ArrayLike<number>, incoming: Float64Array | undefined): number => {
  const tree = treeOf(trees, kind)
  const logMax = maxCalibrate(tree, pose(trees, kind, states, incoming, undefined))
  trees.logSpace = undefined
  return answeredInRange(tree) ? logMax : NaN
}

/**
 * The most probable state of every variable of the slice, and of the
 * previous interface (transition tree), given the slice's evidence (which may
 * fix interface variables) and the incoming max-message. Written into
 * `trees.assignment` (ids of the tree). Returns the log of the maximum.
 */
export const maxPropagateSlice = (trees: SliceTrees, kind: SliceKind, states: ArrayLike<number>, incoming: Float64Array | undefined): number => {
  const tree = treeOf(trees, kind)
  const logMax = maxPropagate(tree, pose(trees, kind, states, incoming, undefined), trees.assignment)
  trees.logSpace = undefined
  return answeredInRange(tree) ? logMax : NaN
}

/** After a sum propagation: P(variable b of the slice | evidence). */
export const readSliceMarginal = (trees: SliceTrees, kind: SliceKind, b: number, out: Float64Array): void =>
  trees.logSpace === undefined ? readMarginal(treeOf(trees, kind), b, out) : readLogSpace(trees.logSpace, [b], out)

/** After a sum propagation: the joint posterior of the slice's forward interface (interface order). */
export const readOutgoing = (trees: SliceTrees, kind: SliceKind, out: Float64Array): void => {
  const tree = treeOf(trees, kind)
  if (trees.logSpace === undefined) readTablePosterior(tree, tree.tableHome.length - 1, out)
  else readLogSpace(trees.logSpace, trees.structure.interface, out)
}

/** After a sum propagation of the transition tree: the joint posterior of the previous slice's interface. */
export const readIncoming = (trees: SliceTrees, out: Float64Array): void =>
  trees.logSpace === undefined
    ? readTablePosterior(trees.transition, trees.structure.n, out)
    : readLogSpace(trees.logSpace, trees.structure.interface.map((_, k) => trees.structure.n + k), out)

/** After a sum propagation: P(family of variable b | evidence), laid out like b's conditional table. */
export const readFamily = (trees: SliceTrees, kind: SliceKind, b: number, out: Float64Array): void =>
  trees.logSpace === undefined ? readTablePosterior(treeOf(trees, kind), b, out) : readLogSpace(trees.logSpace, treeOf(trees, kind).layout.tableScopes[b]!, out)

/** After a max calibration: the max-marginal of the slice's forward interface (peak 1). */
export const readOutgoingMax = (trees: SliceTrees, kind: SliceKind, out: Float64Array): void => {
  const tree = treeOf(trees, kind)
  readTableMax(tree, tree.tableHome.length - 1, out)
}
