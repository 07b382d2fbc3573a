/** Influence diagrams from files (Node): read (gunzipping `.gz`), then {@link readDiagramText}. */
import type { DiagramSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { ReadOptions } from './assemble.js'
import { readDiagramText } from './diagram-text.js'
import type { IoError } from './errors.js'
import { readTextFile } from './file.js'

/**
 * Read an influence diagram file into its plain-data spec (build it with
 * `diagramFromSpec` of `@chainrule/decision`).
 *
 * @example
 * ```ts
 * import { readDiagramFile } from '@chainrule/io/node'
 * import { either as E } from 'fp-ts'
 * import { mkdtempSync, writeFileSync } from 'node:fs'
 * import { tmpdir } from 'node:os'
 * import { join } from 'node:path'
 *
 * const file = join(mkdtempSync(join(tmpdir(), 'diagram-')), 'take.net')
 * writeFileSync(file, 'decision take { states = ("no" "yes"); } utility u { } potential (u | take) { data = (0 1); }')
 * const spec = readDiagramFile(file)
 * E.isRight(spec) && spec.right.variables.map((v) => v.kind) // => ['decision']
 * ```
 */
export const readDiagramFile = (path: string, options: Omit<ReadOptions, 'file'> = {}): E.Either<IoError, DiagramSpec> => {
  const text = readTextFile(path)
  return E.isLeft(text) ? text : readDiagramText(text.right, path, options)
}
