import { compile } from '@chainrule/infer'
import { networkFromSpec, type NetworkSpec } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { causationBounds, causationData, probabilitiesOfCausation, type CausationData } from './bounds.js'
import { unwrap } from './causal.fixtures.js'
import { defineStructuralModel, structuralModel, type StructuralModel } from './structural.js'
import { counterfactual, twinNetwork } from './twin-network.js'

/** A random structural model: 1–3 exogenous variables, 2–4 endogenous ones with random functions of earlier variables. */
const arbScm = fc
  .record({
    exogenous: fc.array(fc.record({ card: fc.integer({ min: 2, max: 3 }), prior: fc.array(fc.noBias(fc.integer({ min: 1, max: 9 })), { minLength: 3, maxLength: 3 }) }), { minLength: 1, maxLength: 3 }),
    endogenous: fc.array(fc.record({ card: fc.integer({ min: 2, max: 3 }), links: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }), outputs: fc.array(fc.nat(), { minLength: 300, maxLength: 300 }) }), { minLength: 2, maxLength: 4 }),
  })
  .map(({ exogenous, endogenous }): { spec: NetworkSpec; scm: StructuralModel } => {
    const variables: { name: string; states: string[]; parents: string[]; table: number[] }[] = []
    exogenous.forEach(({ card, prior }, i) => {
      const p = prior.slice(0, card)
      const sum = p.reduce((a, b) => a + b, 0)
      variables.push({ name: `u${i}`, states: Array.from({ length: card }, (_, s) => `s${s}`), parents: [], table: p.map((x) => x / sum) })
    })
    endogenous.forEach(({ card, links, outputs }, i) => {
      const earlier = variables.map((v) => v.name)
      const parents = earlier.filter((_, k) => links[k % links.length]!)
      // Every endogenous variable hears at least one exogenous one, so that the model is not deterministic.
      if (!parents.some((p) => p.startsWith('u'))) parents.push('u0')
      const rows = parents.reduce((n, p) => n * variables.find((v) => v.name === p)!.states.length, 1)
      const table: number[] = []
      for (let r = 0; r < rows; r++) for (let s = 0; s < card; s++) table.push(outputs[r % outputs.length]! % card === s ? 1 : 0)
      variables.push({ name: `v${i}`, states: Array.from({ length: card }, (_, s) => `s${s}`), parents, table })
    })
    const spec: NetworkSpec = { variables }
    const network = unwrap(networkFromSpec(spec)).network
    return { spec, scm: unwrap(structuralModel(network, exogenous.map((_, i) => `u${i}`))) }
  })

/** Each unit (exogenous assignment) with its probability, and its endogenous values under the given interventions, by brute force. */
const units = (spec: NetworkSpec, forced: ReadonlyMap<string, number> = new Map()): { p: number; values: Map<string, number> }[] => {
  const exo = spec.variables.filter((v) => v.parents.length === 0 && v.name.startsWith('u'))
  const out: { p: number; values: Map<string, number> }[] = []
  const total = exo.reduce((n, v) => n * v.states.length, 1)
  for (let k = 0; k < total; k++) {
    let rest = k
    let p = 1
    const values = new Map<string, number>()
    for (const v of exo) {
      const s = rest % v.states.length
      rest = Math.floor(rest / v.states.length)
      values.set(v.name, s)
      p *= (v.table as ArrayLike<number>)[s]!
    }
    for (const v of spec.variables) {
      if (values.has(v.name)) continue
      const f = forced.get(v.name)
      if (f !== undefined) {
        values.set(v.name, f)
        continue
      }
      let row = 0
      for (const parent of v.parents) row = row * spec.variables.find((w) => w.name === parent)!.states.length + values.get(parent)!
      const states = v.states.length
      values.set(v.name, Array.from({ length: states }, (_, s) => (v.table as ArrayLike<number>)[row * states + s]).indexOf(1))
    }
    out.push({ p, values })
  }
  return out
}

