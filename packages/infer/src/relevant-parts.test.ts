import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { arbitraryEvidence, arbitraryModel, exactPosterior, namedEvidence, type Model } from '@chainrule/testing'
import { compile, engineState } from './engine.js'
import { mpe } from './mpe.js'
import { marginals } from './marginals.js'
import { markovOf, networkOf } from './models.fixtures.js'
import { questionTables, reduceValues, reductionOf } from './question-tables.js'
import { resolveQuestion } from './question.js'
import { ancestralTables, requisiteTables } from './relevance.js'
import { answerCover, coverTargets, depthOf, type Cover } from './relevant-trees.js'

/** A question on a small model: evidence, soft findings, interventions (forced state or distribution), targets. */
interface SmallQuestion {
  readonly states: Int32Array
  readonly soft: (Float64Array | undefined)[]
  readonly forced: ({ readonly state: number } | { readonly distribution: Float64Array } | undefined)[]
  readonly targets: number[] | undefined
}

const arbQuestion = (cards: readonly number[], causal: boolean): fc.Arbitrary<SmallQuestion> =>
  fc
    .tuple(
      arbitraryEvidence(cards).map((e) => e.states),
      fc.tuple(...cards.map((card) => fc.option(fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: card, maxLength: card }), { freq: 4 }))),
      fc.tuple(
        ...cards.map((card) =>
          causal
            ? fc.option(
                fc.oneof(
                  fc.integer({ min: 0, max: card - 1 }).map((state) => ({ state })),
                  fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: card, maxLength: card }).map((d) => ({ distribution: Float64Array.from(d) })),
                ),
                { freq: 5 },
              )
            : fc.constant(null),
        ),
      ),
      fc.option(fc.subarray(cards.map((_, v) => v), { minLength: 1 })),
    )
    .map(([raw, soft, forced, targets]) => {
      // Evidence on a variable forced by do() only at its forced state.
      const states = Int32Array.from(raw, (s, v) => {
        const f = forced[v]
        return f !== null && f !== undefined && 'state' in f ? (s >= 0 ? f.state : -1) : s
      })
      return {
        states,
        soft: soft.map((l) => (l === null ? undefined : Float64Array.from(l))),
        forced: forced.map((f) => f ?? undefined),
        targets: targets ?? undefined,
      }
    })

/** The truncated factorisation: each intervened variable's table replaced by its forced state or distribution. */
const mutilated = (model: Model, q: SmallQuestion): Model => ({
  cards: model.cards,
  tables: model.tables.map((t, v) => {
    const f = q.forced[v]
    if (f === undefined) return t
    const card = model.cards[v]!
    const sum = 'distribution' in f ? f.distribution.reduce((s, x) => s + x, 0) : 1
    return { scope: t.scope, values: Float64Array.from(t.values, (_, k) => ('state' in f ? (k % card === f.state ? 1 : 0) : f.distribution[k % card]! / sum)) }
  }),
})

const questionOf = (q: SmallQuestion) => ({
  evidence: namedEvidence(q.states),
  soft: Object.fromEntries(q.soft.flatMap((l, v) => (l === undefined ? [] : [[`v${v}`, [...l]]]))),
  do: Object.fromEntries(q.forced.flatMap((f, v) => (f === undefined ? [] : [[`v${v}`, 'state' in f ? `s${f.state}` : [...f.distribution]]]))),
  ...(q.targets === undefined ? {} : { targets: q.targets.map((v) => `v${v}`) }),
})

/** Soft findings scaled to a peak of 1, as a question carries them. */
const peaked = (soft: readonly (Float64Array | undefined)[]): (Float64Array | undefined)[] =>
  soft.map((l) => (l === undefined ? undefined : Float64Array.from(l, (x) => x / Math.max(...l))))

const expectExact = (model: Model, q: SmallQuestion, logPe: number, probabilities: readonly (Float64Array | undefined)[], targets: readonly number[]): void => {
  const exact = exactPosterior(mutilated(model, q), { evidence: q.states, soft: peaked(q.soft) })
  expect(Math.abs(logPe - Math.log(exact.z))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(Math.log(exact.z))))
  for (const v of targets) probabilities[v]!.forEach((p, s) => expect(Math.abs(p - exact.marginals![v]![s]!)).toBeLessThan(1e-12))
}

