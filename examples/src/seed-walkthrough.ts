/**
 * The seed walk-through: what each modelling assumption costs in parameters,
 * exactly, from one RGB pixel to 784 binary pixels; Bayes rule on a
 * two-variable example; conditional independence on a three-variable chain.
 *
 * Run: pnpm build && node examples/dist/seed-walkthrough.js
 */
import * as E from 'fp-ts/lib/Either.js'
import { chain, independent, markov } from '@chainrule/graph'
import {
  dagParameterCount,
  defineNetwork,
  describeError,
  fullJointParameters,
  independentParameters,
  markovParameters,
} from '@chainrule/models'
import { compile, marginals, toRecord } from '@chainrule/infer'
import { table, unwrap } from './lib/print.js'

const short = (n: bigint): string => {
  const s = n.toString()
  return s.length <= 24 ? s : `${s.slice(0, 10)}...(${s.length} digits)`
}

console.log('# Parameter counts, exact (bigint)\n')
console.log(`one RGB pixel, 256 levels per channel, full joint: ${unwrap(fullJointParameters([256, 256, 256]))}`)
console.log(`  ... treating the channels as independent: ${unwrap(independentParameters([256, 256, 256]))}\n`)

const rows: string[][] = []
for (const n of [1, 2, 3, 4, 8, 16, 32, 64, 128, 256, 512, 784]) {
  const cards = Array<number>(n).fill(2)
  const names = Array.from({ length: n }, (_, i) => `x${i + 1}`)
  const joint = unwrap(fullJointParameters(cards))
  const fromChain = unwrap(dagParameterCount(unwrap(chain(names)), cards))
  const fromIndependent = unwrap(dagParameterCount(unwrap(independent(names)), cards))
  const fromMarkov = unwrap(dagParameterCount(unwrap(markov(names, 1)), cards))
  if (fromChain !== joint || fromMarkov !== unwrap(markovParameters(cards, 1)) || fromIndependent !== BigInt(n))
    throw new Error('closed forms and graph counts disagree')
  rows.push([String(n), short(joint), short(fromChain), String(fromIndependent), String(fromMarkov)])
}
console.log('n binary pixels: full joint 2^n - 1, chain rule (counted on the chain DAG), independence n, first-order Markov 2n - 1\n')
console.log(table(['n', 'full joint', 'chain rule', 'independent', 'markov k=1'], rows))
console.log(`\n2^784 - 1, every digit:\n${unwrap(fullJointParameters(Array<number>(784).fill(2)))}\n`)

console.log('# Bayes rule on two variables\n')
const medical = unwrap(
  defineNetwork({
    states: { disease: ['absent', 'present'], test: ['negative', 'positive'] },
    parents: { test: ['disease'] },
    tables: {
      disease: { absent: 0.99, present: 0.01 },
      test: { absent: [0.95, 0.05], present: [0.1, 0.9] },
    },
  }),
)
const prior = 0.01
const likelihood = 0.9
const evidence = likelihood * prior + 0.05 * (1 - prior)
const byHand = (likelihood * prior) / evidence
const exact = toRecord(unwrap(marginals(unwrap(compile(medical)), { evidence: { test: 'positive' }, targets: ['disease'] }))).disease!
console.log(table(
  ['quantity', 'value'],
  [
    ['P(disease = present)', prior.toFixed(6)],
    ['P(test = positive | present)', likelihood.toFixed(6)],
    ['P(test = positive)', evidence.toFixed(6)],
    ['P(present | positive), by hand', byHand.toFixed(6)],
    ['P(present | positive), exact inference', exact.present!.toFixed(6)],
  ],
))

console.log('\n# Conditional independence on a chain a -> b -> c\n')
const chainNet = unwrap(
  defineNetwork({
    states: { a: ['0', '1'], b: ['0', '1'], c: ['0', '1'] },
    parents: { b: ['a'], c: ['b'] },
    tables: { a: [0.3, 0.7], b: { '0': [0.9, 0.1], '1': [0.2, 0.8] }, c: { '0': [0.6, 0.4], '1': [0.05, 0.95] } },
  }),
)
const chainEngine = unwrap(compile(chainNet))
/** P(c = 1 | evidence), exactly. */
const cGiven = (evidence: { a?: '0' | '1'; b?: '0' | '1' }): number =>
  toRecord(unwrap(marginals(chainEngine, { evidence, targets: ['c'] }))).c!['1']!
const ciRows: string[][] = []
for (const a of ['0', '1'] as const)
  for (const b of ['0', '1'] as const) {
    const withA = cGiven({ a, b })
    const withoutA = cGiven({ b })
    ciRows.push([a, b, withA.toFixed(6), withoutA.toFixed(6)])
  }
console.log(table(['a', 'b', 'P(c=1 | a, b)', 'P(c=1 | b)'], ciRows))
const marginal = cGiven({})
const givenA = cGiven({ a: '1' })
console.log(`\nc is independent of a given b (equal columns above), but not marginally: P(c=1) = ${marginal.toFixed(6)}, P(c=1 | a=1) = ${givenA.toFixed(6)}`)
const typo = defineNetwork({ variables: [{ name: 'x', states: ['0', '1'], parents: ['y'], table: [0.5, 0.5] }] })
if (E.isLeft(typo)) console.log(`\na declaration error reads: ${typo.left.map(describeError).join('; ')}`)
