import { fromSamples, memorySource, writeCsv } from '@chainrule/data'
import { networkFromText } from '@chainrule/io'
import { ancestralSample, createRng, isBayesianNetwork } from '@chainrule/models'
import { compareGraphs, cpdagOf, learnStructure, scoreGraph, undirectedOf } from '@chainrule/structure'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { bundledNetwork, bundledText } from './bundled.fixtures.js'
import type { Candidate, LearnRequest, LearnResponse } from './learn-protocol.js'
import { createLearnSession } from './learn-session.js'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}

const candidate = (id: string): Candidate => ({ id, file: `${id}.bif.gz`, text: bundledText(id) })

/** A session that records what it posts; `run` returns the responses of one request. */
const recordingSession = () => {
  const posted: LearnResponse[] = []
  let clock = 0
  const session = createLearnSession((r) => posted.push(r), () => (clock += 10))
  const run = async (request: LearnRequest) => {
    const from = posted.length
    await session.handle(request)
    return posted.slice(from)
  }
  return { run }
}

describe('the Learn session', () => {
  it('samples a bundled network, learns with every move reported, and compares with the truth as the library does', async () => {
    const { run } = recordingSession()
    const [data] = await run({ kind: 'sample', id: 1, network: candidate('asia'), rows: 5_000, seed: 3 })
    expect(data).toMatchObject({ kind: 'data', id: 1, rows: 5_000, incompleteRows: 0, origin: '5,000 rows sampled from asia (seed 3)' })
    if (data?.kind !== 'data') throw new Error('no data')
    expect(data.truth?.id).toBe('asia')
    const responses = await run({ kind: 'learn', id: 2, choice: { algorithm: 'tabu', score: 'bic' } })
    const steps = responses.filter((r) => r.kind === 'step')
    const learned = responses.at(-1)
    if (learned?.kind !== 'learned') throw new Error('not learned')
    expect(steps.map((s) => (s.kind === 'step' ? s.iteration : 0))).toEqual(steps.map((_, i) => i + 1))
    // The same rows through the library.
    const asia = bundledNetwork('asia')
    const rows = right(fromSamples(right(ancestralSample(asia, 5_000, createRng(3)))))
    const library = right(await learnStructure(memorySource(rows), { kind: 'tabu' }))
    expect(learned.arcs).toEqual(library.dag.parentIds.flatMap((ps, v) => ps.map((p) => [library.dag.nodes[p], library.dag.nodes[v]])))
    expect(learned.score).toBe(right(await scoreGraph(memorySource(rows), library.dag, { kind: 'bic' })))
    expect(learned.comparison).toEqual(right(compareGraphs(cpdagOf(library.dag), cpdagOf(asia.dag))))
    expect(learned.seconds).toBeGreaterThan(0)
    const [fitted] = await run({ kind: 'fit', id: 3 })
    if (fitted?.kind !== 'fitted') throw new Error('not fitted')
    const opened = right(networkFromText(fitted.bif, 'learned.bif')).network
    if (!isBayesianNetwork(opened)) throw new Error('learned.bif is a Bayesian network')
    expect(opened.dag.parentIds.flatMap((ps, v) => ps.map((p) => [opened.dag.nodes[p], opened.dag.nodes[v]])).sort()).toEqual([...learned.arcs].map((a) => [...a]).sort())
  })

  it('reads a CSV, recognises the bundled network it has the variables of, and learns a CPDAG with PC', async () => {
    const { run } = recordingSession()
    const sachs = bundledNetwork('sachs')
    const text = writeCsv(right(fromSamples(right(ancestralSample(sachs, 3_000, createRng(1))))))
    const [data] = await run({ kind: 'csv', id: 1, file: 'sachs.csv', text, candidates: [candidate('asia'), candidate('sachs')] })
    expect(data).toMatchObject({ kind: 'data', rows: 3_000, origin: 'sachs.csv: 3,000 rows, the variables of sachs' })
    if (data?.kind !== 'data') throw new Error('no data')
    expect(data.truth?.nodes).toEqual(sachs.dag.nodes)
    const responses = await run({ kind: 'learn', id: 2, choice: { algorithm: 'pc', score: 'bic' } })
    expect(responses.some((r) => r.kind === 'level')).toBe(true)
    const learned = responses.at(-1)
    if (learned?.kind !== 'learned') throw new Error('not learned')
    const library = right(await learnStructure(memorySource(right((await import('@chainrule/data')).parseCsv(text))), { kind: 'pc' }))
    expect(learned.undirected).toEqual(undirectedOf(library.graph))
    expect(learned.comparison?.shd).toBe(right(compareGraphs(library.graph, cpdagOf(sachs.dag))).shd)
  })

  it('a CSV that matches no bundled network has no truth; rows with a missing cell are counted', async () => {
    const { run } = recordingSession()
    const [data] = await run({ kind: 'csv', id: 1, file: 'x.csv', text: 'a,b\n0,1\n1,?\n1,1\n', candidates: [candidate('asia')] })
    expect(data).toMatchObject({ kind: 'data', variables: ['a', 'b'], rows: 3, incompleteRows: 1, origin: 'x.csv: 3 rows' })
    expect(data?.kind === 'data' && data.truth).toBeUndefined()
    const [learned] = (await run({ kind: 'learn', id: 2, choice: { algorithm: 'chow-liu', score: 'aic' } })).slice(-1)
    expect(learned).toMatchObject({ kind: 'learned', rows: 2, droppedRows: 1, scoreName: 'aic' })
    expect(learned?.kind === 'learned' && learned.comparison).toBeUndefined()
  })

  it('reports problems as failed responses with the playground error', async () => {
    const { run } = recordingSession()
    expect(await run({ kind: 'learn', id: 1, choice: { algorithm: 'hc', score: 'bic' } })).toEqual([
      { kind: 'failed', id: 1, request: 'learn', error: { _tag: 'NothingToLearn', needs: 'data' } },
    ])
    const [bad] = await run({ kind: 'csv', id: 2, file: 'bad.csv', text: 'a,b\n1\n', candidates: [] })
    expect(bad).toMatchObject({ kind: 'failed', request: 'csv', error: { _tag: 'DataFile', file: 'bad.csv', error: { _tag: 'CsvRaggedRow' } } })
    const [tooMany] = await run({ kind: 'sample', id: 3, network: candidate('asia'), rows: 0, seed: 1 })
    expect(tooMany).toMatchObject({ kind: 'failed', error: { _tag: 'Structure', error: { _tag: 'InvalidOption', option: 'rows' } } })
    await run({ kind: 'sample', id: 4, network: candidate('cancer'), rows: 100, seed: 1 })
    expect(await run({ kind: 'fit', id: 5 })).toEqual([{ kind: 'failed', id: 5, request: 'fit', error: { _tag: 'NothingToLearn', needs: 'a learned graph' } }])
    const [bounded] = (await run({ kind: 'learn', id: 6, choice: { algorithm: 'hybrid', score: 'bdeu', maxParents: 1 } })).slice(-1)
    expect(bounded?.kind).toBe('learned')
    const [k2] = (await run({ kind: 'learn', id: 7, choice: { algorithm: 'hc', score: 'k2' } })).slice(-1)
    expect(k2).toMatchObject({ kind: 'learned', scoreName: 'k2' })
  })
})