const withQuestion = (causal: boolean) => arbitraryModel({ variables: { max: 7 } }).chain((model) => fc.tuple(fc.constant(model), arbQuestion(model.cards, causal)))

describe('trees over evidence-reduced relevant parts equal brute-force enumeration', () => {
  it('every marginal and log P(e) with evidence, soft findings, interventions and targets; one tree or several, on networks and general factors', () =>
    fc.assert(
      fc.property(withQuestion(true), fc.boolean(), fc.boolean(), ([model, q], isBayesianNetwork, split) => {
        const question = isBayesianNetwork ? q : { ...q, forced: q.forced.map(() => undefined) }
        const net = isBayesianNetwork ? networkOf(model) : markovOf(model)
        const engine = compile(net)
        if (E.isLeft(engine)) throw new Error('compile')
        const resolved = resolveQuestion({ domain: net.domain, kind: isBayesianNetwork ? 'bayesian' : 'markov', factors: 'cpts' in net ? net.cpts : net.factors }, questionOf(question))
        if (E.isLeft(resolved)) throw new Error(resolved.left._tag)
        const qt = questionTables(model.cards, model.tables, isBayesianNetwork, resolved.right)
        const relevant = { cards: model.cards, isBayesianNetwork, memoryBudgetBytes: 2 ** 30, ...(split ? { splitAbove: 0 } : {}) }
        const wanted = question.targets ?? model.cards.map((_, v) => v).filter((v) => question.states[v]! < 0)
        const cover = coverTargets(relevant, qt, wanted, depthOf({ ...relevant, tables: model.tables }))
        if (E.isLeft(cover) || cover.right === undefined) throw new Error('relevant parts failed')
        const out: (Float64Array | undefined)[] = model.cards.map(() => undefined)
        const logPe = answerCover(cover.right, qt, out)
        if (logPe === undefined) throw new Error('these probabilities are far from the limits of doubles')
        const exact = exactPosterior(mutilated(model, question), { evidence: question.states, soft: peaked(question.soft) })
        if (exact.z === 0) {
          expect(logPe).toBe(-Infinity)
          return
        }
        // A part answers every wanted variable that is neither observed nor forced.
        expectExact(model, question, logPe, out, wanted.filter((v) => qt.observed[v]! < 0))
      }),
      { numRuns: 400 },
    ))

  it('one cover answers every question of its pattern: its parts share one scratch block, keep no cluster tables, and each answer equals enumeration', () =>
    fc.assert(
      fc.property(withQuestion(false), ([model, first]) => {
        // The same observed and soft variables, other states and likelihoods: the pattern's second question.
        const second: SmallQuestion = {
          ...first,
          states: first.states.map((s, v) => (s < 0 ? s : (s + 1) % model.cards[v]!)),
          soft: first.soft.map((l) => (l === undefined ? undefined : l.map((x) => 1.05 - x))),
        }
        const tablesOf = (q: SmallQuestion) => {
          const resolved = resolveQuestion({ domain: networkOf(model).domain, kind: 'bayesian', factors: networkOf(model).cpts }, questionOf(q))
          if (E.isLeft(resolved)) throw new Error(resolved.left._tag)
          return questionTables(model.cards, model.tables, true, resolved.right)
        }
        const relevant = { cards: model.cards, isBayesianNetwork: true, memoryBudgetBytes: 2 ** 30, splitAbove: 0 }
        const wanted = model.cards.map((_, v) => v).filter((v) => first.states[v]! < 0)
        const cover = coverTargets(relevant, tablesOf(first), wanted, depthOf({ ...relevant, tables: model.tables }))
        if (E.isLeft(cover) || cover.right === undefined) throw new Error('relevant parts failed')
        const trees = [...cover.right.parts, ...(cover.right.evidence.kind === 'own' ? [cover.right.evidence.part] : [])].map((p) => p.tree)
        for (const tree of trees) {
          expect(tree.rebuilds).toBe(true)
          expect(tree.initial).toBe(tree.work)
          for (const scratch of [...tree.work, ...tree.message, ...tree.incoming]) expect(scratch.buffer).toBe(trees[0]!.work[0]!.buffer)
        }
        const answers = [first, second, first].map((q) => {
          const out: (Float64Array | undefined)[] = model.cards.map(() => undefined)
          const logPe = answerCover(cover.right!, tablesOf(q), out)
          if (logPe === undefined) throw new Error('these probabilities are far from the limits of doubles')
          if (logPe > -Infinity) expectExact(model, q, logPe, out, wanted)
          else expect(exactPosterior(model, { evidence: q.states, soft: peaked(q.soft) }).z).toBe(0)
          return { logPe, out }
        })
        // Answering the second question left nothing behind: the first is answered again bit for bit.
        expect(answers[2]).toEqual(answers[0])
      }),
      { numRuns: 300 },
    ))

  it('a pattern asked again keeps initial tables in its cover; its answers stay those of enumeration, bit for bit those before', () =>
    fc.assert(
      fc.property(withQuestion(false), ([model, first]) => {
        const second: SmallQuestion = { ...first, states: first.states.map((s, v) => (s < 0 ? s : (s + 1) % model.cards[v]!)) }
        const engine = compile(networkOf(model), { method: 'elimination' })
        if (E.isLeft(engine)) throw new Error('compile')
        const coverTrees = () => {
          const covers = [...engineState(engine.right).covers.values()].filter((c) => typeof c === 'object' && 'parts' in c)
          expect(covers).toHaveLength(1)
          const cover = covers[0] as Cover
          return [...cover.parts, ...(cover.evidence.kind === 'own' ? [cover.evidence.part] : [])].map((p) => p.tree)
        }
        const answers = [first, second, first].map((q, round) => {
          const answer = marginals(engine.right, questionOf(q))
          const trees = coverTrees()
          for (const tree of trees) {
            // Rebuilt for the pattern's first question; initial tables of their own from the second on.
            expect(tree.rebuilds).toBe(round === 0)
            if (round > 0) expect(tree.initial[0]!.buffer).not.toBe(tree.work[0]!.buffer)
          }
          if (E.isLeft(answer)) {
            expect(answer.left._tag).toBe('ImpossibleEvidence')
            return undefined
          }
          expectExact(model, q, answer.right.logPEvidence, answer.right.probabilities, answer.right.targets)
          return answer.right.probabilities
        })
        expect(answers[2]).toEqual(answers[0])
      }),
      { numRuns: 200 },
    ))

  it('a question of a known pattern whose findings underflow is answered in log space, whatever the earlier question of the pattern held', () => {
    // a -> b, a -> c, with P(b = 1 | a) = P(c = 1 | a) = 1e-200: observing b = c = 1 has P(e) = 1e-400.
    const rare = [1 - 1e-200, 1e-200, 1 - 1e-200, 1e-200]
    const model: Model = {
      cards: [2, 2, 2],
      tables: [
        { scope: [0], values: [0.5, 0.5] },
        { scope: [0, 1], values: rare },
        { scope: [0, 2], values: rare },
      ],
    }
    const engine = compile(networkOf(model), { method: 'elimination' })
    if (E.isLeft(engine)) throw new Error('compile')
    const ask = (b: string, c: string) => marginals(engine.right, { evidence: { v1: b, v2: c } })
    const common = ask('s0', 's0')
    if (E.isLeft(common)) throw new Error(common.left._tag)
    expect(common.right.logPEvidence).toBeCloseTo(0, 12)
    // The same pattern, so the same reduced tables' buffers, now holding 1e-200 each: their product leaves the doubles.
    const rareAnswer = ask('s1', 's1')
    if (E.isLeft(rareAnswer)) throw new Error(rareAnswer.left._tag)
    expect(Math.abs(rareAnswer.right.logPEvidence / (-400 * Math.LN10) - 1)).toBeLessThan(1e-12)
    rareAnswer.right.probabilities[0]!.forEach((p) => expect(p).toBeCloseTo(0.5, 12))
  })

  it('through marginals: engines without a whole tree, and with one once a pattern repeats, equal enumeration', () =>
    fc.assert(
      fc.property(withQuestion(true), ([model, q]) => {
        const network = networkOf(model)
        const engines = [compile(network, { method: 'elimination' }), compile(network, { relevantPartsAbove: 0, relevantPartsAfterMs: 0 })]
        const exact = exactPosterior(mutilated(model, q), { evidence: q.states, soft: peaked(q.soft) })
        for (const engine of engines) {
          if (E.isLeft(engine)) throw new Error('compile')
          for (let round = 0; round < 2; round++) {
            const answer = marginals(engine.right, questionOf(q))
            if (exact.z === 0) {
              expect(E.isLeft(answer) && answer.left._tag).toBe('ImpossibleEvidence')
              continue
            }
            if (E.isLeft(answer)) throw new Error(answer.left._tag)
            expectExact(model, q, answer.right.logPEvidence, answer.right.probabilities, answer.right.targets)
          }
        }
      }),
      { numRuns: 200 },
    ))

  it('gives up (undefined) once its trees would reach the given limit', () => {
    const model = { cards: [2, 2], isBayesianNetwork: true, memoryBudgetBytes: 2 ** 20 }
    const tables = [{ scope: [0], values: [0.5, 0.5] }, { scope: [0, 1], values: [0.9, 0.1, 0.2, 0.8] }]
    const none = Int32Array.from([-1, -1])
    const qt = questionTables(model.cards, tables, true, { states: none, targets: undefined, description: [], intervened: false })
    expect(coverTargets(model, qt, [0, 1], depthOf({ ...model, tables }), 1)).toEqual(E.right(undefined))
    const whole = coverTargets(model, qt, [0, 1], depthOf({ ...model, tables }))
    if (E.isLeft(whole) || whole.right === undefined) throw new Error('cover failed')
    expect(whole.right.stats).toEqual({ trees: 1, clusterEntries: 4, largestCluster: 4 })
    const out: (Float64Array | undefined)[] = [undefined, undefined]
    expect(answerCover(whole.right, qt, out)).toBe(0)
    expect(Array.from(out[1]!)).toEqual([0.5 * 0.9 + 0.5 * 0.2, 0.5 * 0.1 + 0.5 * 0.8])
  })

  it('observed variables leave the graph: a chain observed in the middle becomes two independent halves', () => {
    // a -> b -> c -> d -> e with c observed: the reduced moral graph has no edge across c.
    const cards = [2, 2, 2, 2, 2]
    const tables = [{ scope: [0], values: [0.5, 0.5] }, ...[1, 2, 3, 4].map((v) => ({ scope: [v - 1, v], values: [0.9, 0.1, 0.3, 0.7] }))]
    const states = Int32Array.from([-1, -1, 1, -1, -1])
    const qt = questionTables(cards, tables, true, { states, targets: undefined, description: ['v2=s1'], intervened: false })
    const relevant = { cards, isBayesianNetwork: true, memoryBudgetBytes: 2 ** 20 }
    const cover = coverTargets(relevant, qt, [0, 1, 3, 4], depthOf({ ...relevant, tables }))
    if (E.isLeft(cover) || cover.right === undefined) throw new Error('cover failed')
    // Clusters {a, b}, {b} and {d, e}: no cluster holds c.
    const tree = cover.right.parts[0]!.tree
    expect(tree.clusterVars.every((vars) => vars.every((l) => cover.right!.parts[0]!.globalOf[l] !== 2))).toBe(true)
    expect(tree.plan.largestCluster.entries).toBe(4)
  })
})

