import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { domain } from './domain.js'
import { eliminationOrder, type EliminationHeuristic } from './elimination-order.js'
import { DEFAULT_MEMORY_BUDGET_BYTES, eliminationPlan } from './elimination-plan.js'
import { describeError } from './errors.js'
import type { Factor, VarId } from './factor.js'
import { tableOf } from './factor.js'
import { logVariableElimination } from './log-variable-elimination.js'
import { variableElimination } from './variable-elimination.js'
import { closeRelative, maxRelativeDiff, shuffled } from '@chainrule/testing'
import { arbitraryFactors, arbitraryNetwork, bruteForce, type FactorNetwork } from './factors.fixtures.js'

const tag = <T>(e: E.Either<{ _tag: string }, T>): string => (E.isLeft(e) ? e.left._tag : 'Right')
const heuristics: EliminationHeuristic[] = [
  { kind: 'minNeighbours' },
  { kind: 'minWeight' },
  { kind: 'minFill' },
  { kind: 'weightedMinFill' },
]
const ids = (n: number): VarId[] => Array.from({ length: n }, (_, i) => i as VarId)

/** A query on a network: evidence on some variables, targets among the others, from a seed. */
const queryOf = (net: FactorNetwork, seed: number) => {
  const n = net.cards.length
  const order = shuffled(ids(n), seed)
  const nEvidence = seed % (n + 1)
  const evidence = new Map(order.slice(0, nEvidence).map((v, i) => [v, (seed >> i) % net.cards[v]!]))
  const targets = order.slice(nEvidence, nEvidence + ((seed >> 3) % 3))
  return { evidence, targets }
}

const expectMatchesBruteForce = (
  cards: readonly number[],
  factors: readonly Factor[],
  targets: readonly VarId[],
  evidence: ReadonlyMap<VarId, number>,
  result: ReturnType<typeof variableElimination>,
): void => {
  const { table, total } = bruteForce(cards, factors, targets, evidence)
  if (total === 0) {
    expect(tag(result)).toBe('ImpossibleEvidence')
    return
  }
  if (E.isLeft(result)) return expect.unreachable(describeError(result.left))
  const { posterior, logEvidence } = result.right
  expect(posterior.scope).toEqual(targets)
  const rel = maxRelativeDiff(posterior.values, table.map((x) => x / total))
  expect(rel).toBeLessThanOrEqual(1e-12)
  expect(Math.abs(logEvidence - Math.log(total))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(Math.log(total))))
}

describe('variable elimination equals brute-force enumeration', () => {
  it('on random networks, with every heuristic, with pruning', () =>
    fc.assert(
      fc.property(arbitraryNetwork(6, 3), fc.nat(), (net, seed) => {
        const { evidence, targets } = queryOf(net, seed)
        for (const heuristic of heuristics)
          expectMatchesBruteForce(
            net.cards,
            net.cpts,
            targets,
            evidence,
            variableElimination(net.cpts, { targets, evidence, ordering: heuristic, childOf: { kind: 'last' } }),
          )
      }),
      { numRuns: 150 },
    ))
  it('on random networks, with random orders, with and without pruning', () =>
    fc.assert(
      fc.property(arbitraryNetwork(6, 3), fc.nat(), fc.nat(), (net, seed, orderSeed) => {
        const { evidence, targets } = queryOf(net, seed)
        const order = shuffled(
          ids(net.cards.length).filter((v) => !targets.includes(v)),
          orderSeed,
        )
        for (const childOf of [{ kind: 'last' } as const, undefined]) {
          const options = { targets, evidence, ordering: { kind: 'order', order } as const, ...(childOf === undefined ? {} : { childOf }) }
          expectMatchesBruteForce(net.cards, net.cpts, targets, evidence, variableElimination(net.cpts, options))
        }
      }),
      { numRuns: 150 },
    ))
  it('on random non-normalised factors (log Z), every heuristic', () =>
    fc.assert(
      fc.property(arbitraryFactors(4, 5), fc.nat(), ({ u, factors }, seed) => {
        const present = ids(u.cards.length).filter((v) => factors.some((f) => f.scope.includes(v)))
        const order = shuffled(present, seed)
        const evidence = new Map(order.slice(0, seed % 2).map((v) => [v, seed % u.cards[v]!]))
        const targets = order.slice(1, 1 + ((seed >> 2) % 3))
        // variables in no factor are summed by the oracle: leave them out of its universe
        const cards = u.cards.map((c, v) => (present.includes(v as VarId) ? c : 1))
        for (const heuristic of heuristics)
          expectMatchesBruteForce(cards, factors, targets, evidence, variableElimination(factors, { targets, evidence, ordering: heuristic }))
      }),
      { numRuns: 150 },
    ))
  it('observed targets come back as point masses', () =>
    fc.assert(
      fc.property(arbitraryNetwork(5, 2), fc.nat(), (net, seed) => {
        const t = (seed % net.cards.length) as VarId
        const s = (seed >> 4) % net.cards[t]!
        const r = variableElimination(net.cpts, { targets: [t], evidence: new Map([[t, s]]), childOf: { kind: 'last' } })
        const { total } = bruteForce(net.cards, net.cpts, [], new Map([[t, s]]))
        if (total === 0) {
          expect(tag(r)).toBe('ImpossibleEvidence')
          return
        }
        if (E.isLeft(r)) return expect.unreachable()
        expect([...r.right.posterior.values]).toEqual(Array.from({ length: net.cards[t]! }, (_, i) => (i === s ? 1 : 0)))
      }),
      { numRuns: 100 },
    ))
})

