import type { Engine } from '@chainrule/infer'
import { availableParallelism } from 'node:os'
import { describe, expect, it } from 'vitest'
import { streamThreads } from './compile-step.js'

/** An engine as streamThreads reads it: its budget and the bytes its tree needs. */
const engineOf = (budget: number, bytes: number): Engine => ({ memoryBudgetBytes: budget, plan: { bytes } }) as unknown as Engine

describe('streamThreads', () => {
  const input = (async function* () {})()
  it('defaults to one worker per other core, as many as fit the memory budget beside the main engine', () => {
    const cores = Math.min(3, availableParallelism() - 1)
    expect(streamThreads({ input }, engineOf(2 ** 31, 1e6))).toBe(cores)
    // Two engines fit, three do not: at most one worker.
    expect(streamThreads({ input }, engineOf(1000, 400))).toBe(Math.min(cores, 1))
    // The main engine alone fills the budget: no worker.
    expect(streamThreads({ input }, engineOf(1000, 600))).toBe(0)
  })
  it('--threads is taken as asked', () => {
    expect(streamThreads({ input, threads: 5 }, engineOf(1000, 600))).toBe(5)
    expect(streamThreads({ input, threads: 0 }, engineOf(2 ** 31, 1))).toBe(0)
  })
})
