import { describe, expect, it } from 'vitest'
import { startStreamPool, type StreamPool } from './stream-workers.js'

/** A worker script from its source (a data: URL module). */
const script = (source: string): URL => new URL(`data:text/javascript,${encodeURIComponent(source)}`)

/** What this thread answers for a block, so a test can tell who answered. */
const here = (block: string): Uint8Array => new TextEncoder().encode(`here:${block}`)

/** Wait until the pool takes a block (a worker is ready and free), or give up after `ms`. */
const whenTaken = async (pool: StreamPool, block: string, ms = 10_000): Promise<Promise<Uint8Array> | undefined> => {
  const lines = block.split('\n').length - 1
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((resolve) => setTimeout(resolve, 10))) {
    const taken = pool.answer(block, lines)
    if (taken !== undefined) return taken
  }
  return undefined
}

const spec = { command: 'query', args: [] } as const
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes)

describe('stream workers', () => {
  it('a worker answers blocks and its lines are counted', async () => {
    const echo = script(`import { parentPort } from 'node:worker_threads'
      parentPort.postMessage({ kind: 'ready' })
      parentPort.on('message', ({ block }) => parentPort.postMessage({ kind: 'answers', bytes: new TextEncoder().encode('worker:' + block) }))`)
    const pool = startStreamPool(spec, 1, here, echo)
    const taken = await whenTaken(pool, 'a\nb\n')
    expect(taken).toBeDefined()
    expect(decode(await taken!)).toBe('worker:a\nb\n')
    expect(pool.answered()).toEqual({ lines: 2, workers: 1 })
    await pool.close()
  })

  it('a worker that exits in the middle of a block gives it back: this thread answers it, and nothing hangs', async () => {
    const dies = script(`import { parentPort } from 'node:worker_threads'
      parentPort.postMessage({ kind: 'ready' })
      parentPort.on('message', () => process.exit(7))`)
    const pool = startStreamPool(spec, 1, here, dies)
    const taken = await whenTaken(pool, 'a\n')
    expect(taken).toBeDefined()
    expect(decode(await taken!)).toBe('here:a\n')
    // No worker is left to take the next block; the caller answers it.
    expect(pool.answer('b\n', 1)).toBeUndefined()
    // It was ready once, and answered nothing.
    expect(pool.answered()).toEqual({ lines: 0, workers: 1 })
    await pool.close()
  })

  it('a block held by a worker that crashes goes to a worker still alive', async () => {
    // The first worker to be sent a block throws; the other answers.
    const source = (crashes: boolean): URL =>
      script(`import { parentPort } from 'node:worker_threads'
        parentPort.postMessage({ kind: 'ready' })
        parentPort.on('message', ({ block }) => { if (${crashes}) throw new Error('boom'); parentPort.postMessage({ kind: 'answers', bytes: new TextEncoder().encode('worker:' + block) }) })`)
    const crashing = startStreamPool(spec, 1, here, source(true))
    expect(decode(await (await whenTaken(crashing, 'x\n'))!)).toBe('here:x\n')
    await crashing.close()
    const pool = startStreamPool(spec, 2, here, source(false))
    const taken = await whenTaken(pool, 'y\n')
    expect(decode(await taken!)).toBe('worker:y\n')
    await pool.close()
  })

  it('a worker whose command fails, or whose script does not load, never takes a block', async () => {
    const fails = script(`import { parentPort } from 'node:worker_threads'
      parentPort.postMessage({ kind: 'failed', message: 'no such file' })`)
    const broken = script('this is not javascript (')
    for (const worker of [fails, broken]) {
      const pool = startStreamPool(spec, 1, here, worker)
      expect(await whenTaken(pool, 'a\n', 1500)).toBeUndefined()
      expect(pool.answered()).toEqual({ lines: 0, workers: 0 })
      await pool.close()
    }
  })
})
