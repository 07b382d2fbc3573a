/**
 * Influence diagrams from text: the format from the file name, then its
 * diagram reader. Pure (no file system): also the browser's path. Hugin NET
 * and GeNIe's `.xdsl` give the same `DiagramSpec`.
 */
import type { DiagramSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { ReadOptions } from './assemble.js'
import type { IoError } from './errors.js'
import { readHuginDiagram } from './net-read.js'
import { readXdslDiagram } from './xdsl-read.js'

/** Extensions the diagram readers accept, plain and gzipped. */
export const DIAGRAM_READABLE = ['.net', '.net.gz', '.xdsl', '.xdsl.gz']

/**
 * Read an influence diagram given as text; `file` names it in errors and
 * chooses the format by its extension (`.net` or `.xdsl`, optionally `.gz`).
 *
 * @example
 * ```ts
 * import { readDiagramText } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * const spec = readDiagramText('decision d { states = ("a" "b"); } utility u { } potential (u | d) { data = (1 2); }', 'd.net')
 * E.isRight(spec) && spec.right.utilities[0]!.parents // => ['d']
 * const other = readDiagramText('', 'd.bif')
 * E.isLeft(other) && other.left._tag // => 'UnknownFormat'
 * ```
 */
export const readDiagramText = (text: string, file: string, options: Omit<ReadOptions, 'file'> = {}): E.Either<IoError, DiagramSpec> => {
  const name = file.toLowerCase().replace(/\.gz$/, '')
  if (name.endsWith('.net')) return readHuginDiagram(text, { ...options, file })
  if (name.endsWith('.xdsl')) return readXdslDiagram(text, { ...options, file })
  return E.left({ _tag: 'UnknownFormat', file, supported: DIAGRAM_READABLE })
}
