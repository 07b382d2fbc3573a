/**
 * `--stdin`: many questions through one process. Each input line is one JSON
 * question (`{"evidence": {...}, "soft": {...}, "do": {...}, "targets": [...]}`,
 * every field optional), answered on the one compiled engine; each output line
 * is the JSON the same command prints with `--json` for that question, in the
 * order of the input. A line that is not a question, or whose question fails,
 * gets `{"error": "..."}` on its own line and the stream goes on. Answers are
 * written a chunk of input at a time, and reading waits while stdout drains.
 * A long stream is answered on every core: past {@link PARALLEL_FROM_LINES}
 * lines, worker threads (each with its own engine, compiled by the same
 * command) answer whole chunks beside this thread, and the answers are
 * written in input order (`stream-workers.ts`).
 */
import type { Question } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { describeError, type CliError } from './errors.js'
import { NUMBER_BYTES, writeNumber } from './number-bytes.js'
import type { Output } from './load.js'
import { isBatchChannel, startStreamPool, type StreamPool, type StreamWorkerSpec } from './stream-workers.js'

/**
 * Where an answer is written: plain text, or numbers (printed as
 * JSON.stringify prints finite numbers). A stream writes straight into
 * bytes, so no answer is ever a string of its own.
 */
export interface AnswerSink {
  text(s: string): void
  number(x: number): void
  /** Text written many times (names, states), encoded once: a byte sink copies its bytes. */
  piece(p: Piece): void
}

/** A piece of text with its UTF-8 bytes, made once and written into many answers. */
export interface Piece {
  readonly text: string
  readonly bytes: Uint8Array
}

/**
 * A piece of answer text, encoded once.
 *
 * Used as (package-internal, not exported):
 * sink.piece(piece('"name":{'))
 */
export const piece = (text: string): Piece => ({ text, bytes: new TextEncoder().encode(text) })

/** A sink collecting one string (a single answer). */
export const stringSink = (): AnswerSink & { readonly result: () => string } => {
  let out = ''
  return {
    text: (s) => (out += s),
    number: (x) => (out += JSON.stringify(x)),
    piece: (p) => (out += p.text),
    result: () => out,
  }
}

/** A sink writing UTF-8 into a growing byte buffer, with a mark to take back a failed answer. */
const byteSink = (): AnswerSink & { mark: () => number; reset: (at: number) => void; take: () => Uint8Array } => {
  let buffer = new Uint8Array(1 << 16)
  let at = 0
  const encoder = new TextEncoder()
  const room = (n: number): void => {
    if (at + n <= buffer.length) return
    const grown = new Uint8Array(Math.max(2 * buffer.length, at + n))
    grown.set(buffer.subarray(0, at))
    buffer = grown
  }
  const ascii = (s: string): void => {
    room(s.length)
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i)
      if (c >= 128) {
        // Not ASCII: the encoder writes the rest (at most 3 bytes per UTF-16 unit).
        room(3 * (s.length - i))
        at += encoder.encodeInto(s.slice(i), buffer.subarray(at)).written
        return
      }
      buffer[at++] = c
    }
  }
  return {
    text: ascii,
    number: (x) => {
      if (!Number.isFinite(x)) return ascii('null')
      room(NUMBER_BYTES)
      at = writeNumber(x, buffer, at)
    },
    piece: ({ bytes }) => {
      room(bytes.length)
      buffer.set(bytes, at)
      at += bytes.length
    },
    mark: () => at,
    reset: (to) => {
      at = to
    },
    take: () => {
      const out = buffer.slice(0, at)
      at = 0
      return out
    },
  }
}

/** The fields a question line may have. */
const FIELDS = new Set(['evidence', 'soft', 'do', 'targets'])

/**
 * A question from one line of JSON, checked for shape (names and states are
 * checked by the engine).
 *
 * Used as (package-internal, not exported):
 * parseQuestionLine('{"evidence": {"dysp": "yes"}, "targets": ["bronc"]}') // right({ evidence: { dysp: 'yes' }, targets: ['bronc'] })
 */
