import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { memorySource } from '@chainrule/data'
import { fromEdges, isIEquivalent, type Dag } from '@chainrule/graph'
import { compileConstraints } from './constraints.js'
import { memoryCounter, type FamilyCounter } from './counting.js'
import { hillClimb, type HillClimbOptions } from './hill-climb.js'
import { scoreGraph } from './learn-structure.js'
import { scoreCache } from './score-cache.js'
import { ADD, REMOVE, REVERSE, applyMove, initialState, isLegal, type Move, type ScoringContext } from './search-state.js'
import { allDags, arbitraryData, arbitraryScore, bruteFamilyScore, bruteGraphScore, closeTo, randomNetwork, right, sampleData } from './testing/oracle.js'

const parentsOf = (dag: Dag, variables: readonly string[]): number[][] =>
  variables.map((name) => {
    const v = dag.nodes.indexOf(name)
    return dag.parentIds[v]!.map((p) => variables.indexOf(dag.nodes[p]!))
  })


describe('hill climbing against exhaustive search', () => {
  it('never beats the best DAG found by enumerating every DAG, and reports its own graph score exactly', async () =>
    fc.assert(
      fc.asyncProperty(arbitraryData(5), arbitraryScore, fc.constantFrom<HillClimbOptions>({}, { tabu: {} }, { restarts: { count: 2, seed: 3 } }), async ({ data }, score, extra) => {
        const n = data.variables.length
        // Every family of every DAG over n nodes: a child and a subset of the others.
        const family = new Map<string, number>()
        const familyOf = (v: number, ps: readonly number[]): number => {
          const key = `${v}:${[...ps].sort().join(',')}`
          let s = family.get(key)
          if (s === undefined) family.set(key, (s = bruteFamilyScore(score, data, v, ps)))
          return s
        }
        let best = Number.NEGATIVE_INFINITY
        for (const dag of allDags(n)) best = Math.max(best, dag.reduce((s, ps, v) => s + familyOf(v, ps), 0))
        const learned = right(await hillClimb(memorySource(data), { score, ...extra }))
        const recount = bruteGraphScore(score, data, parentsOf(learned.dag, data.variables))
        expect(closeTo(learned.score, recount)).toBe(true)
        expect(learned.score).toBeLessThanOrEqual(best + 1e-9 * Math.abs(best))
      }),
      { numRuns: 25 },
    ))
})

describe('score equivalence', () => {
  it('BIC, AIC, log-likelihood and BDeu give Markov-equivalent DAGs equal scores', async () =>
    fc.assert(
      fc.asyncProperty(arbitraryData(5), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.double({ min: 0.5, max: 10, noNaN: true }), async ({ data, network }, picks, ess) => {
        // Reverse covered arcs (u -> v with parents(v) = parents(u) + u): each reversal stays in the class (Chickering 1995).
        let parents = parentsOf(network.dag, data.variables)
        for (const pick of picks) {
          const covered: [number, number][] = []
          parents.forEach((ps, v) => {
            for (const u of ps) {
              const rest = ps.filter((p) => p !== u).sort()
              if (rest.length === parents[u]!.length && [...parents[u]!].sort().every((p, i) => p === rest[i])) covered.push([u, v])
            }
          })
          if (covered.length === 0) break
          const [u, v] = covered[pick % covered.length]!
          parents = parents.map((ps, w) => (w === v ? ps.filter((p) => p !== u) : w === u ? [...ps, v] : ps))
        }
        const other = right(fromEdges(parents.flatMap((ps, v) => ps.map((u) => [data.variables[u]!, data.variables[v]!] as const)), data.variables))
        expect(isIEquivalent(other, network.dag)).toBe(true)
        for (const score of [{ kind: 'bic' }, { kind: 'aic' }, { kind: 'logLikelihood' }, { kind: 'bdeu', equivalentSampleSize: ess }] as const) {
          const a = right(await scoreGraph(memorySource(data), network.dag, score))
          const b = right(await scoreGraph(memorySource(data), other, score))
          expect(closeTo(a, b, 1e-10)).toBe(true)
        }
      }),
      { numRuns: 40 },
    ))
})