describe('barren-node pruning', () => {
  it('keeps exactly the tables of targets, evidence and their ancestors', () =>
    fc.assert(
      fc.property(arbitraryNetwork(7, 2), fc.nat(), (net, seed) => {
        const { evidence, targets } = queryOf(net, seed)
        const relevant = new Set<VarId>([...targets, ...evidence.keys()])
        const stack = [...relevant]
        while (stack.length > 0) for (const p of net.parents[stack.pop()!]!) if (!relevant.has(p)) relevant.add(p), stack.push(p)
        const plan = eliminationPlan(net.cpts, { targets, evidence, childOf: { kind: 'last' } })
        if (E.isLeft(plan)) return expect.unreachable()
        expect([...plan.right.kept]).toEqual(ids(net.cards.length).filter((v) => relevant.has(v)))
        expect([...plan.right.barren].sort()).toEqual(ids(net.cards.length).filter((v) => !relevant.has(v)).sort())
      }),
      { numRuns: 150 },
    ))
  it('never touches a barren table (a NaN table there does not matter)', () => {
    const [a, b, c] = ids(3) as [VarId, VarId, VarId]
    const cpts = [
      tableOf([a], [2], Float64Array.of(0.3, 0.7)),
      tableOf([a, b], [2, 2], Float64Array.of(0.9, 0.1, 0.2, 0.8)),
      tableOf([b, c], [2, 2], Float64Array.of(NaN, NaN, NaN, NaN)),
    ]
    const r = variableElimination(cpts, { targets: [a], evidence: new Map([[b, 1]]), childOf: { kind: 'last' } })
    if (E.isLeft(r)) return expect.unreachable()
    expect(r.right.plan.barren).toEqual([c])
    expect(r.right.posterior.values[1]).toBeCloseTo((0.7 * 0.8) / (0.3 * 0.1 + 0.7 * 0.8), 15)
    // with the tables marked explicitly: b's table is barren for a query on a ...
    const marked = variableElimination(cpts.slice(0, 2), { targets: [a], childOf: { kind: 'given', children: [a, b] } })
    expect(E.isRight(marked) && marked.right.plan.kept).toEqual([0])
    // ... unless it is declared a potential (null), whose variables count as relevant
    const potential = variableElimination(cpts.slice(0, 2), { targets: [a], childOf: { kind: 'given', children: [a, null] } })
    expect(E.isRight(potential) && potential.right.plan.kept).toEqual([0, 1])
  })
})