export const parseQuestionLine = (line: string): E.Either<CliError, Question> => {
  const usage = (message: string): E.Either<CliError, never> => E.left({ _tag: 'Usage', message })
  let parsed: unknown
  try {
    parsed = JSON.parse(line)
  } catch {
    return usage(`not a JSON object: ${line.length > 60 ? `${line.slice(0, 60)}...` : line}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return usage('a question is a JSON object')
  const fields = parsed as Record<string, unknown>
  const unknown = Object.keys(fields).find((k) => !FIELDS.has(k))
  if (unknown !== undefined) return usage(`unknown field "${unknown}" (a question has evidence, soft, do and targets)`)
  for (const key of ['evidence', 'soft', 'do'] as const) {
    const value = fields[key]
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) return usage(`"${key}" must be an object of variable names`)
  }
  const targets = fields['targets']
  if (targets !== undefined && (!Array.isArray(targets) || targets.some((t) => typeof t !== 'string'))) return usage('"targets" must be an array of variable names')
  return E.right(fields as Question)
}

/** A block of whole lines answered into `sink`, one answer line each (a blank line is an error, so answer n belongs to line n). */
const answerLines = (block: string, sink: ReturnType<typeof byteSink>, answer: Answerer): void => {
  let start = 0
  for (let end = block.indexOf('\n'); end >= 0; end = block.indexOf('\n', start)) {
    answerLine(block.slice(start, end), sink, answer)
    start = end + 1
  }
  if (start < block.length) answerLine(block.slice(start), sink, answer)
}

/** One answer: the JSON of one question, or an error object; then a newline. */
const answerLine = (line: string, sink: ReturnType<typeof byteSink>, answer: Answerer): void => {
  const text = line.endsWith('\r') ? line.slice(0, -1) : line
  const question = text.trim() === '' ? E.left<CliError>({ _tag: 'Usage', message: 'an empty line is not a question' }) : parseQuestionLine(text)
  const start = sink.mark()
  const answered = E.isLeft(question) ? question : answer(question.right, sink)
  if (E.isLeft(answered)) {
    sink.reset(start)
    sink.text(JSON.stringify({ error: describeError(answered.left) }))
  }
  sink.text('\n')
}

/** Writes one question's answer into a sink, or says why it has none. */
export type Answerer = (question: Question, sink: AnswerSink) => E.Either<CliError, void>

/** Lines a stream answers on the main thread before it starts worker threads (a short stream never pays their start-up). */
export const PARALLEL_FROM_LINES = 2000

/** Options of {@link answerStream}. */
export interface StreamOptions {
  /**
   * Worker threads beside this one (`threads`, 0 for none; the commands take both from `streamOptions`), each
   * running the command that answers here (`spec`) for its own engine. Without it, one thread answers.
   */
  readonly workers?: { readonly spec: StreamWorkerSpec; readonly threads: number }
  /** Lines answered here before the workers start (default {@link PARALLEL_FROM_LINES}). */
  readonly parallelFromLines?: number
  /** Told, at the end of a stream that started workers, how many lines there were and how many of them workers answered. */
  readonly note?: (text: string) => void
}

/**
 * Answer every line of `input` with `answer` (the JSON text of one answer, or
 * an error), one line each, in order. Blank lines get an error too, so that
 * answer n always belongs to line n. Inside a stream worker, `input` is its
 * channel, and the chunks its parent sends are answered instead.
 *
 * Used as (package-internal, not exported):
 * await answerStream(process.stdin, output, (q, sink) => E.right(sink.text(JSON.stringify(q))))
 */
export const answerStream = async (
  input: AsyncIterable<string | Uint8Array>,
  output: Output,
  answer: Answerer,
  options: StreamOptions = {},
): Promise<void> => {
  const sink = byteSink()
  const here = (block: string): Uint8Array => {
    answerLines(block, sink, answer)
    return sink.take()
  }
  if (isBatchChannel(input)) return input.serve(here)
  const workers = options.workers
  const parallelFrom = workers === undefined || workers.threads < 1 ? Infinity : (options.parallelFromLines ?? PARALLEL_FROM_LINES)
  const written = orderedWriter(output)
  const decoder = new TextDecoder()
  let pool: StreamPool | undefined
  let lines = 0
  let linesBefore = 0
  let pending = ''
  try {
    for await (const chunk of input) {
      pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
      const cut = pending.lastIndexOf('\n')
      if (cut < 0) continue
      const block = pending.slice(0, cut + 1)
      pending = pending.slice(cut + 1)
      // A turn of the event loop, so that the workers' messages (ready, answers) are heard: reading a stream
      // whose data is already there resolves in microtasks, which would starve them.
      if (pool !== undefined) await new Promise<void>((resolve) => setImmediate(resolve))
      let count = 0
      for (let at = block.indexOf('\n'); at >= 0; at = block.indexOf('\n', at + 1)) count++
      lines += count
      await written.push(pool?.answer(block, count) ?? here(block))
      if (pool === undefined && lines >= parallelFrom) {
        pool = startStreamPool(workers!.spec, workers!.threads, here)
        linesBefore = lines
      }
    }
    pending += decoder.decode()
    // A last line without its newline is still a question.
    if (pending !== '') {
      lines++
      await written.push(here(pending))
    }
    await written.end()
    if (pool !== undefined && options.note !== undefined) {
      const { lines: workerLines, workers } = pool.answered()
      const count = (x: number): string => x.toLocaleString('en-US')
      options.note(`--stdin: ${count(lines)} questions; after the first ${count(linesBefore)}, ${count(workerLines)} were answered by ${workers} worker thread${workers === 1 ? '' : 's'} and the rest here\n`)
    }
  } finally {
    await pool?.close()
  }
}

/**
 * Answers written in the order they were asked, each as soon as it and every
 * earlier one are ready; at most `MAX_WAITING` wait, so reading pauses while
 * workers are behind or stdout drains.
 */
const orderedWriter = (output: Output): { push: (answers: Uint8Array | Promise<Uint8Array>) => Promise<void>; end: () => Promise<void> } => {
  const MAX_WAITING = 16
  const queue: { bytes?: Uint8Array; ready: Promise<Uint8Array> }[] = []
  const write = async (bytes: Uint8Array): Promise<void> => {
    if (bytes.length === 0) return
    const ok = output.stdout.write(bytes)
    if (ok === false && output.stdout.once !== undefined) await new Promise<void>((resolve) => output.stdout.once!('drain', resolve))
  }
  const writeReady = async (waitFor: number): Promise<void> => {
    while (queue.length > 0) {
      const head = queue[0]!
      if (head.bytes === undefined && queue.length <= waitFor) return
      const bytes = head.bytes ?? (await head.ready)
      queue.shift()
      await write(bytes)
    }
  }
  return {
    push: async (answers) => {
      if (answers instanceof Uint8Array) queue.push({ bytes: answers, ready: Promise.resolve(answers) })
      else {
        const entry: { bytes?: Uint8Array; ready: Promise<Uint8Array> } = { ready: answers }
        answers.then((bytes) => (entry.bytes = bytes))
        queue.push(entry)
      }
      await writeReady(MAX_WAITING)
    },
    end: () => writeReady(0),
  }
}
