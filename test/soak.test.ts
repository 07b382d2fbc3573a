/**
 * The short soak (the million-question run is `node bench/dist/soak.js`):
 * 20,000 mixed questions on one warm engine of the chest clinic, every 100th
 * asked again of a fresh engine and equal bit for bit, no question failing,
 * and the engine's caches bounded however many patterns go by.
 */
import { loadNetwork } from '@chainrule/io/node'
import { isBayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { soak } from '@chainrule/bench/soak'

const asia = join(dirname(fileURLToPath(import.meta.url)), '..', 'packages', 'cli', 'src', 'fixtures', 'asia.bif')

describe('soak (short)', () => {
  it('20,000 mixed questions: sampled answers equal fresh engines bit for bit, none fails', () => {
    const loaded = loadNetwork(asia)
    if (E.isLeft(loaded) || !isBayesianNetwork(loaded.right.network)) throw new Error('fixture')
    const result = soak(loaded.right.network, { count: 20_000, sampleEvery: 100, reportEvery: 10_000, seed: 7 })
    expect(result.sampled).toBe(200)
    expect(result.mismatches).toBe(0)
    expect(result.failures).toBe(0)
    expect(Object.values(result.kinds).every((k) => k > 2_000)).toBe(true)
    expect(result.reports).toHaveLength(2)
    expect(result.patternsKept).toBeLessThanOrEqual(16)
  })
})
