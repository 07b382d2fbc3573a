/** `chainrule dsep NET X Y [--given Z,...] [--json]` */
import { activeTrail, dSeparated } from '@chainrule/graph'
import * as E from 'fp-ts/lib/Either.js'
import * as O from 'fp-ts/lib/Option.js'
import { parseArgs, parseList } from '../args.js'
import type { CliError } from '../errors.js'
import { bayesianOnly, loadForCommand, type Output } from '../load.js'

export const dsepFlags = [
  { name: 'given', alias: 'g', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'quiet', alias: 'q', takesValue: false },
] as const

/**
 * Whether the sets X and Y are d-separated given Z, with an active trail as witness when not.
 *
 * Used as (package-internal, not exported):
 * dsep(['asia.bif', 'tub', 'smoke', '--given', 'dysp'], output) // prints the trail tub - either - lung - smoke
 */
export const dsep = (args: readonly string[], output: Output): E.Either<CliError, void> => {
  const parsed = parseArgs(args, dsepFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, values, switches } = parsed.right
  if (positionals.length !== 3) return E.left({ _tag: 'Usage', message: 'dsep takes a network file and two variables (or comma lists)' })
  const network = E.chain(bayesianOnly('dsep', positionals[0]!))(loadForCommand(positionals[0], output, switches.has('quiet')))
  if (E.isLeft(network)) return network
  const dag = network.right.dag
  const xs = parseList(positionals[1])
  const ys = parseList(positionals[2])
  const given = parseList(values.get('given'))
  const separated = dSeparated(dag, xs, ys, given)
  if (E.isLeft(separated)) return E.left({ _tag: 'Graph', error: separated.left })
  let trail: readonly string[] | undefined
  if (!separated.right) {
    // A witness between some x and some y: the first pair that is d-connected.
    for (const x of xs) {
      for (const y of ys) {
        const found = activeTrail(dag, x, y, given)
        if (E.isLeft(found)) return E.left({ _tag: 'Graph', error: found.left })
        if (O.isSome(found.right)) {
          trail = found.right.value
          break
        }
      }
      if (trail !== undefined) break
    }
  }
  if (switches.has('json')) {
    output.stdout.write(`${JSON.stringify({ separated: separated.right, given, trail: trail ?? null })}\n`)
    return E.right(undefined)
  }
  const statement = `${xs.join(', ')} and ${ys.join(', ')}${given.length > 0 ? ` given ${given.join(', ')}` : ''}`
  output.stdout.write(
    separated.right
      ? `d-separated: ${statement}\n`
      : `d-connected: ${statement}\nactive trail: ${(trail ?? []).join(' - ')}\n`,
  )
  return E.right(undefined)
}
