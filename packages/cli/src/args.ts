/**
 * Command-line arguments: `chainrule COMMAND [positionals] [--flag value] [--switch]`.
 * Each command declares its flags; anything else is a usage error, so a typo
 * never silently changes an answer.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { CliError } from './errors.js'

/** A flag a command accepts: `value` flags take the next argument, switches take none. */
export interface FlagSpec {
  readonly name: string
  readonly alias?: string
  readonly takesValue: boolean
}

/** Parsed arguments of one command. */
export interface ParsedArgs {
  readonly positionals: readonly string[]
  readonly values: ReadonlyMap<string, string>
  readonly switches: ReadonlySet<string>
}

/**
 * Split arguments into positionals, flag values and switches (`--x=v` and `--x v` both work).
 *
 * @example
 * parseArgs(['net.bif', '--evidence', 'A=yes', '--json'], [{ name: 'evidence', takesValue: true }, { name: 'json', takesValue: false }])
 * // right({ positionals: ['net.bif'], values: Map { evidence: 'A=yes' }, switches: Set { json } })
 */
export const parseArgs = (args: readonly string[], flags: readonly FlagSpec[]): E.Either<CliError, ParsedArgs> => {
  const positionals: string[] = []
  const values = new Map<string, string>()
  const switches = new Set<string>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const key = eq > 0 ? arg.slice(0, eq) : arg
    const spec = flags.find((f) => `--${f.name}` === key || (f.alias !== undefined && `-${f.alias}` === key))
    if (spec === undefined) return E.left({ _tag: 'Usage', message: `unknown option ${key}` })
    if (!spec.takesValue) {
      if (eq > 0) return E.left({ _tag: 'Usage', message: `option --${spec.name} takes no value` })
      switches.add(spec.name)
      continue
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i]
    if (value === undefined) return E.left({ _tag: 'Usage', message: `option --${spec.name} needs a value` })
    if (values.has(spec.name)) return E.left({ _tag: 'Usage', message: `option --${spec.name} given twice` })
    values.set(spec.name, value)
  }
  return E.right({ positionals, values, switches })
}

/**
 * Hard evidence `A=s,B=t` (a state may itself contain `=`: the first one
 * splits); `what` names it in messages (`evidence`, `intervention`).
 *
 * @example
 * parseEvidence('Smoker=yes,Age=>=65') // right({ Smoker: 'yes', Age: '>=65' })
 */
export const parseEvidence = (text: string | undefined, what = 'evidence'): E.Either<CliError, Record<string, string>> => {
  // Keyed by user names: no prototype, so __proto__ or constructor are plain keys.
  const out: Record<string, string> = Object.create(null) as Record<string, string>
  if (text === undefined || text === '') return E.right(out)
  for (const item of text.split(',')) {
    const eq = item.indexOf('=')
    if (eq <= 0 || eq === item.length - 1)
      return E.left({ _tag: 'Usage', message: `${what} "${item}" is not of the form VARIABLE=STATE` })
    const name = item.slice(0, eq)
    if (Object.hasOwn(out, name)) return E.left({ _tag: 'Usage', message: `${what} on "${name}" given twice` })
    out[name] = item.slice(eq + 1)
  }
  return E.right(out)
}

/**
 * Soft evidence `A=0.7:0.3,B=1:0:2`: one non-negative weight per state.
 *
 * @example
 * parseLikelihoods('Rain=0.7:0.3') // right({ Rain: [0.7, 0.3] })
 */
export const parseLikelihoods = (text: string | undefined): E.Either<CliError, Record<string, number[]>> => {
  const out: Record<string, number[]> = Object.create(null) as Record<string, number[]>
  if (text === undefined || text === '') return E.right(out)
  for (const item of text.split(',')) {
    const eq = item.indexOf('=')
    const weights = eq > 0 ? item.slice(eq + 1).split(':') : []
    const numbers = weights.map((w) => (w.trim() === '' ? NaN : Number(w)))
    if (eq <= 0 || numbers.length === 0 || numbers.some((x) => !Number.isFinite(x)))
      return E.left({ _tag: 'Usage', message: `soft evidence "${item}" is not of the form VARIABLE=w1:w2:...` })
    out[item.slice(0, eq)] = numbers
  }
  return E.right(out)
}

/**
 * A comma-separated list (empty when absent).
 *
 * @example
 * parseList('A,B') // ['A', 'B']
 */
export const parseList = (text: string | undefined): string[] =>
  text === undefined || text === '' ? [] : text.split(',').filter((s) => s !== '')

/**
 * A non-negative integer flag.
 *
 * @example
 * parseCount('1000', 'n') // right(1000)
 */
export const parseCount = (text: string | undefined, flag: string): E.Either<CliError, number | undefined> => {
  if (text === undefined) return E.right(undefined)
  const n = Number(text)
  return /^[0-9]+$/.test(text) && Number.isSafeInteger(n)
    ? E.right(n)
    : E.left({ _tag: 'Usage', message: `--${flag} needs a non-negative integer, got "${text}"` })
}

/**
 * A byte count with an optional binary suffix: `512M`, `2G`, `65536`.
 *
 * @example
 * parseBytes('512M', 'max-memory') // right(536870912)
 */
export const parseBytes = (text: string | undefined, flag: string): E.Either<CliError, number | undefined> => {
  if (text === undefined) return E.right(undefined)
  const match = /^([0-9]+(?:\.[0-9]+)?)([KMGT]?)i?B?$/i.exec(text.trim())
  if (match === null) return E.left({ _tag: 'Usage', message: `--${flag} needs a size such as 512M or 2G, got "${text}"` })
  const power = ['', 'K', 'M', 'G', 'T'].indexOf(match[2]!.toUpperCase())
  return E.right(Math.floor(Number(match[1]) * 1024 ** power))
}