describe('counterfactuals on the twin network', () => {
  it('P(Y_x = y | observed) equals enumeration over the exogenous variables', () =>
    fc.assert(
      fc.property(arbScm, fc.nat(), fc.nat(), fc.nat(), ({ spec, scm }, pickDo, pickUnit, pickSeen) => {
        const endogenous = scm.endogenous
        const doName = endogenous[pickDo % endogenous.length]!
        const doState = pickDo % spec.variables.find((v) => v.name === doName)!.states.length
        const factual = units(spec)
        const hypothetical = units(spec, new Map([[doName, doState]]))
        // Observe some endogenous variables at the values of one possible unit.
        const unit = factual.filter((u) => u.p > 0)[pickUnit % factual.filter((u) => u.p > 0).length]!
        const seen = endogenous.filter((_, i) => (pickSeen >> i) & 1)
        const observed = Object.fromEntries(seen.map((name) => [name, `s${unit.values.get(name)!}`]))
        const answer = unwrap(counterfactual(scm, { observed, do: { [doName]: `s${doState}` } }))
        const consistent = factual.map((u) => seen.every((name) => u.values.get(name) === unit.values.get(name)))
        const mass = factual.reduce((sum, u, k) => sum + (consistent[k] ? u.p : 0), 0)
        for (const target of endogenous) {
          const states = spec.variables.find((v) => v.name === target)!.states.length
          for (let s = 0; s < states; s++) {
            const p = hypothetical.reduce((sum, u, k) => sum + (consistent[k] && u.values.get(target) === s ? factual[k]!.p : 0), 0) / mass
            expect(Math.abs(answer[target]![`s${s}`]! - p)).toBeLessThan(1e-12)
          }
        }
      }),
      { numRuns: 200 },
    ))

  it('PNS, PN and PS of a structural model equal enumeration, and lie within the Tian–Pearl bounds computed from its observational and experimental distributions', () =>
    fc.assert(
      fc.property(arbScm.filter(({ spec }) => spec.variables.filter((v) => v.name.startsWith('v') && v.states.length === 2).length >= 1), ({ spec, scm }) => {
        const x = scm.endogenous.find((name) => spec.variables.find((v) => v.name === name)!.states.length === 2)!
        const y = scm.endogenous[scm.endogenous.length - 1]!
        if (x === y) return
        const question = { treatment: x, treated: 's1', outcome: y, event: 's1' }
        const exact = unwrap(probabilitiesOfCausation(scm, question))
        const factual = units(spec)
        const underX = units(spec, new Map([[x, 1]]))
        const underNotX = units(spec, new Map([[x, 0]]))
        const sum = (f: (k: number) => boolean) => factual.reduce((s, u, k) => s + (f(k) ? u.p : 0), 0)
        const isY = (list: typeof factual, k: number) => list[k]!.values.get(y) === 1
        const xy = sum((k) => factual[k]!.values.get(x) === 1 && isY(factual, k))
        const notXNotY = sum((k) => factual[k]!.values.get(x) === 0 && !isY(factual, k))
        expect(Math.abs(exact.pns - sum((k) => isY(underX, k) && !isY(underNotX, k)))).toBeLessThan(1e-12)
        if (xy > 0) expect(Math.abs(exact.pn! - sum((k) => factual[k]!.values.get(x) === 1 && isY(factual, k) && !isY(underNotX, k)) / xy)).toBeLessThan(1e-12)
        else expect(exact.pn).toBeUndefined()
        if (notXNotY > 0) expect(Math.abs(exact.ps! - sum((k) => factual[k]!.values.get(x) === 0 && !isY(factual, k) && isY(underX, k)) / notXNotY)).toBeLessThan(1e-12)
        else expect(exact.ps).toBeUndefined()
        const data = unwrap(causationData(unwrap(compile(scm.network)), question))
        const bounds = unwrap(causationBounds(data))
        const inside = (v: number | undefined, i: { lower: number; upper: number } | undefined) => {
          if (v === undefined || i === undefined) return
          expect(v).toBeGreaterThanOrEqual(i.lower - 1e-12)
          expect(v).toBeLessThanOrEqual(i.upper + 1e-12)
        }
        inside(exact.pns, bounds.pns)
        inside(exact.pn, bounds.pn)
        inside(exact.ps, bounds.ps)
      }),
      { numRuns: 200 },
    ))
})

/**
 * min and max of PNS, PN and PS over every joint distribution of (X, Y_x, Y_x')
 * that reproduces the data, by enumerating the vertices of that polytope
 * (basic feasible solutions of the 6 equalities over 8 cells).
 */