describe('decomposability', () => {
  it('the cached total and every priced move equal a fresh recount after any sequence of moves', async () =>
    fc.assert(
      fc.asyncProperty(arbitraryData(5), arbitraryScore, fc.array(fc.tuple(fc.nat(2), fc.nat(), fc.nat()), { maxLength: 15 }), async ({ data }, score, moves) => {
        const n = data.variables.length
        const rules = right(compileConstraints(data.variables, {}))
        const context: ScoringContext = { counter: memoryCounter(data), cache: scoreCache(), score, rules, maxEntries: 2 ** 20 }
        const state = right(await initialState(context, Array.from({ length: n }, () => [])))
        for (const [kind, a, b] of moves) {
          const u = a % n
          const v = b % n
          if (u === v) continue
          const present = state.arc[u * n + v] === 1
          const move: Move =
            kind === ADD && !present && state.arc[v * n + u] === 0
              ? { kind: ADD, from: u, to: v, delta: 0 }
              : kind === REMOVE && present
                ? { kind: REMOVE, from: u, to: v, delta: 0 }
                : kind === REVERSE && present
                  ? { kind: REVERSE, from: u, to: v, delta: 0 }
                  : { kind: ADD, from: -1, to: -1, delta: 0 }
          if (move.from < 0 || !isLegal(state, move)) continue
          right(await applyMove(state, context, move))
          expect(closeTo(state.total, bruteGraphScore(score, data, state.parents))).toBe(true)
          for (let w = 0; w < n; w++)
            for (let x = 0; x < n; x++) {
              if (w === x) continue
              const toggled = state.parents[w]!.includes(x) ? state.parents[w]!.filter((p) => p !== x) : [...state.parents[w]!, x]
              const expected = bruteFamilyScore(score, data, w, toggled) - bruteFamilyScore(score, data, w, state.parents[w]!)
              expect(closeTo(state.delta[w * n + x]!, expected, 1e-9)).toBe(true)
            }
        }
      }),
      { numRuns: 30 },
    ))
})

describe('the score cache', () => {
  it('asks the counter for each family at most once per search, also across restarts and tabu steps', async () => {
    const data = sampleData(randomNetwork(7, 3, 0.4, 11), 2_000, 12)
    const inner = memoryCounter(data)
    const seen = new Set<string>()
    let repeats = 0
    const recording: FamilyCounter = {
      ...inner,
      scoreFamilies: async (families, score, maxEntries) => {
        for (const f of families) {
          const key = `${f.child}:${f.parents.join(',')}`
          if (seen.has(key)) repeats++
          seen.add(key)
        }
        return inner.scoreFamilies(families, score, maxEntries)
      },
    }
    const learned = right(await hillClimb(memorySource(data), { tabu: {}, restarts: { count: 3, seed: 2 }, counting: { kind: 'counter', counter: recording } }))
    expect(repeats).toBe(0)
    expect(learned.familiesScored).toBe(seen.size)
    expect(learned.iterations).toBeGreaterThan(0)
  })
})

