import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { hideCells, memorySource, type DataSet } from '@chainrule/data'
import { createRng, defineNetwork } from '@chainrule/models'
import { accuracy, classify } from './classifier.js'
import { fitTables } from './tables.js'
import { chowLiu, naiveBayes, tan } from './trees.js'
import { arbitraryData, completeRowIndices, right, sampleData } from './testing/oracle.js'

/** Mutual information of columns a and b given columns `given`, by string keys over complete rows. */
const bruteMutualInformation = (data: DataSet, a: number, b: number, given: readonly number[]): number => {
  const rows = completeRowIndices(data)
  const count = (cols: readonly number[]) => {
    const m = new Map<string, number>()
    for (const r of rows) {
      const key = cols.map((c) => data.columns[c]![r]).join('|')
      m.set(key, (m.get(key) ?? 0) + 1)
    }
    return m
  }
  const abz = count([...given, a, b])
  const az = count([...given, a])
  const bz = count([...given, b])
  const z = count(given)
  let mi = 0
  for (const r of rows) {
    const g = given.map((c) => data.columns[c]![r]).join('|')
    const key = (cols: number[]) => [g, ...cols.map((c) => data.columns[c]![r])].filter((s) => s !== '').join('|')
    const nz = given.length === 0 ? rows.length : z.get(g)!
    mi += Math.log((abz.get(key([a, b]))! * nz) / (az.get(key([a]))! * bz.get(key([b]))!)) / rows.length
  }
  return mi
}

/** Every spanning tree over `nodes`, as edge lists, from Prufer sequences. */
const spanningTrees = (nodes: readonly number[]): [number, number][][] => {
  const k = nodes.length
  if (k === 1) return [[]]
  if (k === 2) return [[[nodes[0]!, nodes[1]!]]]
  const out: [number, number][][] = []
  const total = k ** (k - 2)
  for (let code = 0; code < total; code++) {
    const seq: number[] = []
    let rest = code
    for (let i = 0; i < k - 2; i++) {
      seq.push(rest % k)
      rest = Math.floor(rest / k)
    }
    const degree = new Array<number>(k).fill(1)
    for (const s of seq) degree[s]!++
    const edges: [number, number][] = []
    for (const s of seq) {
      const leaf = degree.findIndex((d) => d === 1)
      edges.push([nodes[leaf]!, nodes[s]!])
      degree[leaf]!--
      degree[s]!--
    }
    const last = degree.flatMap((d, i) => (d === 1 ? [i] : []))
    edges.push([nodes[last[0]!]!, nodes[last[1]!]!])
    out.push(edges)
  }
  return out
}

const treeEdges = (parentIds: readonly (readonly number[])[], skip = -1): string[] =>
  parentIds.flatMap((ps, v) => ps.filter((p) => p !== skip).map((p) => [Math.min(p, v), Math.max(p, v)].join('-'))).sort()

describe('Chow-Liu and TAN', () => {
  it('the Chow-Liu tree has the largest total mutual information of all spanning trees', async () =>
    fc.assert(
      fc.asyncProperty(arbitraryData(5), async ({ data }) => {
        const n = data.variables.length
        const tree = right(await chowLiu(memorySource(data)))
        const weight = (edges: readonly (readonly [number, number])[]) => edges.reduce((s, [a, b]) => s + bruteMutualInformation(data, a, b, []), 0)
        const learned = tree.dag.parentIds.flatMap((ps, v) => ps.map((p) => [p, v] as const))
        expect(learned.length).toBe(n - 1)
        expect(Math.abs(weight(learned) - tree.weight)).toBeLessThan(1e-9)
        const best = Math.max(...spanningTrees(Array.from({ length: n }, (_, i) => i)).map(weight))
        expect(tree.weight).toBeGreaterThanOrEqual(best - 1e-9)
        expect(tree.dag.parentIds[0]).toEqual([])
      }),
      { numRuns: 40 },
    ))

  it('hangs the tree from the root asked for, and TAN from a feature with the class above every feature', async () =>
    fc.assert(
      fc.asyncProperty(arbitraryData(5), fc.nat(), async ({ data }, pick) => {
        const n = data.variables.length
        const root = pick % n
        const rooted = right(await chowLiu(memorySource(data), { root: data.variables[root]! }))
        expect(rooted.dag.parentIds[root]).toEqual([])
        expect(rooted.dag.parentIds.flat().length).toBe(n - 1)
        const c = (pick + 1) % n
        const model = right(await tan(memorySource(data), data.variables[c]!))
        expect(model.dag.parentIds[c]).toEqual([])
        const features = Array.from({ length: n }, (_, i) => i).filter((v) => v !== c)
        for (const f of features) expect(model.dag.parentIds[f]![0]).toBe(c)
        // The feature tree maximises conditional mutual information given the class.
        const weight = (edges: readonly (readonly [number, number])[]) => edges.reduce((s, [a, b]) => s + bruteMutualInformation(data, a, b, [c]), 0)
        const best = Math.max(...spanningTrees(features).map(weight))
        expect(model.weight).toBeGreaterThanOrEqual(best - 1e-9)
        expect(treeEdges(model.dag.parentIds, c).length).toBe(features.length - 1)
      }),
      { numRuns: 30 },
    ))

  it('refuses unknown variables and a class as the TAN root', async () => {
    const data = sampleData(right(defineNetwork({ states: { y: ['0', '1'], x: ['0', '1'] }, parents: { x: ['y'] }, tables: { y: [0.5, 0.5], x: { 0: [0.9, 0.1], 1: [0.1, 0.9] } } })), 50, 1)
    const tag = (r: E.Either<{ _tag: string }, unknown>) => (E.isLeft(r) ? r.left._tag : 'Right')
    expect(tag(await chowLiu(memorySource(data), { root: 'z' }))).toBe('UnknownVariable')
    expect(tag(await naiveBayes(memorySource(data), 'z'))).toBe('UnknownVariable')
    expect(tag(await tan(memorySource(data), 'z'))).toBe('UnknownVariable')
    expect(tag(await tan(memorySource(data), 'y', { root: 'y' }))).toBe('InvalidOption')
  })
})

