/**
 * Scoring candidate moves on worker threads gives the same scores as the
 * in-memory counter, bit for bit (the same kernels on the same rows), and the
 * same search. Needs the built worker (packages/structure/dist).
 */
import { fromSamples, hideCells, memorySource } from '@chainrule/data'
import { ancestralSample, createRng, defineNetwork } from '@chainrule/models'
import { hillClimb, memoryCounter } from '@chainrule/structure'
import { parallelCounter } from '@chainrule/structure/node'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

const right = <A>(e: E.Either<unknown, A>): A => {
  if (E.isLeft(e)) throw new Error(JSON.stringify(e.left))
  return e.right
}

const network = right(
  defineNetwork({
    states: { a: ['0', '1', '2'], b: ['0', '1'], c: ['0', '1'], d: ['0', '1'], e: ['0', '1', '2'] },
    parents: { b: ['a'], c: ['a', 'b'], d: ['c'], e: ['d', 'b'] },
    tables: {
      a: [0.2, 0.3, 0.5],
      b: { '0': [0.9, 0.1], '1': [0.4, 0.6], '2': [0.5, 0.5] },
      c: ({ a, b }) => (a === '0' && b === '0' ? [0.95, 0.05] : [0.3, 0.7]),
      d: { '0': [0.8, 0.2], '1': [0.25, 0.75] },
      e: ({ d, b }) => (d === b ? [0.7, 0.2, 0.1] : [0.1, 0.3, 0.6]),
    },
  }),
)
const data = right(hideCells(right(fromSamples(right(ancestralSample(network, 20_000, createRng(4))))), 0.01, createRng(5)))

describe('parallelCounter', () => {
  it('scores every family as the in-memory counter does, and the search ends on the same graph', async () => {
    const counter = right(await parallelCounter(data, { workers: 2, minWork: 1 }))
    try {
      const families = [0, 1, 2, 3, 4].flatMap((child) => [[], [0], [1], [2], [3], [4], [0, 1], [2, 3], [0, 1, 2]].map((ps) => ({ child, parents: ps.filter((p) => p !== child) })))
      const score = { kind: 'bdeu', equivalentSampleSize: 2 } as const
      const parallel = right(await counter.scoreFamilies(families, score, 1 << 20))
      const single = right(await memoryCounter(data).scoreFamilies(families, score, 1 << 20))
      expect(Array.from(parallel)).toEqual(Array.from(single))
      expect([counter.rows, counter.droppedRows]).toEqual([memoryCounter(data).rows, memoryCounter(data).droppedRows])
      const viaWorkers = right(await hillClimb(memorySource(data), { tabu: {}, counting: { kind: 'counter', counter } }))
      const inProcess = right(await hillClimb(memorySource(data), { tabu: {} }))
      expect(viaWorkers.dag.parentIds).toEqual(inProcess.dag.parentIds)
      expect(viaWorkers.score).toBe(inProcess.score)
      expect(viaWorkers.counting).toBe('2 worker threads')
    } finally {
      await counter.close()
    }
  })

  it('reports a worker that fails as WorkerFailed, not as a crash', async () => {
    const counter = right(await parallelCounter(data, { workers: 1, minWork: 1 }))
    try {
      // A column that does not exist: broken input past the validation every public learner does first.
      const failed = await counter.scoreFamilies([{ child: 99, parents: [] }], { kind: 'bic' }, 1 << 20)
      expect(E.isLeft(failed) && failed.left._tag).toBe('WorkerFailed')
    } finally {
      await counter.close()
    }
  })

  it('a worker that has exited fails the batch with WorkerFailed instead of leaving it pending', async () => {
    const counter = right(await parallelCounter(data, { workers: 2, minWork: 1 }))
    await counter.close()
    const failed = await counter.scoreFamilies([{ child: 0, parents: [] }, { child: 1, parents: [0] }], { kind: 'bic' }, 1 << 20)
    expect(E.isLeft(failed) && failed.left).toMatchObject({ _tag: 'WorkerFailed', reason: expect.stringMatching(/exited/) as string })
  })

  it('refuses a bad worker count and data with no complete row', async () => {
    const bad = await parallelCounter(data, { workers: 0 })
    expect(E.isLeft(bad) && bad.left._tag).toBe('InvalidOption')
    const empty = right(hideCells(data, 1, createRng(1)))
    const none = await parallelCounter(empty, { workers: 1 })
    expect(E.isLeft(none) && none.left).toEqual({ _tag: 'NoCompleteRows', rows: 20_000 })
  })
})
