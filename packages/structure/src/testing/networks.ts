/**
 * Test support: small hand-made networks with strong dependencies (faithful
 * in practice), for recovery tests. (Not imported by `index.ts`.)
 */
import * as E from 'fp-ts/lib/Either.js'
import { createRng, defineNetwork, networkFromSpec, type BayesianNetwork } from '@chainrule/models'
import { right } from './oracle.js'

const yesNo = ['no', 'yes'] as const

/** a -> c <- b, c -> d -> e, plus f <- b: a v-structure whose orientation propagates down the chain (CPDAG all directed but b - f). */
export const collider = (): BayesianNetwork =>
  right(
    defineNetwork({
      states: { a: yesNo, b: yesNo, c: ['low', 'mid', 'high'], d: yesNo, e: yesNo, f: yesNo },
      parents: { c: ['a', 'b'], d: ['c'], e: ['d'], f: ['b'] },
      tables: {
        a: [0.6, 0.4],
        b: [0.3, 0.7],
        c: ({ a, b }) => (a === 'no' && b === 'no' ? [0.8, 0.15, 0.05] : a === 'yes' && b === 'yes' ? [0.05, 0.15, 0.8] : [0.2, 0.6, 0.2]),
        d: { low: [0.9, 0.1], mid: [0.5, 0.5], high: [0.1, 0.9] },
        e: { no: [0.85, 0.15], yes: [0.2, 0.8] },
        f: { no: [0.9, 0.1], yes: [0.25, 0.75] },
      },
    }),
  )

/** The sprinkler network (Pearl; Russell & Norvig): cloudy -> sprinkler, cloudy -> rain, both -> wet. */
export const sprinkler = (): BayesianNetwork =>
  right(
    defineNetwork({
      states: { cloudy: yesNo, sprinkler: ['off', 'on'], rain: yesNo, wet: yesNo },
      parents: { sprinkler: ['cloudy'], rain: ['cloudy'], wet: ['sprinkler', 'rain'] },
      tables: {
        cloudy: [0.5, 0.5],
        sprinkler: { no: [0.5, 0.5], yes: [0.9, 0.1] },
        rain: { no: [0.8, 0.2], yes: [0.2, 0.8] },
        wet: ({ sprinkler, rain }) => (sprinkler === 'off' && rain === 'no' ? [0.99, 0.01] : sprinkler === 'on' && rain === 'yes' ? [0.01, 0.99] : [0.1, 0.9]),
      },
    }),
  )

/** A network on a given DAG with binary tables whose rows alternate between skewed ways (strong dependencies), jittered from a seed. */
export const withRandomTables = (dag: import('@chainrule/graph').Dag, seed: number): E.Either<unknown, BayesianNetwork> => {
  const rng = createRng(seed)
  const variables = dag.nodes.map((name, v) => {
    const rows = 2 ** dag.parentIds[v]!.length
    const table: number[] = []
    for (let j = 0; j < rows; j++) {
      let parity = 0
      for (let k = j; k > 0; k >>= 1) parity ^= k & 1
      const p = parity === 0 ? 0.1 + 0.1 * rng.float() : 0.8 + 0.1 * rng.float()
      table.push(p, 1 - p)
    }
    return { name, states: ['0', '1'], parents: dag.parentIds[v]!.map((p) => dag.nodes[p]!), table }
  })
  return E.map((r: { network: BayesianNetwork }) => r.network)(networkFromSpec({ variables }))
}