describe('searches', () => {
  const data = sampleData(randomNetwork(6, 3, 0.5, 5), 3_000, 6)

  it('tabu search and restarts never end below plain hill climbing; the counting path does not change the result', async () => {
    const plain = right(await hillClimb(memorySource(data)))
    const tabu = right(await hillClimb(memorySource(data), { tabu: { length: 5, maxNonImproving: 5 } }))
    const restarts = right(await hillClimb(memorySource(data), { restarts: { count: 4, perturb: 3, seed: 9 } }))
    const viaSource = right(await hillClimb(memorySource(data), { counting: { kind: 'source' } }))
    expect(tabu.score).toBeGreaterThanOrEqual(plain.score - 1e-9 * Math.abs(plain.score))
    expect(restarts.score).toBeGreaterThanOrEqual(plain.score - 1e-9 * Math.abs(plain.score))
    expect(closeTo(viaSource.score, plain.score)).toBe(true)
    expect(viaSource.dag.parentIds).toEqual(plain.dag.parentIds)
    expect(viaSource.counting).toBe('source memory')
  })

  it('reports every move: iterations count up and the last score is the result', async () => {
    const steps: { iteration: number; score: number; arcs: number }[] = []
    const result = right(await hillClimb(memorySource(data), { onStep: (s) => steps.push(s) }))
    expect(steps.map((s) => s.iteration)).toEqual(steps.map((_, i) => i + 1))
    expect(steps.at(-1)!.score).toBe(result.score)
    for (let i = 1; i < steps.length; i++) expect(steps[i]!.score).toBeGreaterThan(steps[i - 1]!.score)
    expect(steps.at(-1)!.arcs).toBe(result.dag.parentIds.flat().length)
  })

  it('keeps required arcs, never draws forbidden ones, respects tiers and the parent bound, starts where asked', async () => {
    const v = data.variables
    const constraints = {
      required: [[v[5]!, v[0]!]] as const,
      forbidden: [[v[0]!, v[1]!], [v[1]!, v[0]!]] as const,
      tiers: [[v[3]!], [v[2]!, v[4]!]],
      maxParents: 1,
    }
    const learned = right(await hillClimb(memorySource(data), { constraints }))
    const arcs = learned.dag.parentIds.flatMap((ps, c) => ps.map((p) => [learned.dag.nodes[p], learned.dag.nodes[c]]))
    expect(arcs).toContainEqual([v[5], v[0]])
    expect(arcs).not.toContainEqual([v[0], v[1]])
    expect(arcs).not.toContainEqual([v[1], v[0]])
    expect(arcs).not.toContainEqual([v[2], v[3]])
    expect(arcs).not.toContainEqual([v[4], v[3]])
    expect(Math.max(...learned.dag.parentIds.map((ps) => ps.length))).toBeLessThanOrEqual(1)
    const start = right(fromEdges([[v[1]!, v[2]!]], v))
    const stayed = right(await hillClimb(memorySource(data), { start, maxIterations: 0, constraints: { required: [[v[3]!, v[4]!]] } }))
    expect(stayed.dag.parentIds.flatMap((ps, c) => ps.map((p) => [stayed.dag.nodes[p], stayed.dag.nodes[c]]))).toEqual([
      [v[1], v[2]],
      [v[3], v[4]],
    ])
    expect(stayed.iterations).toBe(0)
  })

  it('says what contradicts what, before counting anything', async () => {
    const v = data.variables
    const tag = async (options: HillClimbOptions) => {
      const r = await hillClimb(memorySource(data), options)
      return E.isLeft(r) ? r.left : undefined
    }
    expect(await tag({ constraints: { required: [[v[0]!, v[1]!]], forbidden: [[v[0]!, v[1]!]] } })).toEqual({ _tag: 'RequiredAndForbidden', from: v[0], to: v[1] })
    expect((await tag({ constraints: { required: [[v[0]!, v[1]!], [v[1]!, v[2]!], [v[2]!, v[0]!]] } }))?._tag).toBe('RequiredCycle')
    expect(await tag({ constraints: { required: [[v[1]!, v[0]!]], tiers: [[v[0]!], [v[1]!]] } })).toEqual({ _tag: 'RequiredAgainstTiers', from: v[1], to: v[0], fromTier: 1, toTier: 0 })
    expect(await tag({ constraints: { required: [[v[1]!, v[0]!], [v[2]!, v[0]!]], maxParents: 1 } })).toEqual({ _tag: 'TooManyRequiredParents', variable: v[0], required: 2, maxParents: 1 })
    expect(await tag({ constraints: { forbidden: [['nope', v[0]!]] } })).toEqual({ _tag: 'UnknownVariable', variable: 'nope', where: 'forbidden' })
    expect((await tag({ constraints: { tiers: [[v[0]!], [v[0]!]] } }))?._tag).toBe('InvalidOption')
    expect((await tag({ constraints: { maxParents: -1 } }))?._tag).toBe('InvalidOption')
    expect((await tag({ constraints: { required: [[v[0]!, v[0]!]] } }))?._tag).toBe('InvalidOption')
    expect((await tag({ maxIterations: 1.5 }))?._tag).toBe('InvalidOption')
    expect((await tag({ tabu: { length: 0 } }))?._tag).toBe('InvalidOption')
    expect((await tag({ score: { kind: 'bdeu', equivalentSampleSize: -1 } }))?._tag).toBe('InvalidOption')
    const start = (edges: [string, string][]) => right(fromEdges(edges, v))
    expect(await tag({ start: start([[v[0]!, v[1]!]]), constraints: { forbidden: [[v[0]!, v[1]!]] } })).toEqual({ _tag: 'StartViolates', from: v[0], to: v[1], constraint: 'forbidden' })
    expect((await tag({ start: start([[v[0]!, v[2]!], [v[1]!, v[2]!]]), constraints: { maxParents: 1 } }))?._tag).toBe('StartViolates')
    expect(await tag({ start: start([[v[0]!, v[1]!]]), constraints: { required: [[v[1]!, v[0]!]] } })).toMatchObject({ _tag: 'StartViolates', constraint: 'cycle' })
    expect(await tag({ start: right(fromEdges([['elsewhere', v[0]!]])) })).toEqual({ _tag: 'UnknownVariable', variable: 'elsewhere', where: 'start' })
  })
})
