/**
 * Suite `parse`: reading every network of `../shared/networks` (relative to the
 * repository root). Gunzip is timed apart from parsing, so `readBif` is the
 * parse of the already-decompressed text into a checked NetworkSpec. The same
 * network written in the chainrule JSON form is timed with `readJson`, and with
 * the native `JSON.parse` (no schema, no checks) as a floor; `ratio` is
 * relative to `readBif`. `MB/s` is the text size over the median time.
 */
import { describeError, readBif, readJson, writeJson } from '@chainrule/io'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { networksDir } from '../networks.js'
import { keep, measure, withRatios, type Row, type Suite } from '../harness.js'

// bench/dist/suites/parse.js -> repository root is three levels up.

const run = (): Row[] => {
  if (!existsSync(networksDir)) {
    process.stderr.write(`parse: ${networksDir} not found, no rows\n`)
    return []
  }
  const rows: Row[] = []
  const files = readdirSync(networksDir).filter((f) => f.endsWith('.bif.gz'))
  const options = { minRepeats: 5, minTimeMs: 100, maxRepeats: 200, warmup: 1 }
  for (const file of files) {
    const name = file.replace('.bif.gz', '')
    const gz = readFileSync(join(networksDir, file))
    const text = gunzipSync(gz).toString('utf8')
    const first = readBif(text, { file })
    if (E.isLeft(first)) throw new Error(`parse suite: ${describeError(first.left)}`)
    const spec = first.right
    const values = spec.variables.reduce((n, v) => n + (v.table as ArrayLike<number>).length, 0) // BIF: full tables only
    const json = writeJson(spec)
    const row = (engine: string, bytes: number, fn: () => unknown): Row => {
      const { medianMs, repeats } = measure(fn, options)
      return { suite: 'parse', case: name, engine, medianMs, repeats, values, 'MB/s': bytes / 1e6 / (medianMs / 1e3) }
    }
    rows.push(
      row('readBif', text.length, () => readBif(text)),
      row('gunzip', gz.length, () => keep(gunzipSync(gz).length)),
      row('readJson', json.length, () => readJson(json)),
      row('JSON.parse (no checks)', json.length, () => JSON.parse(json) as unknown),
    )
  }
  return withRatios(rows, 'readBif')
}

export const suite: Suite = {
  name: 'parse',
  description: 'gunzip and parse every network of ../shared/networks (BIF, and the same network as chainrule JSON)',
  run,
}
