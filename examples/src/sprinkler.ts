/**
 * The classic sprinkler network declared in code, with typed names: query a
 * conditional exactly (compiled junction tree), then draw samples with a seed
 * and compare their frequencies with the exact answer.
 *
 * Run: pnpm build && node examples/dist/sprinkler.js
 */
import {
  ancestralSample,
  createRng,
  defineNetwork,
  effectiveSampleSize,
  estimate,
  gibbsSample,
  likelihoodWeighting,
  logProb,
  parameterCount,
  rejectionSample,
  rowOf,
} from '@chainrule/models'
import { compile, marginals, toRecord } from '@chainrule/infer'
import { table, unwrap } from './lib/print.js'


const bn = unwrap(
  defineNetwork({
    name: 'sprinkler',
    states: { cloudy: ['no', 'yes'], sprinkler: ['off', 'on'], rain: ['no', 'yes'], wet: ['no', 'yes'] },
    parents: { sprinkler: ['cloudy'], rain: ['cloudy'], wet: ['sprinkler', 'rain'] },
    tables: {
      cloudy: [0.5, 0.5],
      sprinkler: { no: [0.5, 0.5], yes: [0.9, 0.1] },
      rain: { no: { no: 0.8, yes: 0.2 }, yes: { no: 0.2, yes: 0.8 } },
      // A function of the parents' states; `sprinkler === 'onn'` here would not compile.
      wet: ({ sprinkler, rain }) =>
        sprinkler === 'off' ? (rain === 'no' ? [1, 0] : [0.1, 0.9]) : rain === 'no' ? [0.1, 0.9] : [0.01, 0.99],
    },
  }),
)
// logProb(bn, { cloudy: 'yes', sprinkler: 'off', rain: 'yes', wet: 'yess' }) would not compile either.
const lp = unwrap(logProb(bn, { cloudy: 'yes', sprinkler: 'off', rain: 'yes', wet: 'yes' }))
console.log(`sprinkler network: ${bn.dag.nodes.length} variables, ${parameterCount(bn)} free parameters`)
console.log(`log P(cloudy=yes, sprinkler=off, rain=yes, wet=yes) = ${lp.toFixed(6)} nats (P = ${Math.exp(lp).toFixed(6)})\n`)

const exact = toRecord(unwrap(marginals(unwrap(compile(bn)), { evidence: { wet: 'yes' }, targets: ['rain'] }))).rain!.yes!
console.log(`exact P(rain = yes | wet = yes): ${exact.toFixed(6)}\n`)

const seed = 2024
const n = 100_000
const rows: string[][] = []
const row = (method: string, estimateValue: number, effective: number) => {
  const se = Math.sqrt((exact * (1 - exact)) / effective)
  rows.push([method, String(Math.round(effective)), estimateValue.toFixed(6), exact.toFixed(6), Math.abs(estimateValue - exact).toFixed(6), se.toFixed(6)])
}
const forward = unwrap(ancestralSample(bn, n, createRng(seed)))
const wetYes = unwrap(estimate(bn, forward, { wet: 'yes' }))
const both = unwrap(estimate(bn, forward, { wet: 'yes', rain: 'yes' }))
row('ancestral, P(rain, wet) / P(wet)', both / wetYes, n * wetYes)
const rejected = unwrap(rejectionSample(bn, { wet: 'yes' }, { proposals: n }, createRng(seed)))
row('rejection sampling', unwrap(estimate(bn, rejected.samples, { rain: 'yes' })), rejected.samples.rows)
const weighted = unwrap(likelihoodWeighting(bn, { wet: 'yes' }, n, createRng(seed)))
row('likelihood weighting', unwrap(estimate(bn, weighted, { rain: 'yes' })), effectiveSampleSize(weighted))
const gibbs = unwrap(gibbsSample(bn, { wet: 'yes' }, { rows: n, burnIn: 1000 }, createRng(seed)))
row('Gibbs (rows correlated)', unwrap(estimate(bn, gibbs, { rain: 'yes' })), n)
console.log(`P(rain = yes | wet = yes) from ${n.toLocaleString('en-US')} draws each, seed ${seed}:\n`)
console.log(table(['method', 'rows used', 'estimate', 'exact', '|error|', 'std error'], rows))

console.log('\nthe first three forward samples, as named states:')
for (let r = 0; r < 3; r++) console.log(`  ${JSON.stringify(rowOf(forward, r))}`)
