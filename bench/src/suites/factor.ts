/**
 * Factor kernels against the memory-bound floor. For tables of 2^10 .. 2^24 entries:
 * - floor: a plain Float64Array read-add-write loop (`dst[i] += src[i]`) over the same number of entries;
 * - product (broadcast): f(X_0..X_{n-1}) * g(X_{n/2}..X_{n-1}), output 2^n entries;
 * - product (shared first var): f(X_0..X_{n-1}) * g(X_0), the shared variable outermost;
 * - sumOut (last var): sum X_{n-1} out of f(X_0..X_{n-1}) (inner reduction);
 * - sumOut (first var): sum X_0 out of f(X_0..X_{n-1}) (streaming accumulate).
 * Each row reports ns per entry of the big table and the ratio to the floor of the same size. The kernels
 * return fresh tables, so from 2^22 entries up their time includes first-touch page faults of a new
 * output of tens of MB, which the floor (reusing its buffer) does not pay.
 */
import { marginalize, product, tableOf, type Factor, type VarId } from '@chainrule/factor'
import { keep, measure, type Row, type Suite, withRatios } from '../harness.js'

const binaryTable = (vars: readonly number[], seed: number): Factor => {
  const values = new Float64Array(2 ** vars.length)
  let s = seed
  for (let i = 0; i < values.length; i++) {
    s = (s * 16807) % 2147483647
    values[i] = s / 2147483647
  }
  return tableOf(vars as VarId[], vars.map(() => 2), values)
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i)

export const suite: Suite = {
  name: 'factor',
  description: 'product and sum-out, ns per entry vs a Float64Array read-add-write floor',
  run: () => {
    const rows: Row[] = []
    for (let n = 10; n <= 24; n += 2) {
      const entries = 2 ** n
      const big = binaryTable(range(0, n), 7)
      const half = binaryTable(range(n >> 1, n), 11)
      const first = binaryTable([0], 13)
      const src = big.values
      const dst = new Float64Array(entries)
      // Fewer timed repeats on the big tables keeps the suite well under a minute.
      const opts = n >= 22 ? { minRepeats: 3, minTimeMs: 100, warmup: 1 } : { minRepeats: 5, minTimeMs: 150 }
      const cases: [string, () => unknown][] = [
        [
          'floor',
          () => {
            for (let i = 0; i < entries; i++) dst[i]! += src[i]!
            return dst
          },
        ],
        ['product (broadcast)', () => product(big, half)],
        ['product (shared first var)', () => product(big, first)],
        ['sumOut (last var)', () => marginalize(big, [(n - 1) as VarId])],
        ['sumOut (first var)', () => marginalize(big, [0 as VarId])],
      ]
      for (const [engine, fn] of cases) {
        const { medianMs, repeats } = measure(() => keep(fn()), opts)
        rows.push({
          suite: 'factor',
          case: `2^${n} entries`,
          engine,
          medianMs,
          repeats,
          nsPerEntry: (medianMs * 1e6) / entries,
        })
      }
    }
    return withRatios(rows, 'floor')
  },
}
