/**
 * One measurement of the `data` suite in a fresh process, so that its peak
 * resident memory (VmHWM) is its own: `node bench/dist/data/child.js MODE
 * NETWORK DATA [THREADS] [MEMORY_LIMIT]`, printing one JSON object.
 *
 * - `learn`: open DATA with the network's domain and learn every table
 *   (one batch of grouped counts); wall time from opening to the network.
 * - `score`: the total log-likelihood of DATA's rows (pushed down where the
 *   source can).
 * - `rows`: every row's log-likelihood, streamed in the source's order.
 * - `memory`: read DATA's rows into the in-memory source, then learn and
 *   score there; load time, bytes of columns per row, and the growth of
 *   resident memory per row.
 */
import { memorySource, readAllRows } from '@chainrule/data'
import { openDataSource } from '@chainrule/data/open'
import { learnTablesFromSource, scoreSource, scoreSourceRows } from '@chainrule/learn'
import * as E from 'fp-ts/lib/Either.js'
import { loadOrThrow, peakMB } from '../networks.js'

const [mode, networkPath, data, threads, memoryLimit] = process.argv.slice(2)
const bn = loadOrThrow(networkPath!)
const fail = (what: string, error: unknown): never => {
  process.stdout.write(`${JSON.stringify({ error: `${what}: ${JSON.stringify(error)}` })}\n`)
  process.exit(1)
}
const rssMB = (): number => process.memoryUsage().rss / 2 ** 20
const started = performance.now()
const opened = await openDataSource(data!, { domain: bn.domain, ...(threads === undefined ? {} : { threads: Number(threads) }), ...(memoryLimit === undefined ? {} : { memoryLimit }) })
if (E.isLeft(opened)) fail('open', opened.left)
const source = (opened as E.Right<import('@chainrule/data').DataSource>).right
switch (mode) {
  case 'learn': {
    const learned = await learnTablesFromSource(source, bn)
    if (E.isLeft(learned)) fail('learn', learned.left)
    process.stdout.write(`${JSON.stringify({ ms: performance.now() - started, peakMB: peakMB() })}\n`)
    break
  }
  case 'score': {
    const scored = await scoreSource(bn, source)
    if (E.isLeft(scored)) fail('score', scored.left)
    const s = (scored as E.Right<import('@chainrule/learn').SourceScore>).right
    process.stdout.write(`${JSON.stringify({ ms: performance.now() - started, peakMB: peakMB(), rows: s.rows, logLikelihood: s.logLikelihood, pushedDown: s.pushedDown })}\n`)
    break
  }
  case 'rows': {
    let rows = 0
    for await (const batch of scoreSourceRows(bn, source, { batchSize: 1 << 16 })) {
      if (E.isLeft(batch)) fail('rows', batch.left)
      rows += (batch as E.Right<import('@chainrule/learn').ScoredBatch>).right.scores.length
    }
    process.stdout.write(`${JSON.stringify({ ms: performance.now() - started, peakMB: peakMB(), rows })}\n`)
    break
  }
  case 'memory': {
    const before = rssMB()
    const read = await readAllRows(source, 1 << 20)
    if (E.isLeft(read)) fail('read', read.left)
    const ds = (read as E.Right<import('@chainrule/data').DataSet>).right
    const loadMs = performance.now() - started
    const rssPerRow = ((rssMB() - before) * 2 ** 20) / ds.rows
    const memory = memorySource(ds)
    let t = performance.now()
    const learned = await learnTablesFromSource(memory, bn)
    if (E.isLeft(learned)) fail('learn', learned.left)
    const learnMs = performance.now() - t
    t = performance.now()
    const scored = await scoreSource(bn, memory, { batchSize: 1 << 20 })
    if (E.isLeft(scored)) fail('score', scored.left)
    const scoreMs = performance.now() - t
    const bytesPerRow = ds.columns.reduce((n, c) => n + c.byteLength, 0) / ds.rows
    process.stdout.write(`${JSON.stringify({ rows: ds.rows, loadMs, bytesPerRow, rssPerRow, learnMs, scoreMs, peakMB: peakMB() })}\n`)
    break
  }
  default:
    fail('mode', mode)
}
await source.close()
