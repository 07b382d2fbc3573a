import { defineNetwork } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { type Model, type Table, arbitraryEvidence, arbitraryModel, enumerateJoint, namedEvidence, exactPosterior } from '@chainrule/testing'
import { markovOf, networkOf } from './models.fixtures.js'
import { compile, retable, type Engine } from './engine.js'
import { describeError, type InferError } from './errors.js'
import { jointPosterior } from './joint-posterior.js'
import { marginals, toRecord } from './marginals.js'
import { mpe } from './mpe.js'

const leftTag = <T>(result: E.Either<InferError, T>): string => (E.isLeft(result) ? result.left._tag : 'Right')
const right = <T>(result: E.Either<InferError | readonly { _tag: string }[], T>): T => {
  if (E.isLeft(result)) throw new Error(Array.isArray(result.left) ? result.left.map((e) => e._tag).join(', ') : describeError(result.left as InferError))
  return result.right
}
const expectClose = (got: Record<string, number> | undefined, expected: Record<string, number>): void => {
  expect(Object.keys(got ?? {})).toEqual(Object.keys(expected))
  for (const [state, p] of Object.entries(expected)) expect(Math.abs(got![state]! - p)).toBeLessThan(1e-12)
}

/** An intervention on one variable: a forced state, or a distribution over its states. */
type Forced = { readonly v: number; readonly state: number } | { readonly v: number; readonly distribution: readonly number[] }

/** The truncated factorisation: each intervened variable's table replaced by its forced state or distribution. */
const replacedTables = (model: Model, interventions: readonly Forced[]): (Table | undefined)[] =>
  model.tables.map((t, v) => {
    const forced = interventions.find((i) => i.v === v)
    if (forced === undefined) return undefined
    const card = model.cards[v]!
    const sum = 'distribution' in forced ? forced.distribution.reduce((s, x) => s + x, 0) : 1
    return { scope: t.scope, values: Float64Array.from(t.values, (_, k) => ('state' in forced ? (k % card === forced.state ? 1 : 0) : forced.distribution[k % card]! / sum)) }
  })

const arbInterventions = (cards: readonly number[]): fc.Arbitrary<Forced[]> =>
  fc.uniqueArray(fc.integer({ min: 0, max: cards.length - 1 }), { minLength: 1, maxLength: Math.min(2, cards.length) }).chain((vs) =>
    fc.tuple(
      ...vs.map((v) =>
        fc.oneof(
          fc.integer({ min: 0, max: cards[v]! - 1 }).map((state): Forced => ({ v, state })),
          fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: cards[v]!, maxLength: cards[v]! }).map((distribution): Forced => ({ v, distribution })),
        ),
      ),
    ),
  )

const doOf = (interventions: readonly Forced[]): Record<string, string | number[]> =>
  Object.fromEntries(interventions.map((i) => [`v${i.v}`, 'state' in i ? `s${i.state}` : [...i.distribution]]))

