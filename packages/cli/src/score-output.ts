/**
 * Per-row score files of `chainrule score --out`: CSV written as the batches
 * arrive, Parquet converted from it by DuckDB at the end. Everything goes to
 * a temporary file beside the target, renamed into place only when complete:
 * a failure (a lost connection, an unknown state in row 9,000,000) leaves no
 * partial file behind.
 */
import { csvToParquet } from '@chainrule/data/duckdb'
import * as E from 'fp-ts/lib/Either.js'
import { createWriteStream, existsSync, renameSync, rmSync, statSync, type WriteStream } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { CliError } from './errors.js'

/** Where per-row scores go. */
export type ScoreOutput =
  | { readonly kind: 'csv'; readonly path: string }
  | { readonly kind: 'parquet'; readonly path: string }
  | { readonly kind: 'table'; readonly table: string }

/**
 * Parse `--out`: `FILE.csv`, `FILE.parquet` or `table:NAME` (a table beside a database source's data).
 *
 * @example
 * parseScoreOutput('scores.parquet') // right({ kind: 'parquet', path: 'scores.parquet' })
 */
export const parseScoreOutput = (text: string): E.Either<CliError, ScoreOutput> => {
  if (text.startsWith('table:')) {
    const table = text.slice('table:'.length)
    return table === '' ? E.left({ _tag: 'Usage', message: '--out table:NAME needs a table name' }) : E.right({ kind: 'table', table })
  }
  const kind = /\.csv$/i.test(text) ? 'csv' : /\.parquet$/i.test(text) ? 'parquet' : undefined
  if (kind === undefined) return E.left({ _tag: 'Usage', message: `--out ${text}: expected FILE.csv, FILE.parquet or table:NAME` })
  const dir = dirname(text)
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    return E.left({ _tag: 'Data', error: { _tag: 'OutputFailed', target: text, reason: `no directory ${dir}` } })
  return E.right({ kind, path: text })
}

const failed = (target: string, error: unknown): E.Either<CliError, never> =>
  E.left({ _tag: 'Data', error: { _tag: 'OutputFailed', target, reason: error instanceof Error ? error.message : String(error) } })

/** A per-row score file being written: rows appended in order, then committed or discarded. */
export interface ScoreFileWriter {
  readonly append: (scores: Float64Array) => Promise<E.Either<CliError, void>>
  readonly commit: () => Promise<E.Either<CliError, void>>
  readonly discard: () => Promise<void>
}

const csvNumber = (x: number): string => (x === -Infinity ? '-inf' : String(x))

/**
 * Start writing `row,log_likelihood[,anomaly]` (row = 1-based position in the source's order).
 *
 * @example
 * const writer = scoreFileWriter({ kind: 'csv', path: 'scores.csv' }, -25)
 */
export const scoreFileWriter = (output: Extract<ScoreOutput, { kind: 'csv' | 'parquet' }>, threshold: number | undefined): ScoreFileWriter => {
  const temporary = join(dirname(output.path), `.${basename(output.path)}.${process.pid}.partial`)
  const csvPath = output.kind === 'csv' ? temporary : `${temporary}.csv`
  let stream: WriteStream | undefined
  let row = 0
  let broken: unknown
  const open = (): WriteStream => {
    if (stream !== undefined) return stream
    stream = createWriteStream(csvPath)
    stream.on('error', (error) => (broken = error))
    stream.write(`row,log_likelihood${threshold === undefined ? '' : ',anomaly'}\n`)
    return stream
  }
  const close = (): Promise<void> => new Promise((resolve) => (stream === undefined ? resolve() : stream.end(() => resolve())))
  const discard = async (): Promise<void> => {
    await close()
    for (const path of [csvPath, temporary]) rmSync(path, { force: true })
  }
  return {
    append: async (scores) => {
      const out = open()
      const lines: string[] = []
      for (let r = 0; r < scores.length; r++) {
        row++
        const s = scores[r]!
        lines.push(threshold === undefined ? `${row},${csvNumber(s)}` : `${row},${csvNumber(s)},${s < threshold ? 1 : 0}`)
      }
      if (broken !== undefined) return failed(output.path, broken)
      if (!out.write(`${lines.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
      return broken === undefined ? E.right(undefined) : failed(output.path, broken)
    },
    commit: async () => {
      open()
      await close()
      if (broken !== undefined) {
        await discard()
        return failed(output.path, broken)
      }
      if (output.kind === 'parquet') {
        const converted = await csvToParquet(csvPath, temporary, {
          types: { row: 'BIGINT', log_likelihood: 'DOUBLE', ...(threshold === undefined ? {} : { anomaly: 'INTEGER' }) },
        })
        rmSync(csvPath, { force: true })
        if (E.isLeft(converted)) {
          rmSync(temporary, { force: true })
          return E.left({ _tag: 'Data', error: converted.left })
        }
      }
      try {
        renameSync(temporary, output.path)
        return E.right(undefined)
      } catch (error) {
        await discard()
        return failed(output.path, error)
      }
    },
    discard,
  }
}
