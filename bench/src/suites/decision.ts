/**
 * Suite `decision`: solving influence diagrams with 5 and 10 sequential
 * decisions, two shapes of the same maintenance problem (a machine's
 * condition S_k in 4 states drifts; at each step the decision D_k is to run,
 * service or replace it; the utility is the step's output minus the action's
 * cost):
 *
 * - `observed`: the condition is seen before each decision (S_k -> D_k). With
 *   no-forgetting each D_k may look at the whole history, yet the strong
 *   elimination finds that only S_k matters: time linear in the decisions.
 * - `noisy`: only a binary inspection O_k of S_k is seen (O_k -> D_k). With
 *   no-forgetting the optimal D_k depends on every earlier inspection and
 *   decision: exact elimination is exponential in the number of decisions
 *   (its tables are reported). The same diagram as a LIMID, each decision
 *   seeing only its own inspection, is solved by single policy updating
 *   (locally optimal), in time linear per sweep.
 *
 * Times are medians of repeats; the MEU is printed for each row.
 */
import { diagramFromSpec, solve, solveLimid, type InfluenceDiagram } from '@chainrule/decision'
import type { ChanceSpec, DecisionSpec, UtilitySpec } from '@chainrule/models'
import { describeError, type DecisionError } from '@chainrule/decision'
import * as E from 'fp-ts/lib/Either.js'
import { measure, repeatsFor, type Row, type Suite } from '../harness.js'

const CONDITIONS = ['good', 'fair', 'worn', 'broken']
const ACTIONS = ['run', 'service', 'replace']

/** P(S_k+1 | S_k, D_k): running wears the machine, servicing slows that, replacing renews it. */
const drift = (action: number, from: number): number[] => {
  if (action === 2) return [0.9, 0.1, 0, 0]
  const wear = action === 0 ? 0.3 : 0.1
  const out = [0, 0, 0, 0]
  out[from] = 1 - (from === 3 ? 0 : wear)
  if (from < 3) out[from + 1] = wear
  if (action === 1 && from > 0) {
    // Servicing can bring a worn machine back one step.
    out[from - 1] = 0.4
    out[from] = out[from]! - 0.4
  }
  return out
}

/** The maintenance diagram with n decisions; `noisy`: only an inspection of the condition is seen. */
const maintenance = (n: number, noisy: boolean, limid: boolean): InfluenceDiagram => {
  const variables: (ChanceSpec | DecisionSpec)[] = []
  const utilities: UtilitySpec[] = []
  for (let k = 1; k <= n; k++) {
    const parents = k === 1 ? [] : [`S${k - 1}`, `D${k - 1}`]
    // Parents [S_k-1, D_k-1]: rows by condition, then action (last fastest).
    const rows = k === 1 ? [0.6, 0.3, 0.1, 0] : CONDITIONS.flatMap((_, s) => ACTIONS.flatMap((__, a) => drift(a, s)))
    variables.push({ kind: 'chance', name: `S${k}`, states: CONDITIONS, parents, table: rows })
    if (noisy)
      variables.push({ kind: 'chance', name: `O${k}`, states: ['ok', 'alarm'], parents: [`S${k}`], table: [0.95, 0.05, 0.8, 0.2, 0.4, 0.6, 0.05, 0.95] })
    const seen = noisy ? `O${k}` : `S${k}`
    // Decisions in one temporal order (D_k-1 -> D_k) unless solved as a LIMID with single policy updating.
    variables.push({ kind: 'decision', name: `D${k}`, states: ACTIONS, parents: k === 1 || limid ? [seen] : [seen, `D${k - 1}`] })
    utilities.push({ name: `U${k}`, parents: [`S${k}`, `D${k}`], table: CONDITIONS.flatMap((_, s) => ACTIONS.map((__, a) => [10, 7, 3, 0][s]! - [0, 2, 6][a]!)) })
  }
  const built = diagramFromSpec({ variables, utilities })
  if (E.isLeft(built)) throw new Error(`maintenance diagram: ${built.left._tag}`)
  return built.right
}

const row = (problem: string, n: number, method: string, fn: () => E.Either<DecisionError, { readonly meu: number; readonly optimality: string }>): Row => {
  const first = performance.now()
  const result = fn()
  const firstMs = performance.now() - first
  if (E.isLeft(result)) return { suite: 'decision', case: `${problem}, ${n} decisions`, engine: method, medianMs: Number.NaN, repeats: 0, note: describeError(result.left) }
  const { medianMs, repeats } = measure(fn, repeatsFor(firstMs))
  return { suite: 'decision', case: `${problem}, ${n} decisions`, engine: method, medianMs, repeats, meu: result.right.meu, optimality: result.right.optimality }
}

export const suite: Suite = {
  name: 'decision',
  description: 'influence diagrams with 5 and 10 sequential decisions: exact elimination with no-forgetting, single policy updating',
  run: () => {
    const rows: Row[] = []
    for (const n of [5, 10]) {
      rows.push(row('observed condition', n, 'solve (exact)', () => solve(maintenance(n, false, false))))
      rows.push(row('noisy inspection', n, 'solve (exact, no-forgetting)', () => solve(maintenance(n, true, false))))
      rows.push(row('noisy inspection, LIMID', n, 'solveLimid (SPU)', () => solveLimid(maintenance(n, true, true))))
    }
    return rows
  },
}
