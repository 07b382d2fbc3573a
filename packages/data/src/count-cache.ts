/**
 * Count caching for any {@link DataSource}: learning asks for the same
 * families again and again (every structure-search step rescores the few
 * families it changed, parameter learning after a search recounts them all),
 * and on a warehouse each ask is a scan.
 *
 * The cache keys a table by the family's column *set* and the count options;
 * a family asked in another order is the cached table with its axes permuted.
 * Under the complete-case policy every family sees the same rows, so a family
 * whose columns all lie in a cached table is summed out of it, exactly (the
 * counts are integers), without asking the source. The families of one call
 * that are neither cached nor derivable go to the source in one batch, so a
 * SQL engine answers them in one query.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { DataError } from './errors.js'
import { checkFamily, type CountOptions, type CountTable, type DataSource } from './source.js'

/** How a cached source answered so far. */
export interface CountCacheStats {
  /** Families answered from a cached table of the same column set. */
  readonly hits: number
  /** Families summed out of a cached table of a larger column set. */
  readonly derived: number
  /** Families asked of the underlying source. */
  readonly asked: number
  /** Calls to the underlying source's `counts` (each one batch). */
  readonly batches: number
}

/** A data source whose counts are cached; `countCacheStats` says how it answered. */
export interface CachedSource extends DataSource {
  /** How the counts asked so far were answered: from the cache, derived from a larger cached family, or asked of the source. */
  readonly countCacheStats: () => CountCacheStats
}

const optionsKey = (options: CountOptions): string => {
  const where = [...(options.where ?? [])].map(([c, s]) => `${c}=${s}`).sort()
  return `${options.missing ?? 'complete-case'}|${where.join(',')}`
}

const setKey = (family: readonly number[]): string => [...family].sort((a, b) => a - b).join(',')

/**
 * The counts of `family` from a table over a superset of its columns: the
 * other columns summed out, axes in the family's order.
 *
 * @example
 * ```ts
 * import { projectCounts } from '@chainrule/data'
 * // table over [a, b] with cards [2, 2]: n(a=0,b=0)=1, n(0,1)=2, n(1,0)=3, n(1,1)=4
 * const t = { columns: [0, 1], cards: [2, 2], counts: Float64Array.of(1, 2, 3, 4), rows: 10 }
 * Array.from(projectCounts(t, [1]).counts) // => [4, 6]
 * Array.from(projectCounts(t, [1, 0]).counts) // => [1, 3, 2, 4]
 * ```
 */
export const projectCounts = (table: CountTable, family: readonly number[]): CountTable => {
  const position = family.map((c) => table.columns.indexOf(c))
  if (position.some((p) => p < 0)) throw new Error(`projectCounts: family ${family.join(',')} is not within ${table.columns.join(',')}`)
  const cards = family.map((c, k) => table.cards[position[k]!]!)
  // Stride in the output of each axis of the input (0 for summed-out axes).
  const outStride = new Array<number>(table.columns.length).fill(0)
  let stride = 1
  for (let k = family.length - 1; k >= 0; k--) {
    outStride[position[k]!] = stride
    stride *= cards[k]!
  }
  const counts = new Float64Array(stride)
  const digits = new Array<number>(table.columns.length).fill(0)
  let at = 0
  for (let i = 0; i < table.counts.length; i++) {
    counts[at]! += table.counts[i]!
    // Odometer over the input's axes, last fastest, keeping the output index in step.
    for (let a = table.columns.length - 1; a >= 0; a--) {
      digits[a]!++
      at += outStride[a]!
      if (digits[a]! < table.cards[a]!) break
      at -= outStride[a]! * digits[a]!
      digits[a] = 0
    }
  }
  return { columns: [...family], cards, counts, rows: table.rows }
}

/**
 * Wrap a source so that its counts are cached (see the module comment).
 * Everything else is the source's own.
 *
 * @example
 * ```ts
 * import { cachedSource, dataSet, memorySource } from '@chainrule/data'
 * import { either as E } from 'fp-ts'
 * const ds = dataSet({ variables: ['a', 'b'], states: [['0', '1'], ['0', '1']], columns: [Uint8Array.of(0, 1, 1), Uint8Array.of(1, 1, 0)] })
 * if (E.isRight(ds)) {
 *   const source = cachedSource(memorySource(ds.right))
 *   await source.counts([[0, 1]])
 *   await source.counts([[1, 0], [1]]) // both answered from the first table
 *   source.countCacheStats() // => { hits: 1, derived: 1, asked: 1, batches: 1 }
 * }
 * ```
 */
export const cachedSource = (source: DataSource): CachedSource => {
  const tables = new Map<string, Map<string, CountTable>>()
  let hits = 0
  let derived = 0
  let asked = 0
  let batches = 0
  const fromCache = (cache: Map<string, CountTable>, family: readonly number[], derivable: boolean): CountTable | undefined => {
    const exact = cache.get(setKey(family))
    if (exact !== undefined) {
      hits++
      return projectCounts(exact, family)
    }
    if (!derivable) return undefined
    let best: CountTable | undefined
    for (const table of cache.values())
      if (family.every((c) => table.columns.includes(c)) && (best === undefined || table.counts.length < best.counts.length)) best = table
    if (best === undefined) return undefined
    derived++
    return projectCounts(best, family)
  }
  return {
    ...source,
    description: source.description,
    countCacheStats: () => ({ hits, derived, asked, batches }),
    counts: async (families, options = {}) => {
      for (const family of families) {
        const checked = checkFamily(source, family)
        if (E.isLeft(checked)) return checked
      }
      const key = optionsKey(options)
      let cache = tables.get(key)
      if (cache === undefined) tables.set(key, (cache = new Map()))
      // Summing out is exact only when every family sees the same rows.
      const derivable = (options.missing ?? 'complete-case') === 'complete-case'
      const answers: (CountTable | undefined)[] = families.map((family) => fromCache(cache, family, derivable))
      const wanted = new Map<string, readonly number[]>()
      families.forEach((family, k) => {
        if (answers[k] === undefined && !wanted.has(setKey(family))) wanted.set(setKey(family), family)
      })
      if (wanted.size > 0) {
        const asking = [...wanted.values()]
        batches++
        asked += asking.length
        const counted: E.Either<DataError, readonly CountTable[]> = await source.counts(asking, options)
        if (E.isLeft(counted)) return counted
        counted.right.forEach((table, k) => cache.set(setKey(asking[k]!), table))
        families.forEach((family, k) => {
          if (answers[k] === undefined) answers[k] = projectCounts(cache.get(setKey(family))!, family)
        })
      }
      return E.right(answers as CountTable[])
    },
  }
}