describe('underflow: log P(e) on a 2,000-variable chain with all evidence set', () => {
  const chain = (n: number, q: number): { cpts: Factor[]; evidence: Map<VarId, number>; exact: number } => {
    const cpts: Factor[] = [tableOf([0 as VarId], [2], Float64Array.of(0.5, 0.5))]
    for (let i = 1; i < n; i++) cpts.push(tableOf([(i - 1) as VarId, i as VarId], [2, 2], Float64Array.of(1 - q, q, q, 1 - q)))
    // states alternate, so every transition has probability q
    const evidence = new Map(ids(n).map((v) => [v, v % 2]))
    let exact = Math.log(0.5)
    for (let i = 1; i < n; i++) exact += Math.log(q)
    return { cpts, evidence, exact }
  }
  for (const [label, q, log10] of [
    ['1e-300', 10 ** (-(300 + Math.log10(0.5)) / 1999), -300],
    ['1e-3000', 10 ** (-(3000 + Math.log10(0.5)) / 1999), -3000],
  ] as const) {
    it(`P(e) = ${label}`, () => {
      const { cpts, evidence, exact } = chain(2000, q)
      expect(exact / Math.LN10).toBeCloseTo(log10, 6)
      const r = variableElimination(cpts, { targets: [], evidence, childOf: { kind: 'last' } })
      if (E.isLeft(r)) return expect.unreachable(describeError(r.left))
      expect(Number.isFinite(r.right.logEvidence)).toBe(true)
      expect(Math.abs(r.right.logEvidence - exact)).toBeLessThanOrEqual(1e-12 * Math.abs(exact))
    })
  }
  it('messages are rescaled too: evidence on every other variable, posterior of the first', () => {
    const n = 2000
    const q = 0.01
    const cpts: Factor[] = [tableOf([0 as VarId], [2], Float64Array.of(0.5, 0.5))]
    for (let i = 1; i < n; i++) cpts.push(tableOf([(i - 1) as VarId, i as VarId], [2, 2], Float64Array.of(1 - q, q, q, 1 - q)))
    const evidence = new Map(ids(n).filter((v) => v % 2 === 1).map((v) => [v, ((v - 1) / 2) % 2]))
    // Independent check: a backward pass in log space (log-sum-exp), from the last variable down.
    const lse = (x: number, y: number) => Math.max(x, y) + Math.log1p(Math.exp(-Math.abs(x - y)))
    let beta = [0, 0] // log P(evidence after i | x_i)
    for (let i = n - 1; i >= 1; i--) {
      const obs = evidence.get(i as VarId)
      const next = [0, 1].map((prev) =>
        [0, 1]
          .filter((x) => obs === undefined || obs === x)
          .map((x) => Math.log(prev === x ? 1 - q : q) + beta[x]!)
          .reduce(lse),
      )
      beta = next
    }
    const logPe = lse(Math.log(0.5) + beta[0]!, Math.log(0.5) + beta[1]!)
    const r = variableElimination(cpts, { targets: [0 as VarId], evidence, childOf: { kind: 'last' } })
    if (E.isLeft(r)) return expect.unreachable()
    expect(logPe).toBeLessThan(-1000 * Math.LN10)
    expect(Math.abs(r.right.logEvidence - logPe)).toBeLessThanOrEqual(1e-12 * Math.abs(logPe))
    expect(r.right.posterior.values[1]).toBeCloseTo(Math.exp(Math.log(0.5) + beta[1]! - logPe), 12)
  })
})