describe('the engine chooses how to answer, per question pattern', () => {
  it('parts wait until the whole tree has spent relevantPartsAfterMs on the pattern', () => {
    const model = { cards: [2, 2, 2, 2], tables: [{ scope: [0], values: [0.3, 0.7] }, { scope: [0, 1], values: [0.9, 0.1, 0.2, 0.8] }, { scope: [1, 2], values: [0.6, 0.4, 0.5, 0.5] }, { scope: [2, 3], values: [0.1, 0.9, 0.7, 0.3] }] }
    const network = networkOf(model)
    const methodsWith = (relevantPartsAfterMs: number): string[] => {
      const engine = compile(network, { relevantPartsAbove: 0, relevantPartsAfterMs })
      if (E.isLeft(engine)) throw new Error('compile')
      // Build the whole tree first (MPE needs it): then parts must earn their compile.
      if (E.isLeft(mpe(engine.right))) throw new Error('mpe')
      return Array.from({ length: 5 }, () => {
        // P(v0) needs v0's table only (the rest is barren): its part is far smaller than the tree.
        const posterior = marginals(engine.right, { targets: ['v0'] })
        if (E.isLeft(posterior)) throw new Error(posterior.left._tag)
        return posterior.right.method
      })
    }
    // A long allowance keeps every query on the tree; none switches on the second query.
    expect(methodsWith(Number.POSITIVE_INFINITY)).toEqual(['tree', 'tree', 'tree', 'tree', 'tree'])
    expect(methodsWith(0)).toEqual(['tree', 'relevant-parts', 'relevant-parts', 'relevant-parts', 'relevant-parts'])
  })

  it('the whole tree is built when a question first needs it: answered from parts, it is never built', () => {
    const model = { cards: [2, 2, 2, 2], tables: [{ scope: [0], values: [0.3, 0.7] }, { scope: [0, 1], values: [0.9, 0.1, 0.2, 0.8] }, { scope: [1, 2], values: [0.6, 0.4, 0.5, 0.5] }, { scope: [2, 3], values: [0.1, 0.9, 0.7, 0.3] }] }
    const engine = compile(networkOf(model), { relevantPartsAbove: 0 })
    if (E.isLeft(engine)) throw new Error('compile')
    const state = engineState(engine.right)
    expect(engine.right.treeBuilt).toBe(true)
    expect(state.whole!.built).toBeUndefined()
    // P(v0) needs one table: compiling that part costs less than building the whole tree.
    const posterior = marginals(engine.right, { targets: ['v0'] })
    if (E.isLeft(posterior)) throw new Error(posterior.left._tag)
    expect(posterior.right.method).toBe('relevant-parts')
    expect(state.whole!.built).toBeUndefined()
    // MPE needs every variable: the whole tree is built now, once.
    if (E.isLeft(mpe(engine.right))) throw new Error('mpe')
    const built = state.whole!.built
    expect(built).toBeDefined()
    if (E.isLeft(mpe(engine.right))) throw new Error('mpe')
    expect(state.whole!.built).toBe(built)
  })
})

