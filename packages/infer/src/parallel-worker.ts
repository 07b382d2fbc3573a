/**
 * Worker side of `logLikelihoodsParallel`: compile the model it is sent,
 * score its slice of rows, write the scores into the shared output. Runs
 * from dist/ only (a worker cannot load TypeScript sources).
 */
import { workerData } from 'node:worker_threads'
import { failJob, finishJob } from '@chainrule/workers'
import * as E from 'fp-ts/lib/Either.js'
import { compileTables } from './compile-tables.js'
import type { ScoringJob } from './parallel.js'
import { logEvidence } from './propagate.js'

const job = workerData as ScoringJob
const tree = compileTables(job.cards, job.tables, { memoryBudgetBytes: job.memoryBudgetBytes, keepPriorCollection: false })
if (E.isLeft(tree)) failJob(tree.left)
else {
  const out = new Float64Array(job.output)
  const columns = job.columns.map((buffer) => (job.wide ? new Int32Array(buffer) : new Uint8Array(buffer)))
  const states = new Int32Array(job.cards.length)
  const evidence = { states }
  for (let r = job.start; r < job.end; r++) {
    for (let v = 0; v < states.length; v++) {
      const s = columns[v]![r]!
      states[v] = s >= 0 && s < job.cards[v]! ? s : -1
    }
    out[r] = logEvidence(tree.right, evidence)
  }
  finishJob(null)
}
