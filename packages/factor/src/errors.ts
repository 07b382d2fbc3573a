/**
 * The closed union of errors that `@chainrule/factor` returns, and their one-line rendering.
 * Constructors, `condition`, `bayes`, `normalize`, `eliminationPlan` and `variableElimination`
 * return `Either<FactorError, _>`. Variables are named in errors by their `Domain` name when a
 * domain was given, otherwise as `#id`.
 */

/**
 * Evidence of probability zero, one item per piece of evidence (`Rain=yes`); empty when the model
 * itself has zero mass. The same shape in every package that answers questions.
 */
export interface ImpossibleEvidence {
  readonly _tag: 'ImpossibleEvidence'
  readonly evidence: readonly string[]
}

/** Everything that can go wrong in `@chainrule/factor`. Switch on `_tag`. */
export type FactorError =
  /** A number used as a `VarId` that is not a non-negative safe integer. */
  | { readonly _tag: 'InvalidVarId'; readonly value: number }
  /** A variable (or a state, `state` set) with an empty name; `index` is its position. */
  | { readonly _tag: 'EmptyName'; readonly index: number; readonly state?: number }
  /** Two domain variables with the same name. */
  | { readonly _tag: 'DuplicateName'; readonly name: string }
  /** A domain variable declared with no states. */
  | { readonly _tag: 'NoStates'; readonly variable: string }
  /** A state name listed twice for one variable. */
  | { readonly _tag: 'DuplicateState'; readonly variable: string; readonly state: string }
  /** A cardinality that is not a positive integer. */
  | { readonly _tag: 'InvalidCardinality'; readonly variable: string; readonly card: number }
  /** A variable listed twice where each may appear once (a scope, parents, targets, an order). */
  | { readonly _tag: 'DuplicateVariable'; readonly variable: string; readonly where: string }
  /** A flat value array of the wrong length. */
  | { readonly _tag: 'ShapeMismatch'; readonly expected: number; readonly got: number; readonly where: string }
  /** A factor entry that is negative, NaN or infinite. */
  | { readonly _tag: 'InvalidEntry'; readonly index: number; readonly value: number; readonly where: string }
  /** One row of a conditional table has an entry that is negative, NaN or infinite. */
  | {
      readonly _tag: 'InvalidRowEntry'
      readonly child: string
      readonly given: string
      readonly state: string
      readonly value: number
    }
  /** One row of a conditional table does not sum to 1 within the tolerance. */
  | {
      readonly _tag: 'RowNotNormalized'
      readonly child: string
      readonly given: string
      readonly sum: number
      readonly tolerance: number
    }
  /** One row of a conditional table has the wrong number of entries. */
  | {
      readonly _tag: 'RowLength'
      readonly child: string
      readonly given: string
      readonly expected: number
      readonly got: number
    }
  /** Rows keyed by parent states: the same parent assignment given twice. */
  | { readonly _tag: 'DuplicateRow'; readonly child: string; readonly given: string }
  /** Rows keyed by parent states: a parent assignment with no row. */
  | { readonly _tag: 'MissingRow'; readonly child: string; readonly given: string }
  /** A variable that is not in the domain, or not in the factors it is used with. */
  | { readonly _tag: 'UnknownVariable'; readonly variable: string; readonly where: string }
  /** A state name or index that the variable does not have. */
  | { readonly _tag: 'UnknownState'; readonly variable: string; readonly state: string }
  /** One variable with different cardinalities in different factors (or factor vs domain). */
  | { readonly _tag: 'CardinalityMismatch'; readonly variable: string; readonly cards: readonly number[] }
  /** Evidence of probability zero: conditioning on it is undefined. */
  | ImpossibleEvidence
  /** A factor whose total mass is zero, NaN or infinite cannot be normalised. */
  | { readonly _tag: 'NotNormalizable'; readonly total: number }
  /** A given elimination order that is not usable; `reason` says why. */
  | { readonly _tag: 'InvalidOrder'; readonly variable: string; readonly reason: string }
  /** The elimination plan's largest table would not fit in the memory budget. */
  | {
      readonly _tag: 'MemoryBudgetExceeded'
      readonly entries: number
      readonly bytes: number
      readonly budgetBytes: number
      readonly variable: string
    }
  /** `childOf` names a child that is not the factor's last scope variable (or its length is wrong). */
  | { readonly _tag: 'NotACpt'; readonly factor: number; readonly reason: string }
  /** Two factors claim to be the conditional table of the same child. */
  | { readonly _tag: 'DuplicateCpt'; readonly variable: string }
  /** An option value that is out of range or conflicts with another option. */
  | { readonly _tag: 'InvalidOption'; readonly option: string; readonly reason: string }