const linearProgramBounds = (data: CausationData) => {
  const { xy, xNotY, notXY, notXNotY } = data.observational
  const { yDoX, yDoNotX } = data.experimental
  // Cell c = 4 X + 2 Yx + Yx' (1 = treated / event).
  const cell = (X: number, a: number, b: number) => 4 * X + 2 * a + b
  const rows: [number[], number][] = [
    [[cell(1, 1, 0), cell(1, 1, 1)], xy],
    [[cell(1, 0, 0), cell(1, 0, 1)], xNotY],
    [[cell(0, 0, 1), cell(0, 1, 1)], notXY],
    [[cell(0, 0, 0), cell(0, 1, 0)], notXNotY],
    [[cell(0, 1, 0), cell(0, 1, 1), cell(1, 1, 0), cell(1, 1, 1)], yDoX],
    [[cell(0, 0, 1), cell(0, 1, 1), cell(1, 0, 1), cell(1, 1, 1)], yDoNotX],
  ]
  const A = rows.map(([cells]) => Array.from({ length: 8 }, (_, c) => (cells.includes(c) ? 1 : 0)))
  const b = rows.map(([, v]) => v)
  const solve = (columns: number[]): number[] | undefined => {
    // Least squares on the chosen columns through the normal equations would hide inconsistency: use elimination on [A_B | b].
    const m = A.map((row, i) => [...columns.map((c) => row[c]!), b[i]!])
    const k = columns.length
    let r = 0
    const pivots: number[] = []
    for (let c = 0; c < k && r < m.length; c++) {
      let best = r
      for (let i = r; i < m.length; i++) if (Math.abs(m[i]![c]!) > Math.abs(m[best]![c]!)) best = i
      if (Math.abs(m[best]![c]!) < 1e-12) return undefined
      ;[m[r], m[best]] = [m[best]!, m[r]!]
      for (let i = 0; i < m.length; i++) {
        if (i === r) continue
        const f = m[i]![c]! / m[r]![c]!
        for (let j = c; j <= k; j++) m[i]![j]! -= f * m[r]![j]!
      }
      pivots.push(c)
      r++
    }
    for (let i = r; i < m.length; i++) if (Math.abs(m[i]![k]!) > 1e-9) return undefined
    const q = new Array<number>(8).fill(0)
    pivots.forEach((c, i) => (q[columns[c]!] = m[i]![k]! / m[i]![c]!))
    return q.every((v) => v >= -1e-12) ? q : undefined
  }
  const vertices: number[][] = []
  for (let mask = 0; mask < 256; mask++) {
    const columns = Array.from({ length: 8 }, (_, c) => c).filter((c) => (mask >> c) & 1)
    if (columns.length > 6) continue
    const q = solve(columns)
    if (q !== undefined) vertices.push(q)
  }
  const range = (f: (q: number[]) => number) => ({ lower: Math.min(...vertices.map(f)), upper: Math.max(...vertices.map(f)) })
  return {
    pns: range((q) => q[cell(0, 1, 0)]! + q[cell(1, 1, 0)]!),
    pn: xy > 0 ? range((q) => q[cell(1, 1, 0)]! / xy) : undefined,
    ps: notXNotY > 0 ? range((q) => q[cell(0, 1, 0)]! / notXNotY) : undefined,
  }
}

describe('Tian–Pearl bounds', () => {
  it('are sharp: they equal the extremes over every counterfactual joint that reproduces the data (linear programming by vertices)', () =>
    fc.assert(
      fc.property(arbScm.filter(({ scm }) => scm.network.domain.variables.filter((v) => v.name.startsWith('v') && v.states.length === 2).length >= 1), ({ spec, scm }) => {
        const x = scm.endogenous.find((name) => spec.variables.find((v) => v.name === name)!.states.length === 2)!
        const y = scm.endogenous[scm.endogenous.length - 1]!
        if (x === y) return
        const data = unwrap(causationData(unwrap(compile(scm.network)), { treatment: x, treated: 's1', outcome: y, event: 's1' }))
        const bounds = unwrap(causationBounds(data))
        const lp = linearProgramBounds(data)
        for (const key of ['pns', 'pn', 'ps'] as const) {
          const ours = bounds[key]
          const theirs = lp[key]
          expect(ours === undefined).toBe(theirs === undefined)
          if (ours === undefined || theirs === undefined) continue
          expect(Math.abs(ours.lower - theirs.lower)).toBeLessThan(1e-9)
          expect(Math.abs(ours.upper - theirs.upper)).toBeLessThan(1e-9)
        }
      }),
      { numRuns: 150 },
    ))

  it('refuses inputs that are not probabilities or that no process could produce', () => {
    const tag = (e: E.Either<{ _tag: string }, unknown>): string => (E.isLeft(e) ? e.left._tag : 'Right')
    const observational = { xy: 0.2, xNotY: 0.3, notXY: 0.1, notXNotY: 0.4 }
    expect(tag(causationBounds({ observational, experimental: { yDoX: 0.5, yDoNotX: 0.3 } }))).toBe('Right')
    expect(tag(causationBounds({ observational: { ...observational, xy: 0.3 }, experimental: { yDoX: 0.5, yDoNotX: 0.3 } }))).toBe('InvalidProbabilities')
    expect(tag(causationBounds({ observational, experimental: { yDoX: 0.1, yDoNotX: 0.3 } }))).toBe('InvalidProbabilities')
    expect(tag(causationBounds({ observational, experimental: { yDoX: 0.5, yDoNotX: 0.95 } }))).toBe('InvalidProbabilities')
    expect(tag(causationBounds({ observational, experimental: { yDoX: Number.NaN, yDoNotX: 0.3 } }))).toBe('InvalidProbabilities')
    // A probability computed an ulp above 1 is still one.
    expect(tag(causationBounds({ observational: { xy: 0, xNotY: 1 + 2 ** -52, notXY: 0, notXNotY: 0 }, experimental: { yDoX: 0, yDoNotX: 0 } }))).toBe('Right')
  })
})