describe('classifiers', () => {
  // The class y; x1 and x2 noisy copies of y; x3 = x2 xor noise, so TAN can use x2 -> x3.
  const network = right(
    defineNetwork({
      states: { y: ['a', 'b'], x1: ['0', '1'], x2: ['0', '1'], x3: ['0', '1'] },
      parents: { x1: ['y'], x2: ['y'], x3: ['y', 'x2'] },
      tables: {
        y: [0.5, 0.5],
        x1: { a: [0.7, 0.3], b: [0.3, 0.7] },
        x2: { a: [0.8, 0.2], b: [0.2, 0.8] },
        x3: ({ y, x2 }) => ((y === 'a') === (x2 === '0') ? [0.9, 0.1] : [0.1, 0.9]),
      },
    }),
  )
  const train = sampleData(network, 4_000, 1)
  const test = sampleData(network, 2_000, 2)

  it('predicts the class with the largest posterior, checked against the joint of the true network', async () => {
    const predictions = right(classify(network, 'y', test))
    const logJoint = (r: number, y: number) =>
      network.dag.nodes.reduce((s, _, v) => {
        const cpt = network.cpts[v]!
        const offset = cpt.scope.reduce((at, w, i) => at + (w === 0 ? y : test.columns[w]![r]!) * cpt.strides[i]!, 0)
        return s + Math.log(cpt.values[offset]!)
      }, 0)
    for (let r = 0; r < 200; r++) expect(predictions.predicted[r]).toBe(logJoint(r, 1) > logJoint(r, 0) ? 1 : 0)
  })

  it('TAN beats naive Bayes on held-out rows when the features depend on each other', async () => {
    const nb = right(await fitTables(memorySource(train), right(await naiveBayes(memorySource(train), 'y')).dag))
    const tree = right(await fitTables(memorySource(train), right(await tan(memorySource(train), 'y')).dag))
    const nbAccuracy = right(accuracy(nb, 'y', test))
    const tanAccuracy = right(accuracy(tree, 'y', test))
    const bayes = right(accuracy(network, 'y', test))
    expect(nbAccuracy.rows).toBe(2_000)
    expect(tanAccuracy.accuracy).toBeGreaterThan(nbAccuracy.accuracy)
    // TAN can represent the true network: it is within sampling noise of the Bayes-optimal classifier.
    expect(Math.abs(tanAccuracy.accuracy - bayes.accuracy)).toBeLessThan(0.02)
  })

  it('leaves out rows with a missing feature or class, and refuses an unknown class', async () => {
    const hidden = right(hideCells(test, 0.1, createRng(3)))
    const scored = right(accuracy(network, 'y', hidden))
    const complete = completeRowIndices(hidden).length
    expect(scored.rows).toBe(complete)
    expect(scored.rows + scored.skipped).toBe(2_000)
    const bad = classify(network, 'nope', test)
    expect(E.isLeft(bad) && bad.left._tag).toBe('UnknownVariable')
  })
})