const cond = (child: string, given: string): string => (given === '' ? `P(${child})` : `P(${child} | ${given})`)

/**
 * Render any {@link FactorError} as one human-readable line.
 *
 * @example
 * ```ts
 * import { describeError } from '@chainrule/factor'
 * describeError({ _tag: 'ImpossibleEvidence', evidence: ['Test=positive'] }) // => 'the evidence has probability zero: Test=positive'
 * ```
 */
export const describeError = (e: FactorError): string => {
  switch (e._tag) {
    case 'InvalidVarId':
      return `invalid variable id ${String(e.value)} (must be a non-negative integer)`
    case 'EmptyName':
      return e.state === undefined
        ? `empty variable name at position ${e.index}`
        : `empty state name at position ${e.state} of variable ${e.index}`
    case 'DuplicateName':
      return `duplicate variable name ${JSON.stringify(e.name)}`
    case 'NoStates':
      return `variable ${e.variable} has no states`
    case 'DuplicateState':
      return `variable ${e.variable} lists state ${JSON.stringify(e.state)} twice`
    case 'InvalidCardinality':
      return `variable ${e.variable} has cardinality ${String(e.card)} (must be a positive integer)`
    case 'DuplicateVariable':
      return `variable ${e.variable} appears twice in ${e.where}`
    case 'ShapeMismatch':
      return `${e.where}: expected ${e.expected} values, got ${e.got}`
    case 'InvalidEntry':
      return `${e.where}: entry ${e.index} is ${String(e.value)} (must be finite and non-negative)`
    case 'InvalidRowEntry':
      return `${cond(`${e.child} = ${e.state}`, e.given)} is ${String(e.value)} (must be finite and non-negative)`
    case 'RowNotNormalized':
      return `row ${cond(e.child, e.given)} sums to ${String(e.sum)}, not 1 (tolerance ${e.tolerance})`
    case 'RowLength':
      return `row ${cond(e.child, e.given)} has ${e.got} entries, expected ${e.expected}`
    case 'DuplicateRow':
      return `row ${cond(e.child, e.given)} given twice`
    case 'MissingRow':
      return `row ${cond(e.child, e.given)} is missing`
    case 'UnknownVariable':
      return `unknown variable ${e.variable} in ${e.where}`
    case 'UnknownState':
      return `variable ${e.variable} has no state ${e.state}`
    case 'CardinalityMismatch':
      return `variable ${e.variable} has inconsistent cardinalities ${e.cards.join(' vs ')}`
    case 'ImpossibleEvidence':
      return e.evidence.length === 0 ? 'the model has zero total mass' : `the evidence has probability zero: ${e.evidence.join(', ')}`
    case 'NotNormalizable':
      return `cannot normalise a factor whose total is ${String(e.total)}`
    case 'InvalidOrder':
      return `invalid elimination order at ${e.variable}: ${e.reason}`
    case 'MemoryBudgetExceeded':
      return (
        `eliminating ${e.variable} needs a table of ${e.entries} entries (${formatBytes(e.bytes)}), ` +
        `over the memory budget of ${formatBytes(e.budgetBytes)}`
      )
    case 'NotACpt':
      return `factor ${e.factor} is not a conditional table as childOf claims: ${e.reason}`
    case 'DuplicateCpt':
      return `two factors are the conditional table of ${e.variable}`
    case 'InvalidOption':
      return `invalid option ${e.option}: ${e.reason}`
  }
}

/**
 * Bytes as a short human string in binary units, three significant digits (whole bytes below 1 KiB,
 * no exponent notation from 1000 to 1023 of a unit).
 *
 * @example
 * ```ts
 * import { formatBytes } from '@chainrule/factor'
 * formatBytes(100) // => '100 B'
 * formatBytes(1048) // => '1.02 KiB'
 * formatBytes(512 * 1024 ** 2) // => '512 MiB'
 * ```
 */
export const formatBytes = (bytes: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 || value >= 100 ? value.toFixed(0) : value.toPrecision(3)} ${units[unit]}`
}
