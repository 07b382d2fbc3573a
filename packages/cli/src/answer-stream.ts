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
 * await answerStream(process.stdin, output, (q) => E.right(JSON.stringify(q)))
 */
export const answerStream = async (
  input: AsyncIterable<string | Uint8Array>,
  output: Output,
  answer: (question: Question) => E.Either<CliError, string>,
): Promise<void> => {
  const decoder = new TextDecoder()
  let pending = ''
  const answerLine = (line: string): string => {
    const text = line.endsWith('\r') ? line.slice(0, -1) : line
    const question = text.trim() === '' ? E.left<CliError>({ _tag: 'Usage', message: 'an empty line is not a question' }) : parseQuestionLine(text)
    const answered = E.isLeft(question) ? question : answer(question.right)
    return E.isLeft(answered) ? `${JSON.stringify({ error: describeCliError(answered.left) })}\n` : `${answered.right}\n`
  }
  const flush = async (text: string): Promise<void> => {
    if (text === '') return
    const ok = output.stdout.write(text)
    if (ok === false && output.stdout.once !== undefined) await new Promise<void>((resolve) => output.stdout.once!('drain', resolve))
  }
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })
    let out = ''
    let start = 0
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      out += answerLine(pending.slice(start, end))
      start = end + 1
    }
    pending = pending.slice(start)
    await flush(out)
  }
  pending += decoder.decode()
  // A last line without its newline is still a question.
  if (pending !== '') await flush(answerLine(pending))
}
