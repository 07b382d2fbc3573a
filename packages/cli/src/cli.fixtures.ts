/**
 * Running the command in a test: `main` with captured output (and, for
 * `--stdin`, input split into chunks as a pipe delivers it), and the check
 * every failure must pass: status 2, nothing on stdout, one line on stderr
 * without a stack trace.
 */
import { expect } from 'vitest'
import { main } from './main.js'

/** What a run printed and its exit status. */
export interface Run {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

/** Run the CLI with `chunks` as standard input, when given. */
export const runWithInput = async (argv: readonly string[], chunks?: readonly string[]): Promise<Run> => {
  let stdout = ''
  let stderr = ''
  const stdin =
    chunks === undefined
      ? undefined
      : (async function* () {
          for (const chunk of chunks) yield new TextEncoder().encode(chunk)
        })()
  const decoder = new TextDecoder()
  const status = await main([...argv], {
    stdout: { write: (t: string | Uint8Array) => (stdout += typeof t === 'string' ? t : decoder.decode(t)) },
    stderr: { write: (t: string) => (stderr += t) },
    ...(stdin === undefined ? {} : { stdin }),
  })
  return { status, stdout, stderr }
}

/** Run the CLI with these arguments. */
export const run = (...argv: string[]): Promise<Run> => runWithInput(argv)

/** A failure as the CLI must report one: exit status 2, no output, one line on stderr (no stack trace) matching `pattern`. */
export const expectOneLineFailure = (r: Run, pattern: RegExp): void => {
  expect(r.status).toBe(2)
  expect(r.stdout).toBe('')
  expect(r.stderr.endsWith('\n')).toBe(true)
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(r.stderr).not.toMatch(/\n\s+at /)
  expect(r.stderr).toMatch(pattern)
}