describe('plan and memory budget', () => {
  const star = (leaves: number): Factor[] => {
    const fs: Factor[] = [tableOf([0 as VarId], [2], Float64Array.of(0.5, 0.5))]
    for (let i = 1; i <= leaves; i++) fs.push(tableOf([0 as VarId, i as VarId], [2, 2], Float64Array.of(0.9, 0.1, 0.2, 0.8)))
    return fs
  }
  it('knows the induced width and largest table before running', () => {
    const fs = star(30)
    const leaves = ids(31).slice(1)
    const bad = eliminationPlan(fs, { targets: [], ordering: { kind: 'order', order: [0 as VarId, ...leaves] } })
    const good = eliminationPlan(fs, { targets: [], ordering: { kind: 'minFill' } })
    if (E.isLeft(bad) || E.isLeft(good)) return expect.unreachable()
    expect(bad.right.inducedWidth).toBe(30)
    expect(bad.right.largestTableEntries).toBe(2 ** 30)
    expect(bad.right.largestTableBytes).toBe(2 ** 33)
    expect(bad.right.largestTableAt).toBe(0)
    expect(good.right.inducedWidth).toBe(1)
    expect(good.right.largestCliqueEntries).toBe(4)
  })
  it('refuses a run over the budget, saying how big it would be', () => {
    const fs = star(30)
    const r = variableElimination(fs, { targets: [], ordering: { kind: 'order', order: ids(31) } })
    expect(r).toMatchObject({
      left: { _tag: 'MemoryBudgetExceeded', entries: 2 ** 30, bytes: 2 ** 33, budgetBytes: DEFAULT_MEMORY_BUDGET_BYTES, variable: '#0' },
    })
    if (E.isLeft(r)) expect(describeError(r.left)).toContain('8.00 GiB')
    const posterior = variableElimination(fs, { targets: ids(31).slice(1) })
    expect(posterior).toMatchObject({ left: { _tag: 'MemoryBudgetExceeded', variable: 'posterior' } })
    expect(tag(variableElimination(star(3), { targets: [1 as VarId], memoryBudgetBytes: 8 }))).toBe('MemoryBudgetExceeded')
    expect(tag(variableElimination(star(3), { targets: [1 as VarId], memoryBudgetBytes: 16 }))).toBe('Right')
    expect(tag(variableElimination(star(3), { targets: [], memoryBudgetBytes: 0 }))).toBe('InvalidOption')
  })
  it('heuristics differ as defined: min-neighbours counts, min-weight multiplies cardinalities', () => {
    // a has 2 neighbours of 10 states; b has 3 neighbours of 2 states
    const [a, x, y, b, p, q, r] = ids(7) as VarId[]
    const cards = new Map<VarId, number>([[a!, 2], [x!, 10], [y!, 10], [b!, 2], [p!, 2], [q!, 2], [r!, 2]])
    const scopes = [[a!, x!, y!], [b!, p!, q!, r!]]
    const first = (kind: EliminationHeuristic) => eliminationOrder(scopes, cards, [a!, b!], kind)[0]!.variable
    expect(first({ kind: 'minNeighbours' })).toBe(a)
    expect(first({ kind: 'minWeight' })).toBe(b)
    // min-weight is the cluster size, v included: c (10 states, neighbours 2 x 2: 40 entries) loses to
    // b (2 states, neighbours 2 x 2 x 2: 16 entries) although c's neighbours alone weigh less
    const c = 7 as VarId
    const withC = new Map([...cards, [c, 10]])
    expect(eliminationOrder([[c, p!, q!], [b!, x!, y!, r!]], new Map([...withC, [x!, 2], [y!, 2]]), [c, b!], { kind: 'minWeight' })[0]!.variable).toBe(b)
    // fill: both cliques are already complete, so fill costs tie and the smaller cluster goes first
    // (b: 2^4 = 16 entries, a: 2 x 10 x 10 = 200)
    expect(first({ kind: 'minFill' })).toBe(b)
    // equal scores and equal clusters: the smaller id goes first
    const twin = new Map<VarId, number>([[a!, 2], [x!, 2], [y!, 2], [b!, 2], [p!, 2], [q!, 2]])
    const twins = [[b!, p!, q!], [a!, x!, y!]]
    for (const kind of heuristics) expect(eliminationOrder(twins, twin, [b!, a!], kind)[0]!.variable).toBe(a)
  })
  it('orders depend on the ids only through their order: sparse ids give the same steps, relabelled', () =>
    fc.assert(
      fc.property(arbitraryFactors(3, 6), fc.constantFrom(...heuristics), fc.nat(), ({ u, factors }, heuristic, seed) => {
        const scopes = factors.map((f) => f.scope)
        const cards = new Map(u.cards.map((c, v) => [v as VarId, c]))
        const present = [...new Set(scopes.flat())]
        const eliminate = shuffled(present, seed).slice(0, seed % (present.length + 1))
        const far = (v: VarId) => (v * 100_003 + 7) as VarId // sparse: compacted before elimination
        const relabel = (vs: readonly VarId[]) => vs.map(far)
        const farCards = new Map([...cards].map(([v, c]) => [far(v), c]))
        for (const how of [heuristic, shuffled(eliminate, seed + 1)]) {
          const near = eliminationOrder(scopes, cards, eliminate, how)
          const farHow = 'kind' in how ? how : relabel(how)
          const sparse = eliminationOrder(scopes.map(relabel), farCards, relabel(eliminate), farHow)
          expect(sparse).toEqual(near.map((s) => ({ ...s, variable: far(s.variable), neighbours: relabel(s.neighbours) })))
        }
      }),
      { numRuns: 100 },
    ))
  it('weighted min-fill weighs fill edges by cardinalities', () => {
    // eliminating w adds one fill edge {big1, big2} (5 x 5 = 25); eliminating u adds three,
    // {s, t}, {s, r}, {t, r} (3 x 2 x 2 = 12): min-fill counts edges, weighted min-fill weighs them
    const [w, big1, big2, u, s, t, r] = ids(7) as VarId[]
    const cards = new Map<VarId, number>([[w!, 2], [big1!, 5], [big2!, 5], [u!, 2], [s!, 2], [t!, 2], [r!, 2]])
    const scopes = [[w!, big1!], [w!, big2!], [u!, s!], [u!, t!], [u!, r!]]
    expect(eliminationOrder(scopes, cards, [w!, u!], { kind: 'minFill' })[0]!.variable).toBe(w)
    expect(eliminationOrder(scopes, cards, [w!, u!], { kind: 'weightedMinFill' })[0]!.variable).toBe(u)
  })
})

