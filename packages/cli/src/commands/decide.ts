/** `chainrule decide NET [--evidence A=s,...] [--json]` */
import { diagramFromSpec, solve, solveLimid, strategyNetwork, type DecisionError, type InfluenceDiagram, type Policy, type Solution } from '@chainrule/decision'
import { compile, jointPosterior } from '@chainrule/infer'
import { readDiagramFile } from '@chainrule/io/node'
import * as E from 'fp-ts/lib/Either.js'
import { parseArgs, parseEvidence } from '../args.js'
import type { CliError } from '../errors.js'
import { formatProbability, formatTable } from '../format.js'
import type { Output } from '../load.js'

export const decideFlags = [
  { name: 'evidence', alias: 'e', takesValue: true },
  { name: 'json', takesValue: false },
  { name: 'quiet', alias: 'q', takesValue: false },
] as const

/** Every row of a policy: the assignment of what it looks at, and the choice. */
const policyRows = (diagram: InfluenceDiagram, policy: Policy): { readonly given: Record<string, string>; readonly choice: string }[] => {
  const { domain } = diagram.network
  const given = policy.given.map((g) => domain.variables[domain.byName.get(g)!]!)
  const options = domain.variables[domain.byName.get(policy.decision)!]!.states
  return Array.from(policy.choice, (c, row) => {
    const assignment: Record<string, string> = Object.create(null) as Record<string, string>
    let rest = row
    for (let k = given.length - 1; k >= 0; k--) {
      const card = given[k]!.states.length
      assignment[given[k]!.name] = given[k]!.states[rest % card]!
      rest = Math.floor(rest / card)
    }
    // Keys in the policy's order.
    const ordered: Record<string, string> = Object.create(null) as Record<string, string>
    for (const v of given) ordered[v.name] = assignment[v.name]!
    return { given: ordered, choice: options[c]! }
  })
}

/**
 * The maximum expected utility of an influence diagram and the policy of each
 * decision, as a table by what the decision knows. Exact (elimination with
 * no-forgetting) when the decisions are in one temporal order; otherwise the
 * diagram is a LIMID, solved by single policy updating, and a note says that
 * the strategy is locally optimal.
 *
 * @example
 * await decide(['oil-wildcatter.net', '--json'], output)
 */
export const decide = (args: readonly string[], output: Output): E.Either<CliError, void> => {
  const parsed = parseArgs(args, decideFlags)
  if (E.isLeft(parsed)) return parsed
  const { positionals, values, switches } = parsed.right
  if (positionals.length !== 1) return E.left({ _tag: 'Usage', message: 'decide takes exactly one influence diagram file' })
  const evidence = parseEvidence(values.get('evidence'))
  if (E.isLeft(evidence)) return evidence
  const spec = readDiagramFile(positionals[0]!)
  if (E.isLeft(spec)) return E.left({ _tag: 'Io', error: spec.left })
  const diagram = diagramFromSpec(spec.right)
  if (E.isLeft(diagram)) return E.left({ _tag: 'Decision', error: diagram.left })
  let solution: E.Either<DecisionError, Solution> = solve(diagram.right, { evidence: evidence.right })
  if (E.isLeft(solution) && solution.left._tag === 'DecisionsNotOrdered') {
    if (!switches.has('quiet'))
      output.stderr.write(`note: ${positionals[0]}: the decisions are not in one temporal order; solved as a LIMID by single policy updating\n`)
    solution = solveLimid(diagram.right, { evidence: evidence.right })
  }
  if (E.isLeft(solution)) return E.left({ _tag: 'Decision', error: solution.left })
  const { meu, policies, optimality } = solution.right
  if (optimality === 'local' && !switches.has('quiet'))
    output.stderr.write('note: single policy updating found a locally optimal strategy: no single policy can improve it, another combination might\n')

  if (switches.has('json')) {
    const out: Record<string, { given: Record<string, string>; choice: string }[]> = Object.create(null) as Record<string, never>
    for (const p of policies) out[p.decision] = policyRows(diagram.right, p)
    output.stdout.write(`${JSON.stringify({ meu, policies: out })}\n`)
    return E.right(undefined)
  }
  // How likely each row is when the strategy is followed (rows of probability 0 are never met).
  const network = strategyNetwork(diagram.right, policies)
  const engine = E.isRight(network) ? compile(network.right) : undefined
  const chances = (p: Policy): Float64Array | undefined => {
    if (engine === undefined || E.isLeft(engine) || p.given.length === 0) return undefined
    const joint = jointPosterior(engine.right, p.given, { evidence: evidence.right })
    return E.isRight(joint) ? joint.right.factor.values : undefined
  }
  const parts = [`maximum expected utility = ${meu}${optimality === 'local' ? ' (locally optimal strategy)' : ''}`]
  for (const p of policies) {
    const rows = policyRows(diagram.right, p)
    const probability = chances(p)
    const header = [...p.given, 'choice', ...(probability === undefined ? [] : ['P(row)'])]
    const lines = rows.map((r, k) => [...p.given.map((g) => r.given[g]!), r.choice, ...(probability === undefined ? [] : [formatProbability(probability[k]!)])])
    parts.push(`${p.decision}:\n${formatTable([header, ...lines])}`)
  }
  output.stdout.write(`${parts.join('\n\n')}\n`)
  return E.right(undefined)
}

