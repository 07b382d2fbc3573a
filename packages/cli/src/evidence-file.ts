/**
 * `--evidence-file FILE`: a UAI evidence file (`n v1 s1 ... vn sn`, or the
 * older one-sample form) read against a loaded model. Variable v is the
 * model's v-th variable (file order, from 0), state s its s-th state, so the
 * file works with any network, not only UAI models; evidence given by name
 * with `--evidence` is merged in (the same variable twice is refused).
 */
import { readUaiEvidence } from '@chainrule/io'
import { readTextFile } from '@chainrule/io/node'
import type { Domain } from '@chainrule/factor'
import * as E from 'fp-ts/lib/Either.js'
import type { CliError } from './errors.js'

/**
 * The evidence of `--evidence` and `--evidence-file` together, by name.
 *
 * Used as (package-internal, not exported):
 * withEvidenceFile(domain, { x3: '1' }, 'model.uai.evid') // right({ x3: '1', x0: '0', ... })
 */
export const withEvidenceFile = (
  domain: Domain,
  byName: Readonly<Record<string, string>>,
  path: string | undefined,
): E.Either<CliError, Record<string, string>> => {
  const out: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, byName)
  if (path === undefined) return E.right(out)
  const text = readTextFile(path)
  if (E.isLeft(text)) return E.left({ _tag: 'Io', error: text.left })
  const cards = domain.variables.map((v) => v.states.length)
  const read = readUaiEvidence(text.right, { file: path, model: { cards } })
  if (E.isLeft(read)) return E.left({ _tag: 'Io', error: read.left })
  for (const [v, s] of read.right) {
    const variable = domain.variables[v]!
    if (Object.hasOwn(out, variable.name))
      return E.left({ _tag: 'Usage', message: `evidence on "${variable.name}" given twice (--evidence and ${path})` })
    out[variable.name] = variable.states[s]!
  }
  return E.right(out)
}
