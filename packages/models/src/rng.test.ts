import { describe, expect, it } from 'vitest'
import * as E from 'fp-ts/lib/Either.js'
import { createRng, rngFromState } from './rng.js'

describe('Rng', () => {
  it('the same seed gives the same stream; different seeds differ', () => {
    const a = createRng(42)
    const b = createRng(42)
    const c = createRng(43)
    const xs = Array.from({ length: 100 }, () => a.float())
    expect(Array.from({ length: 100 }, () => b.float())).toEqual(xs)
    expect(Array.from({ length: 100 }, () => c.float())).not.toEqual(xs)
  })

  it('floats lie in [0, 1) with mean 1/2 and variance 1/12 (5 standard errors)', () => {
    const rng = createRng(1)
    const n = 100_000
    let sum = 0
    let squares = 0
    for (let i = 0; i < n; i++) {
      const u = rng.float()
      expect(u >= 0 && u < 1).toBe(true)
      sum += u
      squares += u * u
    }
    const mean = sum / n
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n))
    // Var(U^2) = 1/5 - 1/9 = 4/45.
    expect(Math.abs(squares / n - 1 / 3)).toBeLessThan(5 * Math.sqrt(4 / 45 / n))
  })

  it('int(bound) covers 0..bound-1 uniformly (5 standard errors per cell)', () => {
    const rng = createRng(7)
    const n = 60_000
    const counts = new Array<number>(6).fill(0)
    for (let i = 0; i < n; i++) {
      const k = rng.int(6)
      counts[k] = counts[k]! + 1
    }
    const se = Math.sqrt((1 / 6) * (5 / 6) / n)
    for (const c of counts) expect(Math.abs(c / n - 1 / 6)).toBeLessThan(5 * se)
  })

  it('clone and state resume the exact stream; split gives a different stream', () => {
    const a = createRng(5)
    a.float()
    const b = a.clone()
    const saved = rngFromState(a.state())
    expect(E.isRight(saved)).toBe(true)
    const xs = Array.from({ length: 20 }, () => a.float())
    expect(Array.from({ length: 20 }, () => b.float())).toEqual(xs)
    if (E.isRight(saved)) expect(Array.from({ length: 20 }, () => saved.right.float())).toEqual(xs)
    const child = a.split()
    expect(Array.from({ length: 20 }, () => child.float())).not.toEqual(Array.from({ length: 20 }, () => a.float()))
  })

  it('a malformed saved state is InvalidOption', () => {
    const r = rngFromState([1, 2, 3])
    expect(E.isLeft(r) && r.left._tag).toBe('InvalidOption')
  })
})
