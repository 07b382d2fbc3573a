/**
 * Worker threads for a long `--stdin` stream. Each worker runs the same
 * command (`query` or `mpe`, with the same arguments) to build its own engine,
 * then answers whole blocks of lines that the main thread sends it and posts
 * the answer bytes back. The main thread reads, dispatches and writes in input
 * order (`answer-stream.ts`).
 *
 * Failures never hang and never lose a line: a worker that cannot start, crashes
 * or exits gives its block back, to another worker or to the main thread, which
 * answers it itself on the same answers (every engine is compiled from the same
 * file by the same code). The main thread answers a block itself whenever no
 * worker is ready and free (while they start up, when they are all busy, or
 * when they are all gone), so it takes a share of the work beside one worker
 * per other core.
 */
import { Worker, type MessagePort } from 'node:worker_threads'

/** What a stream worker runs to build its engine: the command and its arguments (those of the main thread). */
export interface StreamWorkerSpec {
  readonly command: 'query' | 'mpe'
  readonly args: readonly string[]
}

/** Messages from a stream worker. */
type FromWorker = { readonly kind: 'ready' } | { readonly kind: 'answers'; readonly bytes: Uint8Array } | { readonly kind: 'failed'; readonly message: string }

/** Messages to a stream worker: a block of whole lines to answer. */
interface ToWorker {
  readonly kind: 'answer'
  readonly block: string
}

/** Where a stream worker's command reads its questions: the blocks its parent sends (see {@link batchChannel}). */
export interface BatchChannel extends AsyncIterable<string> {
  readonly batchChannel: true
  /** Answer every block the parent sends with `answerBlock`, until the worker is stopped. */
  serve(answerBlock: (block: string) => Uint8Array): Promise<void>
}

/** Whether a command's input is a stream worker's channel (it then serves blocks instead of reading lines). */
export const isBatchChannel = (input: AsyncIterable<string | Uint8Array>): input is BatchChannel => 'batchChannel' in input

/**
 * The channel of a stream worker, on its parent port: the command's input.
 *
 * Used as (package-internal, not exported), in the worker:
 * await query(args, { stdout, stderr, stdin: batchChannel(parentPort) })
 */
export const batchChannel = (port: MessagePort): BatchChannel => ({
  batchChannel: true,
  // A command that reads its channel as lines (it never should) reads nothing.
  [Symbol.asyncIterator]: async function* () {},
  serve: (answerBlock) =>
    new Promise<void>(() => {
      port.on('message', (message: ToWorker) => {
        const bytes = answerBlock(message.block)
        port.postMessage({ kind: 'answers', bytes } satisfies FromWorker, [bytes.buffer as ArrayBuffer])
      })
      port.postMessage({ kind: 'ready' } satisfies FromWorker)
    }),
})

/** Blocks answered by worker threads, in any order; the caller keeps the order. */
export interface StreamPool {
  /** The answers to a block of `lines` lines from a worker, or undefined when none is ready and free (the caller answers it). */
  answer(block: string, lines: number): Promise<Uint8Array> | undefined
  /** Stop every worker. */
  close(): Promise<void>
  /** How many lines the workers have answered, and how many workers became ready (some may have failed since). */
  readonly answered: () => { readonly lines: number; readonly workers: number }
}

interface Job {
  readonly block: string
  readonly lines: number
  readonly resolve: (bytes: Uint8Array) => void
}

/** Blocks a worker holds at once: one it answers and one waiting in its port, so it never idles while this thread is busy. */
const DEPTH = 2

/**
 * Start `count` stream workers. `here` answers a block on this thread: it
 * takes the blocks of a worker that fails when no other is left.
 *
 * Used as (package-internal, not exported):
 * const pool = startStreamPool({ command: 'query', args }, 1, (block) => answerHere(block))
 */
export const startStreamPool = (spec: StreamWorkerSpec, count: number, here: (block: string) => Uint8Array, script = workerScript): StreamPool => {
  const slots = Array.from({ length: count }, () => ({ ready: false, started: false, alive: true, jobs: [] as Job[], worker: undefined as Worker | undefined }))
  let closing = false
  let lines = 0
  const post = (slot: (typeof slots)[number], job: Job): void => {
    slot.jobs.push(job)
    slot.worker!.postMessage({ kind: 'answer', block: job.block } satisfies ToWorker)
  }
  const lost = (slot: (typeof slots)[number]): void => {
    if (!slot.alive) return
    slot.alive = false
    slot.ready = false
    if (!closing) void slot.worker?.terminate()
    // Its blocks go to the least busy worker still ready, or are answered here.
    for (const job of slot.jobs.splice(0)) {
      const other = slots.filter((s) => s.ready).sort((a, b) => a.jobs.length - b.jobs.length)[0]
      if (other === undefined) job.resolve(here(job.block))
      else post(other, job)
    }
  }
  for (const slot of slots) {
    const worker = new Worker(script, { workerData: spec, stdout: true, stderr: true })
    slot.worker = worker
    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'ready') slot.ready = slot.started = true
      else if (message.kind === 'answers') {
        const job = slot.jobs.shift()
        if (job === undefined) return
        lines += job.lines
        job.resolve(message.bytes)
      } else lost(slot)
    })
    worker.on('error', () => lost(slot))
    worker.on('messageerror', () => lost(slot))
    worker.on('exit', () => lost(slot))
  }
  return {
    answer: (block, count) => {
      const slot = slots.find((s) => s.ready && s.jobs.length < DEPTH)
      if (slot === undefined) return undefined
      return new Promise<Uint8Array>((resolve) => post(slot, { block, lines: count, resolve }))
    },
    answered: () => ({ lines, workers: slots.filter((s) => s.started).length }),
    close: async () => {
      closing = true
      await Promise.all(slots.map((s) => s.worker?.terminate()))
    },
  }
}

/**
 * The worker's script: from the bundled CLI (`dist/chainrule.mjs`), the bundled
 * worker beside it (`dist/stream-worker.mjs`, which starts in a quarter of the
 * time); from this module, the built one (`../dist` from `src/` and from `dist/`).
 */
const workerScript = new URL(import.meta.url.endsWith('/chainrule.mjs') ? './stream-worker.mjs' : '../dist/stream-worker.js', import.meta.url)