describe('requisite tables', () => {
  it('a chain a -> b -> c: P(a) needs a only; P(a | c) needs all; P(c | b) needs c only', () => {
    const scopes = [[0], [0, 1], [1, 2]]
    expect(requisiteTables(scopes, true, [0], [-1, -1, -1])).toEqual([0])
    expect(requisiteTables(scopes, true, [0], [-1, -1, 1])).toEqual([0, 1, 2])
    expect(requisiteTables(scopes, true, [2], [-1, 0, -1])).toEqual([2])
    // A soft finding on c makes it relevant like evidence, without cutting the chain.
    expect(requisiteTables(scopes, true, [0], [-1, -1, -1], [2])).toEqual([0, 1, 2])
    expect(ancestralTables(scopes, true, [1])).toEqual([0, 1])
  })

  it('a v-structure a -> c <- b: a and b are independent until c is observed', () => {
    const scopes = [[0], [1], [0, 1, 2]]
    expect(requisiteTables(scopes, true, [0], [-1, -1, -1])).toEqual([0])
    expect(requisiteTables(scopes, true, [0], [-1, -1, 0])).toEqual([0, 1, 2])
  })
})

describe('reducing a table by observed states', () => {
  it('keeps the entries at the observed states, laid out over the rest', () =>
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }).chain((cards) =>
          fc.tuple(fc.constant(cards), fc.tuple(...cards.map((c) => fc.integer({ min: -1, max: c - 1 })))),
        ),
        ([cards, observed]) => {
          const scope = cards.map((_, v) => v)
          const size = cards.reduce((s, c) => s * c, 1)
          const values = Float64Array.from({ length: size }, (_, k) => k)
          const r = reductionOf(scope, cards, observed)
          const out = reduceValues(values, r, observed, new Float64Array(r.entries))
          // Enumerate the kept variables' assignments in row-major order and read the full table directly.
          const kept = scope.filter((v) => observed[v]! < 0)
          expect(r.scope).toEqual(kept)
          const a = Int32Array.from(observed, (s) => Math.max(s, 0))
          for (let k = 0; k < r.entries; k++) {
            let rest = k
            for (let j = kept.length - 1; j >= 0; j--) {
              a[kept[j]!] = rest % cards[kept[j]!]!
              rest = Math.floor(rest / cards[kept[j]!]!)
            }
            let index = 0
            for (const v of scope) index = index * cards[v]! + a[v]!
            expect(out[k]).toBe(values[index])
          }
        },
      ),
    ))
})
