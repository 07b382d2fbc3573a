/**
 * Suite `scoring`: log-likelihood of many evidence rows (one in five cells
 * missing) on one core (`logLikelihoods`) and on worker threads
 * (`logLikelihoodsParallel`, workers compile the network themselves), rows per
 * second, same rows, same run.
 */
import { compile, logLikelihoods } from '@chainrule/infer'
import { logLikelihoodsParallel } from '@chainrule/infer/node'
import { ancestralSample, createRng } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { loadOrThrow, networkFile } from '../networks.js'
import { median, type Row, type Suite } from '../harness.js'

const ROWS = 100_000

const time = async (fn: () => Promise<unknown> | unknown, repeats: number): Promise<number> => {
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  return median(times)
}

export const suite: Suite = {
  name: 'scoring',
  description: `log-likelihood of ${ROWS.toLocaleString('en-US')} rows with missing cells: one core vs worker threads`,
  run: async () => {
    const rows: Row[] = []
    for (const name of ['alarm', 'hailfinder']) {
      const file = networkFile(name)
      if (file === undefined) continue
      const bn = loadOrThrow(file)
      const drawn = ancestralSample(bn, ROWS, createRng(1))
      if (E.isLeft(drawn)) throw new Error('sampling failed')
      const columns = drawn.right.columns.map((c, v) => Uint8Array.from(c, (s, r) => ((r * 31 + v * 7) % 5 === 0 ? 255 : s)))
      const engine = compile(bn)
      if (E.isLeft(engine)) throw new Error('compile failed')
      const single = await time(() => logLikelihoods(engine.right, columns, ROWS), 3)
      rows.push({ suite: 'scoring', case: name, engine: '1 core', medianMs: single, repeats: 3, rowsPerSecond: Math.round((ROWS / single) * 1000) })
      for (const workers of [1, 2]) {
        const ms = await time(() => logLikelihoodsParallel(bn, columns, ROWS, { workers }), 3)
        rows.push({
          suite: 'scoring',
          case: name,
          engine: `${workers} worker${workers === 1 ? '' : 's'}`,
          medianMs: ms,
          repeats: 3,
          rowsPerSecond: Math.round((ROWS / ms) * 1000),
          ratio: ms / single,
        })
      }
    }
    return rows
  },
}
