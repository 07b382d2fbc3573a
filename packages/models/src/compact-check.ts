/**
 * Validation of a compact table against its variable and parents, every
 * problem listed (as for full tables), then its exact expansion. A checked
 * table is normalised: `order` filled in, numbers copied into frozen arrays
 * (rescaled under `renormalize`), so that the network holds a value nobody
 * else can change.
 */
import { expandTable, identityOrder } from './compact-expand.js'
import type { CompactTable, DeterministicTable, NoisyMaxTable } from './compact-table.js'
import type { Renormalization, SpecOptions } from './check-spec.js'
import { checkRows, type TableContext } from './check-rows.js'
import type { NetworkError } from './errors.js'

/** Default limit on the entries of a compact table's expansion: 2^26 (512 MiB of doubles). */
export const DEFAULT_MAX_EXPANDED_ENTRIES = 2 ** 26

/** A checked compact table and the full table it expands to. */
export interface CheckedCompact {
  readonly compact: CompactTable
  readonly values: Float64Array
  readonly renormalized?: Renormalization
}

const isIndex = (x: unknown, card: number): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < card

const frozen = (values: ArrayLike<number>): readonly number[] => Object.freeze(Array.from(values))

/** Check a noisy table's shape; undefined when anything is wrong (errors pushed). */
const checkNoisy = (
  ctx: TableContext,
  table: NoisyMaxTable,
  tolerance: number | undefined,
  errors: NetworkError[],
): { compact: NoisyMaxTable; rescaled: number; largestDeviation: number } | undefined => {
  const before = errors.length
  const m = ctx.states.length
  const parents = Array.isArray(table.parents) ? table.parents : []
  if (parents.length !== ctx.parentNames.length)
    errors.push({ _tag: 'CompactParentCount', variable: ctx.variable, expected: ctx.parentNames.length, got: parents.length })
  const order = table.order ?? identityOrder(m)
  const seen = new Set<number>()
  for (const s of order) if (isIndex(s, m)) seen.add(s)
  if (order.length !== m || seen.size !== m) errors.push({ _tag: 'InvalidStateOrder', variable: ctx.variable, order: [...order] })
  const leak = table.leak ?? []
  if (leak.length !== m) errors.push({ _tag: 'WrongTableLength', variable: ctx.variable, part: 'leak', expected: m, got: leak.length })
  parents.forEach((parent, j) => {
    const name = ctx.parentNames[j]
    const states = ctx.parentStates[j]
    if (name === undefined || states === undefined) return
    if (!isIndex(parent.distinguished, states.length))
      errors.push({ _tag: 'InvalidStateIndex', variable: ctx.variable, parent: name, index: parent.distinguished, card: states.length, role: 'distinguished' })
    const expected = (states.length - 1) * m
    const got = parent.probabilities?.length ?? 0
    if (got !== expected) errors.push({ _tag: 'WrongTableLength', variable: ctx.variable, part: `causes of '${name}'`, expected, got })
  })
  if (errors.length > before) return undefined

  let rescaled = 0
  let largestDeviation = 0
  const check = (values: Float64Array, rows: number, place: Parameters<typeof checkRows>[3]): void => {
    const r = checkRows(ctx, values, rows, place, tolerance, errors)
    rescaled += r.rescaled
    largestDeviation = Math.max(largestDeviation, r.largestDeviation)
  }
  const leakValues = Float64Array.from(leak)
  check(leakValues, 1, () => ({ parents: {}, part: 'leak' }))
  const checkedParents = parents.map((parent, j) => {
    const name = ctx.parentNames[j]!
    const states = ctx.parentStates[j]!
    const values = Float64Array.from(parent.probabilities)
    // Row k is the k-th parent state other than the distinguished one.
    const stateOfRow = states.map((_, x) => x).filter((x) => x !== parent.distinguished)
    check(values, stateOfRow.length, (row) => ({ parents: { [name]: states[stateOfRow[row]!]! }, part: 'cause' }))
    return Object.freeze({ distinguished: parent.distinguished, probabilities: frozen(values) })
  })
  if (errors.length > before) return undefined
  const compact: NoisyMaxTable = Object.freeze({
    kind: 'noisyMax',
    order: Object.freeze([...order]),
    parents: Object.freeze(checkedParents),
    leak: frozen(leakValues),
  })
  return { compact, rescaled, largestDeviation }
}

const checkDeterministic = (ctx: TableContext, table: DeterministicTable, rows: number, errors: NetworkError[]): DeterministicTable | undefined => {
  const before = errors.length
  const states = table.states ?? []
  if (states.length !== rows) {
    errors.push({ _tag: 'WrongTableLength', variable: ctx.variable, part: 'states', expected: rows, got: states.length })
    return undefined
  }
  const m = ctx.states.length
  for (let r = 0; r < rows; r++) {
    const s = states[r]
    if (!isIndex(s, m)) errors.push({ _tag: 'InvalidStateIndex', variable: ctx.variable, index: typeof s === 'number' ? s : Number.NaN, card: m, role: 'row' })
  }
  return errors.length > before ? undefined : Object.freeze({ kind: 'deterministic', states: frozen(states) })
}

/**
 * Check a compact table (shape, probabilities, rows summing to 1 or rescaled
 * under `renormalize`, the size of its expansion) and expand it. Problems are
 * pushed to `errors`; the result is undefined when there were any.
 */
export const checkCompact = (
  ctx: TableContext,
  table: CompactTable,
  options: SpecOptions,
  errors: NetworkError[],
): CheckedCompact | undefined => {
  const m = ctx.states.length
  if (m === 0) return undefined
  const parentCards = ctx.parentStates.map((s) => s.length)
  let entries = BigInt(m)
  for (const c of parentCards) entries *= BigInt(c)
  const limit = options.maxExpandedEntries ?? DEFAULT_MAX_EXPANDED_ENTRIES
  if (entries > BigInt(limit)) return void errors.push({ _tag: 'TableTooLarge', variable: ctx.variable, entries, limit })
  const kind: unknown = table.kind
  if (kind === 'deterministic') {
    const compact = checkDeterministic(ctx, table as DeterministicTable, Number(entries) / m, errors)
    return compact === undefined ? undefined : { compact, values: expandTable(compact, m, parentCards) }
  }
  if (kind !== 'noisyMax') return void errors.push({ _tag: 'UnknownTableKind', variable: ctx.variable, kind: String(kind) })
  const checked = checkNoisy(ctx, table as NoisyMaxTable, options.renormalize?.tolerance, errors)
  if (checked === undefined) return undefined
  const values = expandTable(checked.compact, m, parentCards)
  return checked.rescaled > 0
    ? { compact: checked.compact, values, renormalized: { variable: ctx.variable, rows: checked.rescaled, largestDeviation: checked.largestDeviation } }
    : { compact: checked.compact, values }
}
