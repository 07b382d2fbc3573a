/**
 * Worker side of `parallelCounter`: read the shared columns, score each batch
 * of families it is sent with the in-memory kernels, answer with the scores.
 * Runs from dist/ only (a worker cannot load TypeScript sources).
 */
import { parentPort, workerData } from 'node:worker_threads'
import { newScratch, scoreFamiliesInto, type Columns } from './count-kernels.js'
import type { WorkerAnswer, WorkerRequest, WorkerSetup } from './parallel.js'

const setup = workerData as WorkerSetup
const data: Columns = {
  columns: setup.cards.map((_, v) => new Uint8Array(setup.shared, v * setup.rows, setup.rows)),
  cards: setup.cards,
  rows: setup.rows,
}
const scratch = newScratch(setup.rows)
parentPort!.on('message', (request: WorkerRequest) => {
  let answer: WorkerAnswer
  try {
    const scores = new Float64Array(request.families.length)
    const work = { tables: 0, cells: 0 }
    scoreFamiliesInto(data, request.families, request.score, request.maxEntries, scores, work, scratch)
    answer = { ok: true, scores, work }
  } catch (e) {
    answer = { ok: false, reason: e instanceof Error ? e.message : String(e) }
  }
  parentPort!.postMessage(answer, answer.ok ? [answer.scores.buffer as ArrayBuffer] : [])
})