describe('structural models', () => {
  it('declared in code, checked as networks, refused when not deterministic', () => {
    const tag = (e: E.Either<{ _tag: string }, unknown>): string => (E.isLeft(e) ? e.left._tag : 'Right')
    const good = defineStructuralModel({
      exogenous: { u: { states: ['0', '1'], prior: [0.5, 0.5] } },
      endogenous: { x: { states: ['0', '1'], parents: ['u'], equation: ({ u }) => u! } },
    })
    expect(tag(good)).toBe('Right')
    expect(tag(defineStructuralModel({ exogenous: { u: { states: ['0', '1'], prior: [0.5, 0.5] } }, endogenous: { x: { states: ['0', '1'], parents: ['u'], equation: () => '2' } } }))).toBe('NotStructural')
    expect(
      tag(
        defineStructuralModel({
          exogenous: { u: { states: ['0', '1'], prior: [0.5, 0.5] } },
          endogenous: {
            x: {
              states: ['0', '1'],
              parents: ['u'],
              equation: () => {
                throw new Error('no')
              },
            },
          },
        }),
      ),
    ).toBe('NotStructural')
    expect(tag(defineStructuralModel({ exogenous: {}, endogenous: { x: { states: ['0'], parents: ['w'], equation: () => '0' } } }))).toBe('Network')
    expect(tag(defineStructuralModel({ exogenous: { u: { states: ['0', '1'], prior: [0.5, 0.6] } }, endogenous: {} }))).toBe('Network')
    const scm = unwrap(good)
    expect(tag(structuralModel(scm.network, ['x']))).toBe('NotStructural')
    expect(tag(structuralModel(scm.network, ['nope']))).toBe('UnknownVariable')
    expect(tag(twinNetwork(scm, [{ u: '1' }]))).toBe('HiddenVariable')
    expect(tag(twinNetwork(scm, [{ x: '7' }]))).toBe('UnknownState')
    expect(tag(counterfactual(scm, { do: { x: '1' }, targets: ['nope'] }))).toBe('UnknownVariable')
    expect(tag(counterfactual(scm, { observed: { x: '1', u: '0' }, do: { x: '0' } }))).toBe('Infer')
    expect(tag(probabilitiesOfCausation(scm, { treatment: 'x', treated: '1', outcome: 'x', event: '1' }))).toBe('OverlappingRoles')
    const threeStates = unwrap(
      defineStructuralModel({
        exogenous: { u: { states: ['0', '1', '2'], prior: [0.2, 0.3, 0.5] } },
        endogenous: { x: { states: ['0', '1', '2'], parents: ['u'], equation: ({ u }) => u! }, y: { states: ['0', '1'], parents: ['x'], equation: ({ x }) => (x === '0' ? '0' : '1') } },
      }),
    )
    expect(tag(probabilitiesOfCausation(threeStates, { treatment: 'x', treated: '1', outcome: 'y', event: '1' }))).toBe('NotBinary')
    expect(tag(causationData(unwrap(compile(threeStates.network)), { treatment: 'x', treated: '1', outcome: 'y', event: '1' }))).toBe('NotBinary')
    expect(tag(causationData(unwrap(compile(scm.network)), { treatment: 'x', treated: '7', outcome: 'x', event: '1' }))).toBe('OverlappingRoles')
    expect(tag(causationData(unwrap(compile(threeStates.network)), { treatment: 'y', treated: '7', outcome: 'x', event: '1' }))).toBe('UnknownState')
  })
})