describe('bad queries are typed errors', () => {
  const [a, b, c] = ids(3) as [VarId, VarId, VarId]
  const cpts = [
    tableOf([a], [2], Float64Array.of(0.5, 0.5)),
    tableOf([a, b], [2, 2], Float64Array.of(1, 0, 0, 1)),
    tableOf([b, c], [2, 2], Float64Array.of(0.5, 0.5, 0.5, 0.5)),
  ]
  it('unknown variables, states, duplicates and inconsistent cardinalities', () => {
    expect(tag(variableElimination(cpts, { targets: [9 as VarId] }))).toBe('UnknownVariable')
    expect(tag(variableElimination(cpts, { targets: [a], evidence: new Map([[9 as VarId, 0]]) }))).toBe('UnknownVariable')
    expect(tag(variableElimination(cpts, { targets: [a], evidence: new Map([[b, 2]]) }))).toBe('UnknownState')
    expect(tag(variableElimination(cpts, { targets: [a, a] }))).toBe('DuplicateVariable')
    expect(tag(variableElimination([...cpts, tableOf([c], [3], new Float64Array(3))], { targets: [a] }))).toBe('CardinalityMismatch')
  })
  it('invalid orders and options', () => {
    expect(tag(variableElimination(cpts, { targets: [a], ordering: { kind: 'order', order: [b] } }))).toBe('InvalidOrder')
    expect(tag(variableElimination(cpts, { targets: [a], ordering: { kind: 'order', order: [b, c, a] } }))).toBe('InvalidOrder')
    expect(tag(variableElimination(cpts, { targets: [a], ordering: { kind: 'order', order: [b, c, 9 as VarId] } }))).toBe('InvalidOrder')
    expect(tag(variableElimination(cpts, { targets: [a], ordering: { kind: 'order', order: [b, b, c] } }))).toBe('DuplicateVariable')
    expect(tag(variableElimination(cpts, { targets: [a], childOf: { kind: 'given', children: [a] } }))).toBe('InvalidOption')
    // evidence and pruned variables in a full order are skipped
    expect(tag(variableElimination(cpts, { targets: [a], ordering: { kind: 'order', order: [b, c] }, evidence: new Map([[b, 0]]), childOf: { kind: 'last' } }))).toBe('Right')
  })
  it('wrong childOf claims and duplicate tables', () => {
    expect(tag(variableElimination(cpts, { targets: [a], childOf: { kind: 'given', children: [a, a, c] } }))).toBe('NotACpt')
    expect(tag(variableElimination([...cpts, cpts[2]!], { targets: [a], childOf: { kind: 'last' } }))).toBe('DuplicateCpt')
  })
  it('impossible evidence, named through the domain', () => {
    const d = domain([
      { name: 'A', states: ['a0', 'a1'] },
      { name: 'B', states: ['b0', 'b1'] },
      { name: 'C', states: ['c0', 'c1'] },
    ])
    if (E.isLeft(d)) return expect.unreachable()
    const r = variableElimination(cpts, { targets: [c], evidence: new Map([[a, 0], [b, 1]]), domain: d.right, childOf: { kind: 'last' } })
    expect(r).toMatchObject({ left: { _tag: 'ImpossibleEvidence', evidence: ['A=a0', 'B=b1'] } })
    const wrongCards = domain([{ name: 'A', states: ['x', 'y', 'z'] }, { name: 'B', states: ['0', '1'] }, { name: 'C', states: ['0', '1'] }])
    if (E.isRight(wrongCards)) expect(tag(variableElimination(cpts, { targets: [a], domain: wrongCards.right }))).toBe('CardinalityMismatch')
    // zero mass without evidence, and impossible evidence caught while reducing or eliminating
    expect(tag(variableElimination([tableOf([a], [2], new Float64Array(2))], { targets: [a] }))).toBe('ImpossibleEvidence')
    expect(tag(variableElimination(cpts, { targets: [], evidence: new Map([[a, 0], [b, 1]]) }))).toBe('ImpossibleEvidence')
  })
})

