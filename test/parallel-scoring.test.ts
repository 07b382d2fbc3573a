/**
 * Batched scoring on worker threads gives the same log-likelihoods as the
 * single-threaded engine, bit for bit (same compilation, same arithmetic).
 * Needs the built worker (packages/infer/dist), like the examples test.
 */
import { compile, logLikelihoods } from '@chainrule/infer'
import { logLikelihoodsParallel } from '@chainrule/infer/node'
import { defineNetwork, ancestralSample, createRng } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'

const network = defineNetwork({
  states: { a: ['0', '1', '2'], b: ['0', '1'], c: ['0', '1'], d: ['0', '1'] },
  parents: { b: ['a'], c: ['a', 'b'], d: ['c'] },
  tables: {
    a: [0.2, 0.3, 0.5],
    b: { '0': [0.9, 0.1], '1': [0.4, 0.6], '2': [0.5, 0.5] },
    c: ({ a, b }) => (a === '0' && b === '0' ? [0.99, 0.01] : [0.3, 0.7]),
    d: { '0': [0.8, 0.2], '1': [0.25, 0.75] },
  },
})

describe('logLikelihoodsParallel', () => {
  it('equals the single-threaded scores, with missing cells', async () => {
    if (E.isLeft(network)) throw new Error('network')
    const rows = 5000
    const drawn = ancestralSample(network.right, rows, createRng(9))
    if (E.isLeft(drawn)) throw new Error('sampling')
    const columns = drawn.right.columns.map((c, v) => Uint8Array.from(c, (s, r) => ((r + v) % 7 === 0 ? 255 : s)))
    // An out-of-range state is a missing cell too.
    columns[3]![2] = 9
    const engine = compile(network.right)
    if (E.isLeft(engine)) throw new Error('compile')
    const single = logLikelihoods(engine.right, columns, rows)
    const parallel = await logLikelihoodsParallel(network.right, columns, rows, { workers: 2 })
    if (E.isLeft(single) || E.isLeft(parallel)) throw new Error('scoring failed')
    expect(Array.from(parallel.right)).toEqual(Array.from(single.right))
    expect(single.right.every((x) => Number.isFinite(x) && x <= 0)).toBe(true)
  })

  it('a worker out of memory under resourceLimits is WorkerFailed (the call settles, the other worker is stopped)', async () => {
    if (E.isLeft(network)) throw new Error('network')
    const drawn = ancestralSample(network.right, 4000, createRng(3))
    if (E.isLeft(drawn)) throw new Error('sampling')
    const result = await logLikelihoodsParallel(network.right, drawn.right.columns, 4000, {
      workers: 2,
      resourceLimits: { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 },
    })
    expect(E.isLeft(result) && result.left._tag).toBe('WorkerFailed')
    expect(E.isLeft(result) && result.left._tag === 'WorkerFailed' && result.left.reason).toMatch(/ran out of memory/)
  })

  it('rejects columns that do not match the model', async () => {
    if (E.isLeft(network)) throw new Error('network')
    const result = await logLikelihoodsParallel(network.right, [Uint8Array.of(0)], 1)
    expect(E.isLeft(result) && result.left._tag).toBe('InvalidRowCount')
  })
})
