/**
 * The numbers of an influence diagram's utility node, checked the same way
 * by every diagram reader (Hugin NET, GeNIe xdsl): known, distinct parents
 * that are not utilities, a size within the limit, one number per parent
 * assignment.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { IoError, Location } from './errors.js'

/** A utility node as a reader found it, with where each part is in the file. */
export interface UtilityDraft {
  readonly name: string
  /** Where the node is named (a table too large is reported there). */
  readonly at: number
  readonly parents: readonly string[]
  readonly parentsAt: readonly number[]
  /** Undefined when the file gives no numbers (reported at `definitionAt`). */
  readonly values: Float64Array | undefined
  readonly valuesAt: number
  readonly definitionAt: number
}

/** What a parent's name stands for: a variable with that many states, a utility node, or nothing known. */
export type ParentKind = number | 'utility' | undefined

/**
 * The utility's numbers, or the first problem with its location.
 *
 * Used as (package-internal, not exported):
 * utilityTable(draft, (name) => statesOf.get(name), locate, maxEntries)
 */
export const utilityTable = (
  u: UtilityDraft,
  parentKind: (name: string) => ParentKind,
  locate: (offset: number) => Location,
  maxEntries: number,
): E.Either<IoError, Float64Array> => {
  const seen = new Set<string>([u.name])
  let entries = 1
  for (let k = 0; k < u.parents.length; k++) {
    const parent = u.parents[k]!
    const at = locate(u.parentsAt[k]!)
    const kind = parentKind(parent)
    if (kind === 'utility') return E.left({ _tag: 'Unsupported', ...at, feature: `utility node ${parent} as a parent` })
    if (kind === undefined) return E.left({ _tag: 'UnknownVariable', ...at, name: parent })
    if (seen.has(parent)) return E.left({ _tag: 'DuplicateParent', ...at, variable: u.name, parent })
    seen.add(parent)
    entries *= kind
  }
  if (entries > maxEntries) return E.left({ _tag: 'TableTooLarge', ...locate(u.at), variable: u.name, entries, limit: maxEntries })
  if (u.values === undefined) return E.left({ _tag: 'Unsupported', ...locate(u.definitionAt), feature: `potential of utility ${u.name} without a data table` })
  if (u.values.length !== entries) return E.left({ _tag: 'TableSizeMismatch', ...locate(u.valuesAt), variable: u.name, expected: entries, got: u.values.length })
  return E.right(u.values)
}