describe('variable elimination in log space', () => {
  it('equals brute-force enumeration on random networks and random factors, every heuristic', () =>
    fc.assert(
      fc.property(arbitraryNetwork(6, 3), arbitraryFactors(4, 5), fc.nat(), (net, { u, factors }, seed) => {
        const { evidence, targets } = queryOf(net, seed)
        for (const heuristic of heuristics)
          expectMatchesBruteForce(
            net.cards,
            net.cpts,
            targets,
            evidence,
            logVariableElimination(net.cpts, { targets, evidence, ordering: heuristic, childOf: { kind: 'last' } }),
          )
        const present = ids(u.cards.length).filter((v) => factors.some((f) => f.scope.includes(v)))
        const cards = u.cards.map((c, v) => (present.includes(v as VarId) ? c : 1))
        const some = shuffled(present, seed).slice(0, 2)
        expectMatchesBruteForce(cards, factors, some, new Map(), logVariableElimination(factors, { targets: some }))
      }),
      { numRuns: 100 },
    ))
  it('answers where every linear product underflows: four findings of 1e-200 whatever the cause', () => {
    // x0 is a fair coin; findings y1..y4 each have probability 1e-200 under one value of x0 and 1 under the
    // other, two each way: every joint entry is 0.5 * 1e-400, far below the smallest double.
    const x0 = 0 as VarId
    const cpts = [tableOf([x0], [2], Float64Array.of(0.5, 0.5))]
    const rare = [Float64Array.of(1 - 1e-200, 1e-200, 0, 1), Float64Array.of(0, 1, 1 - 1e-200, 1e-200)]
    for (let k = 1; k <= 4; k++) cpts.push(tableOf([x0, k as VarId], [2, 2], rare[k % 2]!))
    const evidence = new Map(ids(5).slice(1).map((v) => [v, 1]))
    const r = logVariableElimination(cpts, { targets: [x0], evidence, childOf: { kind: 'last' } })
    if (E.isLeft(r)) return expect.unreachable(describeError(r.left))
    const logTotal = Math.log(2 * 0.5) + 2 * Math.log(1e-200)
    expect(Math.abs(r.right.logEvidence - logTotal)).toBeLessThanOrEqual(1e-12 * Math.abs(logTotal))
    // Logs of numbers near -921 carry about 1e-13 relative error into the posterior.
    for (const p of r.right.posterior.values) expect(Math.abs(p - 0.5)).toBeLessThanOrEqual(1e-12)
    // The linear engine loses every entry and can only call the evidence impossible.
    expect(tag(variableElimination(cpts, { targets: [x0], evidence, childOf: { kind: 'last' } }))).toBe('ImpossibleEvidence')
  })
})
