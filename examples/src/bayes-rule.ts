/**
 * Bayes rule with @chainrule/factor, two ways.
 *
 * 1. The classic disease test: a disease with prevalence 1/100, a test with sensitivity 95/100 and a
 *    false-positive rate 5/100. `bayes(prior, likelihood, observed)` gives P(Disease | Test) and
 *    P(Test); the table shows them next to the exact fractions, worked out here with bigint arithmetic.
 * 2. Conditioning a small joint: P(Rain, Sprinkler, Grass) built from three conditional tables, then
 *    `condition(joint, { Grass: 'wet' })`, checked against variable elimination on the same tables.
 *
 * Run: `pnpm exec tsc -b examples && node examples/dist/bayes-rule.js`
 */
import {
  bayes,
  condition,
  conditional,
  describeError,
  domain,
  evidenceByName,
  productOfMany,
  variableElimination,
  type Domain,
  type FactorError,
} from '@chainrule/factor'
import * as E from 'fp-ts/lib/Either.js'
import { table } from './lib/print.js'

const orExit = <T>(result: E.Either<FactorError, T>): T => {
  if (E.isLeft(result)) {
    process.stderr.write(`error: ${describeError(result.left)}\n`)
    process.exit(1)
  }
  return result.right
}

/** An exact fraction p/q in lowest terms. */
interface Fraction {
  readonly p: bigint
  readonly q: bigint
}
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b))
const frac = (p: bigint, q: bigint): Fraction => {
  const g = gcd(p, q)
  return { p: p / g, q: q / g }
}
const mul = (a: Fraction, b: Fraction): Fraction => frac(a.p * b.p, a.q * b.q)
const add = (a: Fraction, b: Fraction): Fraction => frac(a.p * b.q + b.p * a.q, a.q * b.q)
const div = (a: Fraction, b: Fraction): Fraction => frac(a.p * b.q, a.q * b.p)
const one = (a: Fraction): Fraction => frac(a.q - a.p, a.q)
/** The fraction as a decimal with `digits` digits after the point, by exact long division. */
const decimal = (f: Fraction, digits = 15): string => {
  const scaled = (f.p * 10n ** BigInt(digits) * 2n + f.q) / (2n * f.q) // rounded half up
  const s = scaled.toString().padStart(digits + 1, '0')
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`
}

// ---------------------------------------------------------------- 1. the disease test
const prevalence = frac(1n, 100n)
const sensitivity = frac(95n, 100n) // P(positive | present)
const falsePositive = frac(5n, 100n) // P(positive | absent)

const medical: Domain = orExit(
  domain([
    { name: 'Disease', states: ['absent', 'present'] },
    { name: 'Test', states: ['negative', 'positive'] },
  ]),
)
const [disease, test] = medical.ids as [(typeof medical.ids)[number], (typeof medical.ids)[number]]
const toNumber = (f: Fraction): number => Number(f.p) / Number(f.q)
const prior = orExit(conditional(medical, disease, [], { kind: 'flat', values: [toNumber(one(prevalence)), toNumber(prevalence)] }))
const likelihood = orExit(
  conditional(medical, test, [disease], {
    kind: 'rows',
    rows: [
      [toNumber(one(falsePositive)), toNumber(falsePositive)],
      [toNumber(one(sensitivity)), toNumber(sensitivity)],
    ],
  }),
)

const rows: string[][] = []
for (const outcome of ['positive', 'negative'] as const) {
  const result = orExit(bayes(prior, likelihood, outcome, medical))
  const pObserved = outcome === 'positive' ? sensitivity : one(sensitivity)
  const pObservedIfAbsent = outcome === 'positive' ? falsePositive : one(falsePositive)
  const evidence = add(mul(prevalence, pObserved), mul(one(prevalence), pObservedIfAbsent))
  const posterior = div(mul(prevalence, pObserved), evidence)
  const computed = result.posterior.values[1]!
  rows.push([`Test=${outcome}`, `${evidence.p}/${evidence.q}`, decimal(evidence), result.probability.toFixed(15), `${posterior.p}/${posterior.q}`, decimal(posterior), computed.toFixed(15), Math.abs(computed - toNumber(posterior)).toExponential(1)])
}
process.stdout.write('Disease test: prevalence 1/100, sensitivity 95/100, false-positive rate 5/100\n\n')
process.stdout.write(
  `${table(['observed', 'P(obs) exact', 'P(obs) decimal', 'P(obs) bayes()', 'P(present|obs) exact', 'decimal', 'bayes()', '|diff|'], rows)}\n\n`,
)

// ---------------------------------------------------------------- 2. conditioning a small joint
const garden = orExit(
  domain([
    { name: 'Rain', states: ['no', 'yes'] },
    { name: 'Sprinkler', states: ['off', 'on'] },
    { name: 'Grass', states: ['dry', 'wet'] },
  ]),
)
const [rain, sprinkler, grass] = garden.ids as [(typeof garden.ids)[number], (typeof garden.ids)[number], (typeof garden.ids)[number]]
const cpts = [
  orExit(conditional(garden, rain, [], { kind: 'flat', values: [0.8, 0.2] })),
  orExit(conditional(garden, sprinkler, [rain], { kind: 'rows', rows: [[0.6, 0.4], [0.99, 0.01]] })),
  orExit(
    conditional(garden, grass, [rain, sprinkler], {
      kind: 'keyed',
      rows: [
        { given: ['no', 'off'], probs: [1, 0] },
        { given: ['no', 'on'], probs: [0.1, 0.9] },
        { given: ['yes', 'off'], probs: [0.2, 0.8] },
        { given: ['yes', 'on'], probs: [0.01, 0.99] },
      ],
    }),
  ),
]
const joint = productOfMany(cpts, [rain, sprinkler, grass])
const wet = orExit(evidenceByName(garden, { Grass: 'wet' }))
const conditioned = orExit(condition(joint, wet, garden))
const ve = orExit(variableElimination(cpts, { targets: [rain, sprinkler], evidence: wet, childOf: { kind: 'last' }, domain: garden }))

process.stdout.write('Garden: P(Rain, Sprinkler | Grass=wet) from the 8-entry joint, and by variable elimination\n\n')
const gardenRows: string[][] = []
for (let r = 0; r < 2; r++)
  for (let s = 0; s < 2; s++) {
    const i = r * 2 + s
    gardenRows.push([
      `Rain=${garden.variables[rain]!.states[r]}, Sprinkler=${garden.variables[sprinkler]!.states[s]}`,
      joint.values[i * 2 + 1]!.toFixed(6),
      conditioned.posterior.values[i]!.toFixed(12),
      ve.posterior.values[i]!.toFixed(12),
    ])
  }
process.stdout.write(`${table(['assignment', 'P(x, wet)', 'condition()', 'variableElimination()'], gardenRows)}\n\n`)
process.stdout.write(`P(Grass=wet) = ${conditioned.probability.toFixed(12)} (condition), ${Math.exp(ve.logEvidence).toFixed(12)} (VE)\n`)
