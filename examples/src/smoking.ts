/**
 * Seeing against doing, and learning what doing does from observations alone:
 * Pearl's front-door story. A genotype (never measured) makes people both
 * smoke and get cancer; smoking causes cancer only through tar deposits.
 *
 * 1. P(cancer | smoking) (seeing) against P(cancer | do(smoking)) (doing), on
 *    the compiled network: the intervention is a question like any other.
 * 2. With the genotype hidden, no backdoor set exists, but the front door does:
 *    the ID algorithm returns the estimand, which is evaluated on the model's
 *    observational distribution and estimated from rows of data without the
 *    genotype column.
 * 3. The average causal effect.
 *
 * Run: pnpm build && node examples/dist/smoking.js
 */
import { backdoorSets, causalDiagram, causalEffect, dataProbabilities, evaluate, frontdoorSets, identify, modelProbabilities, renderEstimand, valueAt } from '@chainrule/causal'
import { dataSet, fromSamples, memorySource } from '@chainrule/data'
import { compile, marginals, toRecord } from '@chainrule/infer'
import { ancestralSample, createRng, defineNetwork } from '@chainrule/models'
import { unwrap } from './lib/print.js'

const network = unwrap(
  defineNetwork({
    name: 'front door',
    states: { genotype: ['yes', 'no'], smoking: ['yes', 'no'], tar: ['yes', 'no'], cancer: ['yes', 'no'] },
    parents: { smoking: ['genotype'], tar: ['smoking'], cancer: ['tar', 'genotype'] },
    tables: {
      genotype: [0.3, 0.7],
      smoking: { yes: [0.8, 0.2], no: [0.3, 0.7] },
      tar: { yes: [0.9, 0.1], no: [0.1, 0.9] },
      cancer: ({ tar, genotype }) => (tar === 'yes' ? (genotype === 'yes' ? [0.8, 0.2] : [0.4, 0.6]) : genotype === 'yes' ? [0.5, 0.5] : [0.1, 0.9]),
    },
  }),
)
const engine = unwrap(compile(network))
const f6 = (p: number) => p.toFixed(6)

const seeing = toRecord(unwrap(marginals(engine, { evidence: { smoking: 'yes' }, targets: ['cancer'] })))
const doing = toRecord(unwrap(marginals(engine, { do: { smoking: 'yes' }, targets: ['cancer'] })))
console.log(`P(cancer = yes | smoking = yes) = ${f6(seeing.cancer!.yes!)}  (seeing: smokers carry the genotype more often)`)
console.log(`P(cancer = yes | do(smoking = yes)) = ${f6(doing.cancer!.yes!)}  (doing)`)

const diagram = unwrap(causalDiagram(network, { hidden: ['genotype'] }))
const query = { treatment: ['smoking'], outcome: ['cancer'] }
console.log(`\nwith the genotype hidden: backdoor sets ${JSON.stringify(unwrap(backdoorSets(diagram, query)).sets)}, front-door sets ${JSON.stringify(unwrap(frontdoorSets(diagram, query)).sets)}`)
const answer = unwrap(identify(diagram, query))
if (!answer.identifiable) throw new Error('the front door identifies this effect')
console.log(`P(cancer | do(smoking)) = ${renderEstimand(answer.estimand)}`)
const onModel = unwrap(evaluate(answer.estimand, modelProbabilities(engine)))
console.log(`the estimand on the model's observational distribution: ${f6(unwrap(valueAt(onModel, { smoking: 'yes', cancer: 'yes' })))}`)

// 100,000 rows drawn from the model, the genotype column dropped: what a study would have.
const rows = unwrap(fromSamples(unwrap(ancestralSample(network, 100_000, createRng(2026)))))
const kept = rows.variables.map((name, i) => [name, i] as const).filter(([name]) => name !== 'genotype')
const observed = unwrap(dataSet({ variables: kept.map(([name]) => name), states: kept.map(([, i]) => rows.states[i]!), columns: kept.map(([, i]) => rows.columns[i]!) }))
const fromData = unwrap(evaluate(answer.estimand, unwrap(await dataProbabilities(memorySource(observed), [answer.estimand]))))
console.log(`the estimand from 100,000 rows without the genotype: ${f6(unwrap(valueAt(fromData, { smoking: 'yes', cancer: 'yes' })))}`)

const effect = unwrap(causalEffect(engine, { outcome: 'cancer', treated: { smoking: 'yes' }, control: { smoking: 'no' } }))
console.log(`\naverage causal effect of smoking on cancer: ${f6(effect.difference.yes!)} (P(cancer | do(yes)) - P(cancer | do(no)))`)
