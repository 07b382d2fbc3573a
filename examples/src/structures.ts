/**
 * The seed's structures over n binary pixels: full independence, k-th order Markov
 * chains, and the chain rule. For each: how many edges, how many free parameters its
 * conditional tables need (binary variables: one per parent configuration), which
 * local independencies it asserts, and a table of d-separation questions.
 *
 * Run: pnpm exec tsc -b examples && node examples/dist/structures.js
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  chain,
  describeError,
  describeIndependence,
  dSeparated,
  edgeCount,
  independent,
  localIndependencies,
  markov,
  type Dag,
  type GraphError,
} from '@chainrule/graph'
import { table } from './lib/print.js'

const orDie = <A>(e: E.Either<GraphError, A>): A => {
  if (E.isLeft(e)) {
    console.error(describeError(e.left))
    process.exit(1)
  }
  return e.right
}

const pixels = (n: number) => Array.from({ length: n }, (_, i) => `x${i + 1}`)

const structures = (n: number): [string, Dag][] => [
  ['independent', orDie(independent(pixels(n)))],
  ['markov k=1', orDie(markov(pixels(n), 1))],
  ['markov k=2', orDie(markov(pixels(n), 2))],
  ['chain', orDie(chain(pixels(n)))],
]

/** Free parameters of binary CPTs: each parent configuration fixes one probability. */
const binaryParameters = (dag: Dag): bigint => dag.parentIds.reduce((s, ps) => s + 2n ** BigInt(ps.length), 0n)


const shorten = (digits: string) => (digits.length > 24 ? `${digits.slice(0, 10)}...(${digits.length} digits)` : digits)

console.log('# Size of each structure over n binary pixels\n')
const sizeRows: string[][] = []
for (const n of [6, 28, 784]) {
  for (const [name, dag] of structures(n))
    sizeRows.push([String(n), name, String(edgeCount(dag)), shorten(binaryParameters(dag).toString())])
}
console.log(table(['n', 'structure', 'edges', 'free parameters'], sizeRows, 'left'))

const n = 6
console.log(`\n# Local independencies (each pixel ⟂ its non-descendants given its parents), n = ${n}\n`)
for (const [name, dag] of structures(n)) {
  const statements = localIndependencies(dag)
  console.log(`${name}: ${statements.length === 0 ? '(none: the chain rule asserts no independence)' : ''}`)
  for (const s of statements) console.log(`  ${describeIndependence(s)}`)
}

console.log(`\n# d-separation questions, n = ${n} ("yes" = the structure asserts the independence)\n`)
const questions: [string[], string[], string[]][] = [
  [['x1'], ['x2'], []],
  [['x1'], ['x3'], []],
  [['x1'], ['x3'], ['x2']],
  [['x6'], ['x1', 'x2', 'x3', 'x4'], ['x5']],
  [['x6'], ['x1', 'x2', 'x3'], ['x4', 'x5']],
  [['x1'], ['x6'], ['x3', 'x4']],
  [['x2'], ['x4'], ['x3', 'x6']],
]
const dags = structures(n)
console.log(
  table(
    ['statement', ...dags.map(([name]) => name)],
    questions.map(([x, y, z]) => [
      describeIndependence({ x, y, given: z }),
      ...dags.map(([, dag]) => (orDie(dSeparated(dag, x, y, z)) ? 'yes' : 'no')),
    ]),
    'left',
  ),
)
