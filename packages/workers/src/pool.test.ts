import * as E from 'fp-ts/lib/Either.js'
import type { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { runWorkers } from './pool.js'

const script = new URL('./fixtures/sum-worker.mjs', import.meta.url)
type Job = { readonly numbers: readonly number[]; readonly mode?: string }

/** Resolves when every worker has exited (after a failure the pool must have stopped them all). */
const allExited = (workers: readonly Worker[]): Promise<void> =>
  Promise.all(workers.map((w) => (w.threadId === -1 ? Promise.resolve() : new Promise<void>((resolve) => w.once('exit', () => resolve()))))).then(() => undefined)

const started = (): { workers: readonly Worker[]; onStarted: (w: readonly Worker[]) => void } => {
  const box = { workers: [] as readonly Worker[], onStarted: (w: readonly Worker[]) => (box.workers = w) }
  return box
}

describe('runWorkers', () => {
  it('collects every result in job order, with progress from each job', async () => {
    const progress: [number, number][] = []
    const result = await runWorkers<Job, number, never, number>(script, [{ numbers: [1, 2] }, { numbers: [10] }, { numbers: [] }], {
      onProgress: (job, x) => progress.push([job, x]),
    })
    expect(result).toEqual(E.right([3, 10, 0]))
    expect(progress.sort()).toEqual([[0, 1], [0, 2], [1, 10]])
    expect(await runWorkers(script, [])).toEqual(E.right([]))
  })

  it('a worker killed mid-batch is WorkerFailed, and the others are stopped', async () => {
    const box = started()
    const pending = runWorkers<Job, number>(script, [{ numbers: [1], mode: 'hang' }, { numbers: [2], mode: 'hang' }, { numbers: [3], mode: 'hang' }], {
      onStarted: (w) => {
        box.onStarted(w)
        // Kill the second worker once it is running.
        w[1]!.once('online', () => void w[1]!.terminate())
      },
    })
    const result = await pending
    expect(E.isLeft(result) && result.left).toEqual({ _tag: 'WorkerFailed', reason: 'worker 1 exited with code 1 before answering' })
    await allExited(box.workers)
    expect(box.workers.every((w) => w.threadId === -1)).toBe(true)
  })

  it('a worker out of memory under resourceLimits is WorkerFailed, not a crash of the process', async () => {
    const box = started()
    const result = await runWorkers<Job, number>(script, [{ numbers: [1], mode: 'oom' }, { numbers: [2], mode: 'hang' }], {
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
      onStarted: box.onStarted,
    })
    expect(E.isLeft(result) && result.left._tag).toBe('WorkerFailed')
    expect(E.isLeft(result) && 'reason' in result.left && result.left.reason).toMatch(/^worker 0 ran out of memory/)
    await allExited(box.workers)
  })

  it('exiting, ending without an answer, throwing, a missing script, and a timeout are WorkerFailed; a typed failure passes through', async () => {
    const reasonOf = async (jobs: readonly Job[], at: URL = script, timeoutMs?: number): Promise<string> => {
      const r = await runWorkers<Job, number, { _tag: 'Refused' }>(at, jobs, timeoutMs === undefined ? {} : { timeoutMs })
      if (E.isRight(r)) throw new Error('expected a failure')
      return 'reason' in r.left ? r.left.reason : r.left._tag
    }
    expect(await reasonOf([{ numbers: [1] }, { numbers: [2], mode: 'exit' }])).toBe('worker 1 exited with code 3 before answering')
    expect(await reasonOf([{ numbers: [], mode: 'silent' }])).toBe('worker 0 exited with code 0 before answering')
    expect(await reasonOf([{ numbers: [], mode: 'throw' }])).toMatch(/^worker 0 crashed: broken on purpose/)
    expect(await reasonOf([{ numbers: [] }], new URL('./fixtures/no-such-worker.mjs', import.meta.url))).toMatch(/^worker 0 crashed: .*no-such-worker/)
    expect(await reasonOf([{ numbers: [], mode: 'hang' }], script, 200)).toBe('no answer from every worker within 200 ms')
    expect(await reasonOf([{ numbers: [1], mode: 'refuse' }])).toBe('Refused')
  })
})
