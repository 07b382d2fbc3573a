/** `chainrule identify NET --treatment X[,X2] --outcome Y [--hidden U,V] [--json]` */
import { adjustmentSets, backdoorSets, causalDiagram, frontdoorSets, identify as identifyEffect, renderEstimand, type CausalError, type SetList } from '@chainrule/causal'
import * as E from 'fp-ts/lib/Either.js'
import { parseArgs, parseList } from '../args.js'
import type { CliError } from '../errors.js'
import { bayesianOnly, loadForCommand, type Output } from '../load.js'

export const identifyFlags = [
  { name: 'treatment', alias: 'x', takesValue: true },
  { name: 'outcome', alias: 'y', takesValue: true },
  { name: 'hidden', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'quiet', alias: 'q', takesValue: false },
] as const

const causal = <A>(result: E.Either<CausalError, A>): E.Either<CliError, A> => E.mapLeft((error: CausalError): CliError => ({ _tag: 'Causal', error }))(result)

const listed = (sets: SetList): string => (sets.sets.length === 0 ? 'none' : `${sets.sets.map((s) => `{${s.join(', ')}}`).join('  ')}${sets.complete ? '' : '  (first ones only)'}`)

/**
 * Whether the effect of the treatment on the outcome is identifiable from
 * observations of the variables not declared hidden: the estimand (ID
 * algorithm) or the hedge, with the minimal backdoor, front-door and
 * generalized adjustment sets.
 *
 * Used as (package-internal, not exported):
 * identify(['asia.bif', '--treatment', 'smoke', '--outcome', 'dysp', '--json'], output)
 */
export const identify = (args: readonly string[], output: Output): E.Either<CliError, void> => {
  const parsed = parseArgs(args, identifyFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, values, switches } = parsed.right
  if (positionals.length !== 1) return E.left({ _tag: 'Usage', message: 'identify takes exactly one network file' })
  const treatment = parseList(values.get('treatment'))
  const outcome = parseList(values.get('outcome'))
  if (treatment.length === 0) return E.left({ _tag: 'Usage', message: 'identify needs --treatment X[,X2]' })
  if (outcome.length === 0) return E.left({ _tag: 'Usage', message: 'identify needs --outcome Y' })
  const network = E.chain(bayesianOnly('identify', positionals[0]!))(loadForCommand(positionals[0], output, switches.has('quiet')))
  if (E.isLeft(network)) return network
  const diagram = causal(causalDiagram(network.right, { hidden: parseList(values.get('hidden')) }))
  if (E.isLeft(diagram)) return diagram
  const query = { treatment, outcome }
  const answer = causal(identifyEffect(diagram.right, query))
  if (E.isLeft(answer)) return answer
  const backdoor = causal(backdoorSets(diagram.right, query))
  if (E.isLeft(backdoor)) return backdoor
  const frontdoor = causal(frontdoorSets(diagram.right, query))
  if (E.isLeft(frontdoor)) return frontdoor
  const adjustment = causal(adjustmentSets(diagram.right, query))
  if (E.isLeft(adjustment)) return adjustment
  const a = answer.right
  const estimand = a.identifiable ? renderEstimand(a.estimand, { values: [...treatment, ...outcome] }) : null
  if (switches.has('json')) {
    output.stdout.write(
      `${JSON.stringify({
        identifiable: a.identifiable,
        backdoor: backdoor.right.sets,
        frontdoor: frontdoor.right.sets,
        estimand,
        adjustment: adjustment.right.sets,
        hedge: a.identifiable ? null : a.hedge,
      })}\n`,
    )
    return E.right(undefined)
  }
  const effect = `P(${outcome.join(', ')} | do(${treatment.join(', ')}))`
  const lines = a.identifiable
    ? [`identifiable: ${effect} = ${estimand}`]
    : [`not identifiable: ${effect}`, `hedge: F = {${a.hedge.forest.join(', ')}}, F' = {${a.hedge.subforest.join(', ')}}`]
  lines.push(`backdoor sets: ${listed(backdoor.right)}`, `front-door sets: ${listed(frontdoor.right)}`, `adjustment sets: ${listed(adjustment.right)}`)
  output.stdout.write(`${lines.join('\n')}\n`)
  return E.right(undefined)
}
