import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { clearVariable, evidenceCount, noEvidence, questionOf, parseWeights, setSoft, toggleHard, toggleIntervention, type EvidenceState } from './evidence.js'

const variables = ['a', 'b', 'c']
const states = ['x', 'y', 'z']

type Action =
  | { kind: 'hard'; variable: string; state: string }
  | { kind: 'soft'; variable: string; weights: number[] }
  | { kind: 'do'; variable: string; state: string }
  | { kind: 'clear'; variable: string }

const arbAction: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('hard' as const), variable: fc.constantFrom(...variables), state: fc.constantFrom(...states) }),
  fc.record({ kind: fc.constant('soft' as const), variable: fc.constantFrom(...variables), weights: fc.array(fc.nat(9), { minLength: 3, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('do' as const), variable: fc.constantFrom(...variables), state: fc.constantFrom(...states) }),
  fc.record({ kind: fc.constant('clear' as const), variable: fc.constantFrom(...variables) }),
)

const apply = (e: EvidenceState, a: Action): EvidenceState =>
  a.kind === 'hard'
    ? toggleHard(e, a.variable, a.state)
    : a.kind === 'soft'
      ? setSoft(e, a.variable, a.weights)
      : a.kind === 'do'
        ? toggleIntervention(e, a.variable, a.state)
        : clearVariable(e, a.variable)

const plain = (e: EvidenceState) => ({ hard: Object.fromEntries(e.hard), soft: Object.fromEntries(e.soft), ...(e.interventions.size === 0 ? {} : { do: Object.fromEntries(e.interventions) }) })

describe('evidence state', () => {
  it('clicking the observed state again clears it; clicking another state replaces it', () => {
    const once = toggleHard(noEvidence, 'smoke', 'yes')
    expect(plain(once)).toEqual({ hard: { smoke: 'yes' }, soft: {} })
    expect(plain(toggleHard(once, 'smoke', 'yes'))).toEqual({ hard: {}, soft: {} })
    expect(plain(toggleHard(once, 'smoke', 'no'))).toEqual({ hard: { smoke: 'no' }, soft: {} })
  })

  it('hard and soft evidence on one variable replace each other', () => {
    const soft = setSoft(noEvidence, 'xray', [0.8, 0.2])
    expect(plain(soft)).toEqual({ hard: {}, soft: { xray: [0.8, 0.2] } })
    const hard = toggleHard(soft, 'xray', 'yes')
    expect(plain(hard)).toEqual({ hard: { xray: 'yes' }, soft: {} })
    expect(plain(setSoft(hard, 'xray', [1, 2]))).toEqual({ hard: {}, soft: { xray: [1, 2] } })
  })

  it('laws under any sequence of actions: never both kinds on one variable, toggling twice is the identity, inputs never change', () =>
    fc.assert(
      fc.property(fc.array(arbAction, { maxLength: 12 }), arbAction, (actions, last) => {
        const states: EvidenceState[] = [noEvidence]
        for (const a of actions) states.push(apply(states[states.length - 1]!, a))
        const snapshots = states.map((s) => JSON.stringify(plain(s)))
        const e = states[states.length - 1]!
        // One kind per variable: seen (hard or soft) or done, never two at once.
        for (const v of e.hard.keys()) expect(e.soft.has(v) || e.interventions.has(v)).toBe(false)
        for (const v of e.soft.keys()) expect(e.interventions.has(v)).toBe(false)
        expect(evidenceCount(e)).toBe(e.hard.size + e.soft.size + e.interventions.size)
        const untouched = !e.hard.has(last.variable) && !e.soft.has(last.variable) && !e.interventions.has(last.variable)
        if (last.kind === 'hard' && (untouched || e.hard.get(last.variable) === last.state)) expect(plain(apply(apply(e, last), last))).toEqual(plain(e))
        // Intervening twice is undoing, once the first has cleared what was observed of the variable.
        if (last.kind === 'do') {
          const done = apply(e, last)
          expect(done.hard.has(last.variable) || done.soft.has(last.variable)).toBe(false)
          if (untouched && !e.interventions.has(last.variable)) expect(plain(apply(done, last))).toEqual(plain(e))
        }
        const on = (e.hard.has(last.variable) || e.soft.has(last.variable) ? 1 : 0) + (e.interventions.has(last.variable) ? 1 : 0)
        expect(evidenceCount(clearVariable(e, last.variable))).toBe(evidenceCount(e) - on)
        // Values are immutable: later actions left every earlier state as it was.
        expect(states.map((s) => JSON.stringify(plain(s)))).toEqual(snapshots)
      }),
    ))

  it('turns into the observations the engine reads', () => {
    const e = setSoft(toggleHard(noEvidence, 'smoke', 'yes'), 'xray', [0.8, 0.2])
    expect(questionOf(e)).toEqual({ evidence: { smoke: 'yes' }, soft: { xray: [0.8, 0.2] } })
    expect(questionOf(noEvidence)).toEqual({ evidence: {}, soft: {} })
    expect(questionOf(toggleIntervention(e, 'lung', 'yes'))).toEqual({ evidence: { smoke: 'yes' }, soft: { xray: [0.8, 0.2] }, do: { lung: 'yes' } })
  })
})

describe('parseWeights', () => {
  it('reads finite non-negative numbers; blank means 1', () => {
    expect(parseWeights('xray', ['yes', 'no'], ['0.8', ' 2e-1 '])).toEqual(E.right([0.8, 0.2]))
    expect(parseWeights('xray', ['yes', 'no'], ['', '0'])).toEqual(E.right([1, 0]))
  })

  it('names the state and the text of a bad weight', () => {
    expect(parseWeights('xray', ['yes', 'no'], ['abc', '1'])).toEqual(
      E.left({ _tag: 'InvalidWeight', variable: 'xray', state: 'yes', text: 'abc', reason: 'is not a finite number' }),
    )
    expect(parseWeights('xray', ['yes', 'no'], ['1', '-0.5'])).toEqual(
      E.left({ _tag: 'InvalidWeight', variable: 'xray', state: 'no', text: '-0.5', reason: 'is negative' }),
    )
    expect(parseWeights('xray', ['yes', 'no'], ['Infinity', '1'])).toMatchObject(E.left({ _tag: 'InvalidWeight', reason: 'is not a finite number' }))
  })

  it('refuses all-zero weights', () => {
    expect(parseWeights('xray', ['yes', 'no'], ['0', '0.0'])).toEqual(E.left({ _tag: 'AllWeightsZero', variable: 'xray' }))
  })
})