describe('do(): interventions answered on the compiled tree equal the truncated factorisation summed by enumeration', () => {
  const arbCase = arbitraryModel({ variables: { max: 6 } }).chain((model) => fc.tuple(fc.constant(model), arbInterventions(model.cards), arbitraryEvidence(model.cards).map((e) => e.states)))

  it('marginals and log P(e | do) on the whole tree and on relevant parts, one and several interventions, with evidence', () =>
    fc.assert(
      fc.property(arbCase, ([model, interventions, raw]) => {
        // Evidence on a hard-intervened variable only at its forced state (another state is tested below).
        const states = Int32Array.from(raw, (s, v) => {
          const forced = interventions.find((i) => i.v === v)
          return forced !== undefined && 'state' in forced ? (s >= 0 ? forced.state : -1) : s
        })
        const exact = exactPosterior(model, { evidence: states, tables: replacedTables(model, interventions) })
        const network = networkOf(model)
        for (const engine of [right(compile(network)), right(compile(network, { method: 'elimination' }))]) {
          const answer = marginals(engine, { evidence: namedEvidence(states), do: doOf(interventions) })
          if (exact.z === 0) {
            expect(leftTag(answer)).toBe('ImpossibleEvidence')
            continue
          }
          const posterior = right(answer)
          expect(Math.abs(posterior.logPEvidence - Math.log(exact.z))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(Math.log(exact.z))))
          for (const v of posterior.targets) posterior.probabilities[v]!.forEach((p, s) => expect(Math.abs(p - exact.marginals![v]![s]!)).toBeLessThan(1e-12))
        }
      }),
      { numRuns: 200 },
    ))

  it('MPE and joint posteriors under do() equal enumeration of the intervened model', () =>
    fc.assert(
      fc.property(arbCase, ([model, interventions]) => {
        const engine = right(compile(networkOf(model)))
        const tables = replacedTables(model, interventions)
        const { weights } = enumerateJoint(model, { tables })
        const best = Math.max(...weights)
        const explanation = right(mpe(engine, { do: doOf(interventions) }))
        expect(Math.abs(explanation.logProbability - Math.log(best))).toBeLessThan(1e-12)
        const exact = exactPosterior(model, { tables })
        const targets = model.cards.length > 1 ? ['v0', 'v1'] : ['v0']
        const joint = right(jointPosterior(engine, targets, { do: doOf(interventions) }))
        // Marginalising the joint gives each target's intervened marginal.
        const card1 = model.cards.length > 1 ? model.cards[1]! : 1
        for (let s = 0; s < model.cards[0]!; s++) {
          let p = 0
          for (let t = 0; t < card1; t++) p += joint.factor.values[s * card1 + t]!
          expect(Math.abs(p - exact.marginals![0]![s]!)).toBeLessThan(1e-12)
        }
      }),
      { numRuns: 100 },
    ))

  it('a compiled engine answers a new intervention set without recompiling, and forgets it afterwards', () => {
    const net = right(
      defineNetwork({
        states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
        parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
        tables: {
          rain: [0.8, 0.2],
          sprinkler: { no: [0.6, 0.4], yes: [0.99, 0.01] },
          wet: ({ sprinkler, rain }) => (sprinkler === 'off' && rain === 'no' ? [1, 0] : sprinkler === 'on' && rain === 'yes' ? [0.01, 0.99] : [0.2, 0.8]),
        },
      }),
    )
    const engine = right(compile(net))
    const before = toRecord(right(marginals(engine, { evidence: { sprinkler: 'on' } })))
    // Seeing the sprinkler on says it is probably not raining; turning it on says nothing about rain.
    const done = toRecord(right(marginals(engine, { do: { sprinkler: 'on' } })))
    expect(before.rain!.yes).toBeLessThan(0.2)
    expectClose(done.rain, { no: 0.8, yes: 0.2 })
    expectClose(done.sprinkler, { off: 0, on: 1 })
    // P(wet = yes | do(sprinkler = on)) = 0.8 * 0.8 + 0.2 * 0.99
    expect(Math.abs(done.wet!.yes! - (0.8 * 0.8 + 0.2 * 0.99))).toBeLessThan(1e-12)
    // A soft intervention: the sprinkler set on at random half the time.
    const half = toRecord(right(marginals(engine, { do: { sprinkler: [1, 1] } })))
    expect(Math.abs(half.wet!.yes! - 0.5 * (0.8 * 0 + 0.2 * 0.8) - 0.5 * (0.8 * 0.8 + 0.2 * 0.99))).toBeLessThan(1e-12)
    // Nothing of the intervention stays behind.
    expect(toRecord(right(marginals(engine, { evidence: { sprinkler: 'on' } })))).toEqual(before)
    // Observed at the forced state: the same answer as without the observation (P(e | do) = 1).
    const forcedSeen = right(marginals(engine, { evidence: { sprinkler: 'on' }, do: { sprinkler: 'on' } }))
    expect(forcedSeen.logPEvidence).toBeCloseTo(0, 14)
    expectClose(toRecord(forcedSeen).rain, done.rain!)
  })

  it('contradicting an intervention, intervening on a Markov network, and malformed distributions are typed errors', () => {
    const model: Model = { cards: [2, 2], tables: [{ scope: [0], values: [0.3, 0.7] }, { scope: [0, 1], values: [0.9, 0.1, 0.2, 0.8] }] }
    const engine = right(compile(networkOf(model)))
    const contradiction = marginals(engine, { evidence: { v0: 's0' }, do: { v0: 's1' } })
    expect(contradiction).toEqual(E.left({ _tag: 'ContradictsIntervention', variable: 'v0', observed: 's0', forced: 's1' }))
    expect(leftTag(mpe(engine, { evidence: { v0: 's0' }, do: { v0: 's1' } }))).toBe('ContradictsIntervention')
    expect(leftTag(marginals(engine, { do: { v0: [1] } }))).toBe('InvalidIntervention')
    expect(leftTag(marginals(engine, { do: { v0: [0, 0] } }))).toBe('InvalidIntervention')
    expect(leftTag(marginals(engine, { do: { v0: [Number.NaN, 1] } }))).toBe('InvalidIntervention')
    expect(leftTag(marginals(engine, { do: { v0: 's9' } }))).toBe('UnknownState')
    expect(leftTag(marginals(engine, { do: { v9: 's0' } }))).toBe('UnknownVariable')
    const markov = right(compile(markovOf(model)))
    expect(leftTag(marginals(markov, { do: { v0: 's0' } }))).toBe('NotCausal')
  })
})

