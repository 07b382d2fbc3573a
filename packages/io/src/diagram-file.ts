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
 * import { readDiagramFile } from '@chainrule/io'
 * readDiagramFile('oil-wildcatter.net') // right({ name: 'OilWildcatter', variables: [...], utilities: [...] })
 */
export const readDiagramFile = (path: string, options: Omit<ReadOptions, 'file'> = {}): E.Either<IoError, DiagramSpec> => {
  const text = readTextFile(path)
  return E.isLeft(text) ? text : readDiagramText(text.right, path, options)
}
