import { variableElimination, type VarId } from '@chainrule/factor'
import { compile, marginals } from '@chainrule/infer'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { arbCausalCase, bruteForce, unwrap } from './causal.fixtures.js'
import { causalEffect } from './effects.js'
import { mutilate } from './mutilate.js'

const tag = (e: E.Either<{ _tag: string }, unknown>): string => (E.isLeft(e) ? e.left._tag : 'Right')

describe('causal effects on a compiled model', () => {
  it('the two arms, their difference and the expected difference equal enumeration of the truncated factorisation, with and without observations', () =>
    fc.assert(
      fc.property(arbCausalCase({ maxVariables: 6, maxOutcomes: 1 }), fc.nat(), fc.boolean(), (c, pick, conditional) => {
        const engine = unwrap(compile(c.network))
        const x = c.treatment[0]!
        const y = c.outcome[0]!
        const cardOf = (name: string) => c.spec.variables.find((v) => v.name === name)!.states.length
        const treated = pick % cardOf(x)
        const control = (treated + 1) % cardOf(x)
        const others = c.diagram.observed.filter((v) => v !== x && v !== y)
        const given = conditional && others.length > 0 ? new Map([[others[pick % others.length]!, pick % cardOf(others[pick % others.length]!)]]) : new Map<string, number>()
        const values = Array.from({ length: cardOf(y) }, (_, s) => s * 10 - 3)
        const effect = causalEffect(engine, {
          outcome: y,
          treated: { [x]: `s${treated}` },
          control: { [x]: `s${control}` },
          given: Object.fromEntries([...given].map(([name, s]) => [name, `s${s}`])),
          values,
        })
        const a = bruteForce(c.spec, [y], new Map([[x, treated]]), given)
        const b = bruteForce(c.spec, [y], new Map([[x, control]]), given)
        if (a === undefined || b === undefined) {
          expect(tag(effect)).toBe('Infer')
          return
        }
        const answer = unwrap(effect)
        let expected = 0
        for (let s = 0; s < cardOf(y); s++) {
          expect(Math.abs(answer.treated[`s${s}`]! - a[s]!)).toBeLessThan(1e-12)
          expect(Math.abs(answer.control[`s${s}`]! - b[s]!)).toBeLessThan(1e-12)
          expect(Math.abs(answer.difference[`s${s}`]! - (a[s]! - b[s]!))).toBeLessThan(1e-12)
          expected += values[s]! * (a[s]! - b[s]!)
        }
        expect(Math.abs(answer.expectedDifference! - expected)).toBeLessThan(1e-11)
      }),
      { numRuns: 150 },
    ))

  it('bad outcomes, values and interventions are typed errors', () => {
    const c = fc.sample(arbCausalCase({ maxVariables: 4 }), { numRuns: 1, seed: 3 })[0]!
    const engine = unwrap(compile(c.network))
    const x = c.treatment[0]!
    expect(tag(causalEffect(engine, { outcome: 'nope', treated: {}, control: {} }))).toBe('UnknownVariable')
    expect(tag(causalEffect(engine, { outcome: c.outcome[0]!, treated: {}, control: {}, values: [1] }))).toBe('InvalidOption')
    expect(tag(causalEffect(engine, { outcome: c.outcome[0]!, treated: { [x]: 'zz' }, control: {} }))).toBe('Infer')
  })
})

describe('graph surgery', () => {
  it('the mutilated network, compiled or eliminated on its own, answers as do() on the original compiled tree', () =>
    fc.assert(
      fc.property(arbCausalCase({ maxVariables: 7 }), fc.nat(), fc.boolean(), (c, pick, soft) => {
        const x = c.treatment[0]!
        const card = c.spec.variables.find((v) => v.name === x)!.states.length
        const intervention = soft ? Array.from({ length: card }, (_, s) => 1 + ((pick + s) % 3)) : `s${pick % card}`
        const cut = unwrap(mutilate(c.network, { [x]: intervention }))
        const id = cut.domain.byName.get(x)!
        expect(cut.dag.parentIds[id]).toEqual([])
        const onTree = unwrap(marginals(unwrap(compile(c.network)), { do: { [x]: intervention } }))
        for (const v of cut.domain.variables) {
          const ve = unwrap(variableElimination(cut.cpts, { targets: [v.id as VarId], childOf: { kind: 'last' } }))
          ve.posterior.values.forEach((p, s) => expect(Math.abs(p - onTree.probabilities[v.id]![s]!)).toBeLessThan(1e-12))
        }
      }),
      { numRuns: 150 },
    ))

  it('refuses unknown variables and states and malformed distributions', () => {
    const c = fc.sample(arbCausalCase({ maxVariables: 4 }), { numRuns: 1, seed: 3 })[0]!
    const x = c.treatment[0]!
    expect(tag(mutilate(c.network, { nope: 's0' }))).toBe('UnknownVariable')
    expect(tag(mutilate(c.network, { [x]: 'zz' }))).toBe('UnknownState')
    expect(tag(mutilate(c.network, { [x]: [0, 0, 0].slice(0, c.spec.variables.find((v) => v.name === x)!.states.length) }))).toBe('InvalidOption')
    expect(tag(mutilate(c.network, { [x]: [1] }))).toBe('InvalidOption')
  })
})