describe('questions by name', () => {
  const sprinkler = right(
    defineNetwork({
      states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
      parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
      tables: {
        rain: [0.8, 0.2],
        sprinkler: { no: [0.6, 0.4], yes: [0.99, 0.01] },
        wet: ({ sprinkler: s, rain }) => (s === 'off' && rain === 'no' ? [1, 0] : s === 'on' && rain === 'yes' ? [0.01, 0.99] : [0.2, 0.8]),
      },
    }),
  )

  it('the sprinkler posterior P(rain | wet = yes) matches hand computation', () => {
    const engine = right(compile(sprinkler))
    // P(wet=yes, rain=yes) = 0.2 (0.99 0.8 + 0.01 0.99); P(wet=yes, rain=no) = 0.8 (0.6 0 + 0.4 0.8)
    const yes = 0.2 * (0.99 * 0.8 + 0.01 * 0.99)
    const no = 0.8 * (0.4 * 0.8)
    const posterior = right(marginals(engine, { evidence: { wet: 'yes' }, targets: ['rain'] }))
    expect(Math.abs(toRecord(posterior).rain!.yes! - yes / (yes + no))).toBeLessThan(1e-12)
    expect(Math.abs(posterior.logPEvidence - Math.log(yes + no))).toBeLessThan(1e-12)
  })

  it('names and states are typed from the declaration: typos do not compile', () => {
    const engine: Engine<NonNullable<typeof sprinkler.__assignment>> = right(compile(sprinkler))
    // @ts-expect-error misspelled evidence state
    expect(leftTag(marginals(engine, { evidence: { wet: 'yess' } }))).toBe('UnknownState')
    // @ts-expect-error unknown variable as a target
    expect(leftTag(marginals(engine, { targets: ['snow'] }))).toBe('UnknownVariable')
    // @ts-expect-error misspelled intervention state
    expect(leftTag(marginals(engine, { do: { sprinkler: 'onn' } }))).toBe('UnknownState')
    // @ts-expect-error soft evidence on an unknown variable
    expect(leftTag(marginals(engine, { soft: { snow: [1, 1] } }))).toBe('UnknownVariable')
  })

  it('variables named like Object.prototype properties are ordinary variables', () => {
    // A literal `__proto__:` key sets an object's prototype in JavaScript: build the maps with own properties.
    const states: Record<string, readonly string[]> = Object.fromEntries([['constructor', ['a', 'b']], ['__proto__', ['x', 'y']]])
    const parents: Record<string, readonly string[]> = Object.fromEntries([['__proto__', ['constructor']]])
    const tables: Record<string, readonly number[] | Record<string, readonly number[]>> = Object.fromEntries([
      ['constructor', [0.25, 0.75]],
      ['__proto__', { a: [0.5, 0.5], b: [0.1, 0.9] }],
    ])
    const bn = defineNetwork({ states, parents, tables })
    if (E.isLeft(bn)) throw new Error('the network is valid')
    const engine = right(compile(bn.right))
    const p = toRecord(right(marginals(engine, { evidence: Object.fromEntries([['constructor', 'b']]) })))
    expect(Object.keys(p)).toEqual(['__proto__'])
    expect(Math.abs(p['__proto__']!.x! - 0.1)).toBeLessThan(1e-12)
  })
})

describe('retable: new numbers, same tree', () => {
  it('answers exactly as compiling the new model, on random networks with random evidence', () =>
    fc.assert(
      fc.property(
        arbitraryModel({ variables: { max: 6 } }).chain((model) =>
          fc.tuple(
            fc.constant(model),
            fc.tuple(...model.tables.map((t) => fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: t.values.length, maxLength: t.values.length }))),
            arbitraryEvidence(model.cards).map((e) => e.states),
          ),
        ),
        ([model, raw, states]) => {
          const other: Model = {
            cards: model.cards,
            tables: model.tables.map((t, v) => {
              const card = model.cards[v]!
              const values = Float64Array.from(raw[v]!)
              for (let at = 0; at < values.length; at += card) {
                let sum = 0
                for (let k = 0; k < card; k++) sum += values[at + k]!
                for (let k = 0; k < card; k++) values[at + k] = values[at + k]! / sum
              }
              return { scope: t.scope, values }
            }),
          }
          const refilled = right(retable(right(compile(networkOf(model))), networkOf(other)))
          const exact = exactPosterior(other, { evidence: states })
          const answer = marginals(refilled, { evidence: namedEvidence(states) })
          if (exact.z === 0) return expect(leftTag(answer)).toBe('ImpossibleEvidence')
          const posterior = right(answer)
          expect(Math.abs(posterior.logPEvidence - Math.log(exact.z))).toBeLessThan(1e-12)
          for (const v of posterior.targets) posterior.probabilities[v]!.forEach((p, s) => expect(Math.abs(p - exact.marginals![v]![s]!)).toBeLessThan(1e-12))
        },
      ),
      { numRuns: 150 },
    ))

  it('refuses a model of another shape', () => {
    const model: Model = { cards: [2, 2], tables: [{ scope: [0], values: [0.3, 0.7] }, { scope: [0, 1], values: [0.9, 0.1, 0.2, 0.8] }] }
    const engine = right(compile(networkOf(model)))
    const reversed: Model = { cards: [2, 2], tables: [{ scope: [1, 0], values: [0.9, 0.1, 0.2, 0.8] }, { scope: [1], values: [0.3, 0.7] }] }
    expect(leftTag(retable(engine, markovOf(reversed)))).toBe('ModelMismatch')
    expect(leftTag(retable(engine, markovOf(model)))).toBe('ModelMismatch')
  })
})
