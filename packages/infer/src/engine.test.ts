import { domain } from '@chainrule/factor'
import { defineNetwork, type BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { enumerateJoint, marginals as enumeratedMarginals, mostProbable, tableOver, total } from '@chainrule/testing'
import { compile, type Engine } from './engine.js'
import { describeError, type InferError } from './errors.js'
import { jointPosterior } from './joint-posterior.js'
import { logLikelihoods, predictions } from './batch.js'
import { marginals, toRecord } from './marginals.js'
import { mpe } from './mpe.js'
import { samplePosterior } from './sample-posterior.js'
import { createRng, markovNetworkFromSpec } from '@chainrule/models'

// Lauritzen & Spiegelhalter's chest clinic (1988), declared in code.
const asiaNetwork = defineNetwork({
  states: {
    asia: ['yes', 'no'],
    tub: ['yes', 'no'],
    smoke: ['yes', 'no'],
    lung: ['yes', 'no'],
    bronc: ['yes', 'no'],
    either: ['yes', 'no'],
    xray: ['yes', 'no'],
    dysp: ['yes', 'no'],
  },
  parents: { tub: ['asia'], lung: ['smoke'], bronc: ['smoke'], either: ['tub', 'lung'], xray: ['either'], dysp: ['bronc', 'either'] },
  tables: {
    asia: [0.01, 0.99],
    tub: { yes: [0.05, 0.95], no: [0.01, 0.99] },
    smoke: [0.5, 0.5],
    lung: { yes: [0.1, 0.9], no: [0.01, 0.99] },
    bronc: { yes: [0.6, 0.4], no: [0.3, 0.7] },
    either: ({ tub, lung }) => (tub === 'yes' || lung === 'yes' ? [1, 0] : [0, 1]),
    xray: { yes: [0.98, 0.02], no: [0.05, 0.95] },
    dysp: ({ bronc, either }) => {
      const p = bronc === 'yes' ? (either === 'yes' ? 0.9 : 0.8) : either === 'yes' ? 0.7 : 0.1
      return [p, 1 - p]
    },
  },
})
if (E.isLeft(asiaNetwork)) throw new Error('asia does not validate')
const asia = asiaNetwork.right
type AsiaAssignment = NonNullable<typeof asia.__assignment>

const compiled = <A extends Readonly<Record<string, string>>>(bn: BayesianNetwork<A>): Engine<A> => {
  const engine = compile(bn)
  if (E.isLeft(engine)) throw new Error(describeError(engine.left))
  return engine.right
}
const engine = compiled(asia)

/** P(every variable | evidence), P(evidence), the largest joint entry and P(asia, dysp, evidence) by the oracle's enumeration. */
const bruteForce = (evidence: Partial<AsiaAssignment>) => {
  const model = { cards: asia.domain.variables.map((v) => v.states.length), tables: asia.cpts }
  const states = Int32Array.from(asia.domain.variables, (v) => {
    const state = evidence[v.name as keyof AsiaAssignment]
    return state === undefined ? -1 : v.states.indexOf(state)
  })
  const joint = enumerateJoint(model, { evidence: states })
  const over = tableOver(joint, [0, 7]).table
  const pairs = new Map([0, 1].flatMap((a) => [0, 1].map((d): [string, number] => [`${a},${d}`, over[a * 2 + d]!])))
  return { marginal: enumeratedMarginals(joint)!, mass: total(joint), best: Math.exp(mostProbable(joint)!.logWeight), pairs }
}

const leftTag = <T>(result: E.Either<InferError, T>): string => (E.isLeft(result) ? result.left._tag : 'Right')

describe('compiled inference on the asia network equals summing the joint', () => {
  for (const evidence of [{}, { dysp: 'yes' }, { asia: 'yes', xray: 'yes' }, { smoke: 'no', dysp: 'yes', xray: 'no' }] as const) {
    it(`marginals and log P(e) given ${JSON.stringify(evidence)}`, () => {
      const exact = bruteForce(evidence)
      const posterior = marginals(engine, { evidence })
      if (E.isLeft(posterior)) throw new Error(describeError(posterior.left))
      expect(Math.abs(posterior.right.logPEvidence - Math.log(exact.mass))).toBeLessThan(1e-12)
      asia.domain.variables.forEach((v) => {
        v.states.forEach((_, s) => expect(Math.abs(posterior.right.probabilities[v.id]![s]! - exact.marginal[v.id]![s]!)).toBeLessThan(1e-12))
      })
      // toRecord lists exactly the unobserved variables, states in declaration order.
      const record = toRecord(posterior.right)
      expect(Object.keys(record)).toEqual(asia.domain.variables.map((v) => v.name).filter((name) => !(name in evidence)))
      expect(Object.keys(record.tub ?? record.asia ?? {})).toEqual(['yes', 'no'])
    })
  }

  it('MPE: the most probable completion, with log P(x, e)', () => {
    const exact = bruteForce({ dysp: 'yes' })
    const best = mpe(engine, { evidence: { dysp: 'yes' } })
    if (E.isLeft(best)) throw new Error(describeError(best.left))
    expect(Math.abs(best.right.logProbability - Math.log(exact.best))).toBeLessThan(1e-12)
    expect(best.right.assignment.dysp).toBe('yes')
    // Smoking bronchitis explains dyspnoea best (Lauritzen & Spiegelhalter).
    expect(best.right.assignment.bronc).toBe('yes')
  })

  it('a joint posterior comes from one cluster when possible, else from elimination', () => {
    const exact = bruteForce({ xray: 'yes' })
    const far = jointPosterior(engine, ['asia', 'dysp'], { evidence: { xray: 'yes' } })
    if (E.isLeft(far)) throw new Error(describeError(far.left))
    expect(far.right.method).toBe('elimination')
    for (const a of [0, 1])
      for (const d of [0, 1])
        expect(Math.abs(far.right.factor.values[a * 2 + d]! - (exact.pairs.get(`${a},${d}`) ?? 0) / exact.mass)).toBeLessThan(1e-12)
    const near = jointPosterior(engine, ['either', 'tub'], { evidence: { xray: 'yes' } })
    if (E.isLeft(near)) throw new Error(describeError(near.left))
    expect(near.right.method).toBe('cluster')
    // either = tub or lung: P(either = no, tub = yes) is zero.
    expect(near.right.factor.values[1 * 2 + 0]).toBe(0)
    expect(Math.abs(near.right.factor.values[0 * 2 + 0]! - exact.marginal[1]![0]!)).toBeLessThan(1e-12)
  })

  it('soft evidence is a virtual child: likelihood (0.8, 0.2) on xray', () => {
    const soft = marginals(engine, { soft: { xray: [0.8, 0.2] } })
    const yes = bruteForce({ xray: 'yes' })
    const no = bruteForce({ xray: 'no' })
    if (E.isLeft(soft)) throw new Error(describeError(soft.left))
    const weightYes = 0.8 * yes.mass
    const weightNo = 0.2 * no.mass
    const expected = (weightYes * yes.marginal[1]![0]! + weightNo * no.marginal[1]![0]!) / (weightYes + weightNo)
    expect(Math.abs(soft.right.probabilities[1]![0]! - expected)).toBeLessThan(1e-12)
    // P(e) is computed with the likelihood scaled to a peak of 1.
    expect(Math.abs(soft.right.logPEvidence - Math.log((weightYes + weightNo) / 0.8))).toBeLessThan(1e-12)
  })

  it('exact posterior samples: reproducible, evidence held, frequencies within 5 standard errors', () => {
    const rows = 20_000
    const draw = () => samplePosterior(engine, rows, createRng(11), { evidence: { dysp: 'yes' } })
    const first = draw()
    const second = draw()
    if (E.isLeft(first) || E.isLeft(second)) throw new Error('sampling failed')
    expect(first.right.columns).toEqual(second.right.columns)
    expect(first.right.columns[7]!.every((s) => s === 0)).toBe(true)
    const exact = bruteForce({ dysp: 'yes' })
    for (const v of [1, 3, 4, 5]) {
      const p = exact.marginal[v]![0]!
      const freq = first.right.columns[v]!.reduce((n, s) => n + (s === 0 ? 1 : 0), 0) / rows
      expect(Math.abs(freq - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / rows))
    }
  })
})

describe('bad questions get typed errors', () => {
  it('unknown variables and states, malformed likelihoods', () => {
    expect(leftTag(marginals(engine, { evidence: { nope: 'yes' } as never }))).toBe('UnknownVariable')
    // @ts-expect-error 'maybe' is not a state of dysp: the network's types reject it
    expect(leftTag(marginals(engine, { evidence: { dysp: 'maybe' } }))).toBe('UnknownState')
    expect(leftTag(marginals(engine, { soft: { xray: [1] } }))).toBe('InvalidLikelihood')
    expect(leftTag(marginals(engine, { soft: { xray: [1, -1] } }))).toBe('InvalidLikelihood')
    expect(leftTag(marginals(engine, { soft: { xray: [0, 0] } }))).toBe('InvalidLikelihood')
    expect(leftTag(jointPosterior(engine, ['tub', 'tub']))).toBe('DuplicateTarget')
    expect(leftTag(samplePosterior(engine, -1, createRng(1)))).toBe('InvalidRowCount')
  })

  it('evidence of probability zero is ImpossibleEvidence, in every query', () => {
    // either is a deterministic OR of tub and lung.
    const evidence = { tub: 'yes', either: 'no' } as const
    expect(leftTag(marginals(engine, { evidence }))).toBe('ImpossibleEvidence')
    expect(leftTag(mpe(engine, { evidence }))).toBe('ImpossibleEvidence')
    expect(leftTag(jointPosterior(engine, ['asia', 'dysp'], { evidence }))).toBe('ImpossibleEvidence')
    expect(leftTag(samplePosterior(engine, 3, createRng(1), { evidence }))).toBe('ImpossibleEvidence')
    const e = marginals(engine, { evidence })
    if (E.isRight(e)) throw new Error('expected an error')
    expect(describeError(e.left)).toBe('the evidence has probability zero: tub=yes, either=no')
  })

  it('a tree over the memory budget is refused with its size, before allocation', () => {
    const refused = compile(asia, { memoryBudgetBytes: 100, method: 'tree' })
    expect(leftTag(refused)).toBe('OverBudget')
    if (E.isRight(refused)) throw new Error('expected an error')
    expect(describeError(refused.left)).toMatch(/^the junction tree needs [\d.]+ (B|KiB) \(.*\), over the memory budget of 100 B$/)
  })

  it('without a whole tree, marginals come from relevant parts, or from elimination when no tree fits', () => {
    const small = compile(asia, { memoryBudgetBytes: 100 })
    const none = compile(asia, { method: 'elimination' })
    if (E.isLeft(small) || E.isLeft(none)) throw new Error('auto and elimination engines always compile')
    expect(small.right.treeBuilt).toBe(false)
    // 100 bytes hold no tree at all, not even over a relevant part; elimination holds one table at a time.
    const tiny = marginals(small.right, { evidence: { dysp: 'yes' } })
    if (E.isLeft(tiny)) throw new Error(describeError(tiny.left))
    expect(tiny.right.method).toBe('log-space')
    const dysp = bruteForce({ dysp: 'yes' })
    for (const v of tiny.right.targets) tiny.right.probabilities[v]!.forEach((p, s) => expect(Math.abs(p - dysp.marginal[v]![s]!)).toBeLessThan(1e-12))
    for (const e of [none.right]) {
      const exact = bruteForce({ dysp: 'yes', smoke: 'no' })
      const posterior = marginals(e, { evidence: { dysp: 'yes', smoke: 'no' } })
      if (E.isLeft(posterior)) throw new Error(describeError(posterior.left))
      expect(posterior.right.method).toBe('relevant-parts')
      expect(Math.abs(posterior.right.logPEvidence - Math.log(exact.mass))).toBeLessThan(1e-12)
      for (const v of posterior.right.targets)
        posterior.right.probabilities[v]!.forEach((p, s) => expect(Math.abs(p - exact.marginal[v]![s]!)).toBeLessThan(1e-12))
      expect(leftTag(marginals(e, { evidence: { tub: 'yes', either: 'no' } }))).toBe('ImpossibleEvidence')
      // Soft findings are answered from relevant parts too.
      const soft = marginals(e, { soft: { xray: [0.8, 0.2] } })
      if (E.isLeft(soft)) throw new Error(describeError(soft.left))
      expect(soft.right.method).toBe('relevant-parts')
    }
    // MPE and samples come from the question's evidence-reduced tree; with 100 bytes not even elimination's buckets fit.
    const best = mpe(none.right, { evidence: { dysp: 'yes' } })
    if (E.isLeft(best)) throw new Error(describeError(best.left))
    expect(best.right.method).toBe('reduced-tree')
    expect(Math.abs(best.right.logProbability - Math.log(bruteForce({ ...best.right.assignment }).mass))).toBeLessThan(1e-12)
    const drawn = samplePosterior(none.right, 10, createRng(1), { evidence: { dysp: 'yes' } })
    if (E.isLeft(drawn)) throw new Error(describeError(drawn.left))
    expect(drawn.right.method).toBe('reduced-tree')
    const tight = mpe(small.right)
    expect(E.isLeft(tight) && tight.left._tag === 'Elimination' && tight.left.error._tag).toBe('MemoryBudgetExceeded')
  })

  it('targets limit the answer to the variables asked for', () => {
    const posterior = marginals(engine, { evidence: { dysp: 'yes' }, targets: ['lung', 'tub'] })
    if (E.isLeft(posterior)) throw new Error(describeError(posterior.left))
    expect(Object.keys(toRecord(posterior.right))).toEqual(['lung', 'tub'])
    expect(leftTag(marginals(engine, { targets: ['nope' as 'tub'] }))).toBe('UnknownVariable')
    expect(leftTag(marginals(engine, { targets: ['tub', 'tub'] }))).toBe('DuplicateTarget')
  })

  it('a model without variables compiles: P(nothing) = 1', () => {
    const empty = markovNetworkFromSpec({ variables: [], factors: [] })
    const d = domain([])
    if (E.isRight(empty) || E.isLeft(d)) throw new Error('an empty Markov network is refused as a declaration')
    // The engine still takes a model without variables (a Markov network built by hand).
    const engine = compile({ domain: d.right, factors: [] })
    if (E.isLeft(engine)) throw new Error(describeError(engine.left))
    const posterior = marginals(engine.right)
    if (E.isLeft(posterior)) throw new Error(describeError(posterior.left))
    expect(posterior.right.logPEvidence).toBe(0)
    expect(posterior.right.targets).toEqual([])
  })

  it('a user elimination order must be a permutation', () => {
    expect(leftTag(compile(asia, { strategies: [{ kind: 'order', order: [0, 1, 2] }] }))).toBe('InvalidEliminationOrder')
    expect(leftTag(compile(asia, { strategies: [{ kind: 'order', order: [0, 1, 2, 3, 4, 5, 6, 6] }] }))).toBe('InvalidEliminationOrder')
    expect(leftTag(compile(asia, { strategies: [{ kind: 'order', order: [7, 6, 5, 4, 3, 2, 1, 0] }] }))).toBe('Right')
  })
})

describe('many rows at once', () => {
  it('log-likelihood of each row equals summing the joint over its missing cells', () => {
    const rows = 40
    const drawn = samplePosterior(engine, rows, createRng(5))
    if (E.isLeft(drawn)) throw new Error('sampling failed')
    // Hide some cells: 255 marks a missing cell.
    const columns = drawn.right.columns.map((c, v) => Uint8Array.from(c, (s, r) => ((r * 7 + v * 3) % 5 === 0 ? 255 : s)))
    const scores = logLikelihoods(engine, columns, rows)
    if (E.isLeft(scores)) throw new Error(describeError(scores.left))
    for (let r = 0; r < rows; r++) {
      const evidence: Record<string, string> = {}
      asia.domain.variables.forEach((v) => {
        const s = columns[v.id]![r]!
        if (s !== 255) evidence[v.name] = v.states[s]!
      })
      expect(Math.abs(scores.right[r]! - Math.log(bruteForce(evidence as Partial<AsiaAssignment>).mass))).toBeLessThan(1e-12)
    }
  })

  it('predictions of one variable for each row equal its posterior given the row', () => {
    // row 0: dysp = yes; row 1: xray = yes; row 2: tub = yes (observes the target); state 0 is 'yes'
    const columns = asia.domain.variables.map((_, v) => Uint8Array.of(v === 7 ? 0 : 255, v === 6 ? 0 : 255, v === 1 ? 0 : 255))
    const p = predictions(engine, columns, 3, 'tub')
    if (E.isLeft(p)) throw new Error(describeError(p.left))
    const { probabilities, possible } = p.right
    expect(Math.abs(probabilities[0]! - bruteForce({ dysp: 'yes' }).marginal[1]![0]!)).toBeLessThan(1e-12)
    expect(Math.abs(probabilities[2]! - bruteForce({ xray: 'yes' }).marginal[1]![0]!)).toBeLessThan(1e-12)
    expect(Array.from(probabilities.slice(4, 6))).toEqual([1, 0])
    expect(Array.from(possible)).toEqual([1, 1, 1])
    // tub = yes with either = no is impossible: no answer, no NaN.
    const impossibleRow = asia.domain.variables.map((_, v) => Uint8Array.of(v === 1 ? 0 : v === 5 ? 1 : 255))
    const none = predictions(engine, impossibleRow, 1, 'lung')
    if (E.isLeft(none)) throw new Error(describeError(none.left))
    expect(Array.from(none.right.possible)).toEqual([0])
    expect(Array.from(none.right.probabilities)).toEqual([0, 0])
    expect(leftTag(predictions(engine, columns, 3, 'nope' as 'tub'))).toBe('UnknownVariable')
    expect(leftTag(logLikelihoods(engine, columns.slice(1), 3))).toBe('ShapeMismatch')
    expect(leftTag(logLikelihoods(engine, columns, -1))).toBe('InvalidRowCount')
    expect(leftTag(logLikelihoods(engine, columns, 1.5))).toBe('InvalidRowCount')
    expect(leftTag(logLikelihoods(engine, columns, 4))).toBe('InvalidRowCount')
    expect(leftTag(samplePosterior(engine, 1e12, createRng(1)))).toBe('RowsOverBudget')
  })
})
