/**
 * Opening the DATA argument of a command (`score`, `learn`): any of the forms
 * of `openDataSource` (`@chainrule/data/open`): a CSV or Parquet file by
 * extension, `memory:` or `duckdb:` with a file, `duckdb:DATABASE?table=NAME`,
 * `clickhouse://HOST[:PORT]/DATABASE?table=NAME`. The network's domain fixes
 * the variables and states, so a column or state the network does not know
 * is an error naming it (and its row, where the engine can say).
 */
import { openDataSource, DATA_FORMS } from '@chainrule/data/open'
import type { DataSource } from '@chainrule/data'
import type { Domain } from '@chainrule/factor'
import * as E from 'fp-ts/lib/Either.js'
import { parseBytes, parseCount, type FlagSpec, type ParsedArgs } from './args.js'
import type { CliError } from './errors.js'

/** The flags every command that reads DATA takes. */
export const dataFlags: readonly FlagSpec[] = [
  { name: 'threads', takesValue: true },
  { name: 'memory-limit', takesValue: true },
]

/** One line for `--help`. */
export const dataUsage = `DATA is ${DATA_FORMS}.`

/**
 * Open DATA for a command, with `--threads N` and `--memory-limit SIZE` for DuckDB. With a network's
 * domain the variables and states are the network's; without one (learning a network), every column is a
 * variable with the states found in it.
 *
 * @example
 * const source = await openDataForCommand('events.parquet', network.domain, parsed) // Right(DataSource); close it when done
 */
export const openDataForCommand = async (spec: string | undefined, domain: Domain | undefined, parsed: ParsedArgs): Promise<E.Either<CliError, DataSource>> => {
  if (spec === undefined) return E.left({ _tag: 'Usage', message: 'missing the DATA argument' })
  const threads = parseCount(parsed.values.get('threads'), 'threads')
  if (E.isLeft(threads)) return threads
  if (threads.right === 0) return E.left({ _tag: 'Usage', message: '--threads needs at least 1' })
  const memory = parseBytes(parsed.values.get('memory-limit'), 'memory-limit')
  if (E.isLeft(memory)) return memory
  const opened = await openDataSource(spec, {
    ...(domain === undefined ? {} : { domain }),
    ...(threads.right === undefined ? {} : { threads: threads.right }),
    ...(memory.right === undefined ? {} : { memoryLimit: `${Math.max(1, Math.floor(memory.right / 2 ** 20))}MiB` }),
  })
  return E.mapLeft((error: import('@chainrule/data').DataError): CliError => ({ _tag: 'Data', error }))(opened)
}
