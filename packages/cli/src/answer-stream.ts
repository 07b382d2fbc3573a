/**
 * `--stdin`: many questions through one process. Each input line is one JSON
 * question (`{"evidence": {...}, "soft": {...}, "do": {...}, "targets": [...]}`,
 * every field optional), answered on the one compiled engine; each output line
 * is the JSON the same command prints with `--json` for that question, in the
 * order of the input. A line that is not a question, or whose question fails,
 * gets `{"error": "..."}` on its own line and the stream goes on. Answers are
 * written a chunk of input at a time, and reading waits while stdout drains.
 */
import type { Question } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { describeCliError, type CliError } from './errors.js'
import type { Output } from './load.js'

/**
 * Where an answer is written: plain text, or numbers (printed as
 * JSON.stringify prints finite numbers). A stream writes straight into
 * bytes, so no answer is ever a string of its own.
 */
export interface AnswerSink {
  text(s: string): void
  number(x: number): void
}

/** A sink collecting one string (a single answer). */
export const stringSink = (): AnswerSink & { readonly result: () => string } => {
  let out = ''
  return {
    text: (s) => (out += s),
    number: (x) => (out += JSON.stringify(x)),
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
    // A finite number prints the same through String() as through JSON.stringify() (ASCII either way).
    number: (x) => ascii(Number.isFinite(x) ? String(x) : 'null'),
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
 * @example
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

/**
 * Answer every line of `input` with `answer` (the JSON text of one answer, or
 * an error), one line each, in order. Blank lines get an error too, so that
 * answer n always belongs to line n.
 *
 * @example
 * await answerStream(process.stdin, output, (q, sink) => E.right(sink.text(JSON.stringify(q))))
 */
export const answerStream = async (
  input: AsyncIterable<string | Uint8Array>,
  output: Output,
  answer: (question: Question, sink: AnswerSink) => E.Either<CliError, void>,
): Promise<void> => {
  const decoder = new TextDecoder()
  const sink = byteSink()
  let pending = ''
  const answerLine = (line: string): void => {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line
    const question = text.trim() === '' ? E.left<CliError>({ _tag: 'Usage', message: 'an empty line is not a question' }) : parseQuestionLine(text)
    const start = sink.mark()
    const answered = E.isLeft(question) ? question : answer(question.right, sink)
    if (E.isLeft(answered)) {
      sink.reset(start)
      sink.text(JSON.stringify({ error: describeCliError(answered.left) }))
    }
    sink.text('\n')
  }
  const flush = async (): Promise<void> => {
    const bytes = sink.take()
    if (bytes.length === 0) return
    const ok = output.stdout.write(bytes)
    if (ok === false && output.stdout.once !== undefined) await new Promise<void>((resolve) => output.stdout.once!('drain', resolve))
  }
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    let start = 0
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      answerLine(pending.slice(start, end))
      start = end + 1
    }
    pending = pending.slice(start)
    await flush()
  }
  pending += decoder.decode()
  // A last line without its newline is still a question.
  if (pending !== '') answerLine(pending)
  await flush()
}
