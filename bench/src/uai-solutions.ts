/**
 * The published solutions of the UAI problems (`NAME.uai.PR`, `.MAR`, `.MAP`
 * / `.MPE`), and how closely an answer must agree with a number printed to
 * some digits. The files come in two forms: the UAI 2014 one (`PR` then the
 * value; `MAR` then `n card p... card p...`; `MAP` then `n s...`) and the
 * older one with a sample count of 1 after the task name.
 */
import { existsSync, readFileSync } from 'node:fs'

/** A number as printed, with the digits it was printed to. */
export interface Printed {
  readonly value: number
  /** Significant digits shown in the file for this task (the largest count of any of its numbers). */
  readonly digits: number
}

/** Significant digits a decimal literal shows (`0.119203` 6, `9.21122e-05` 6, `1` 1, `0` 1). */
const significantDigits = (text: string): number => {
  const mantissa = text.toLowerCase().split('e')[0]!.replace(/^[-+]/, '').replace('.', '')
  const trimmed = mantissa.replace(/^0+/, '')
  return Math.max(1, trimmed.length)
}

/** The tokens after the task name, without the older form's leading sample count of 1. */
const body = (path: string, task: string, expectedAfter: (tokens: readonly string[]) => boolean): string[] | undefined => {
  if (!existsSync(path)) return undefined
  const tokens = readFileSync(path, 'utf8').split(/\s+/).filter((t) => t !== '')
  if (tokens[0]?.toUpperCase() !== task) return undefined
  const rest = tokens.slice(1)
  if (expectedAfter(rest)) return rest
  return rest[0] === '1' && expectedAfter(rest.slice(1)) ? rest.slice(1) : undefined
}

/** log10 Z(e) from a `.PR` file. */
export const readPr = (path: string): Printed | undefined => {
  const rest = body(path, 'PR', (t) => t.length === 1)
  if (rest === undefined) return undefined
  return { value: Number(rest[0]), digits: significantDigits(rest[0]!) }
}

/** Every variable's marginal from a `.MAR` file, as printed. */
export const readMar = (path: string): { readonly marginals: number[][]; readonly digits: number } | undefined => {
  const parse = (t: readonly string[]): number[][] | undefined => {
    const n = Number(t[0])
    const out: number[][] = []
    let at = 1
    for (let v = 0; v < n; v++) {
      const card = Number(t[at++])
      if (!(card > 0) || at + card > t.length) return undefined
      out.push(t.slice(at, at + card).map(Number))
      at += card
    }
    return at === t.length ? out : undefined
  }
  const rest = body(path, 'MAR', (t) => parse(t) !== undefined)
  if (rest === undefined) return undefined
  return { marginals: parse(rest)!, digits: Math.max(...rest.slice(1).map(significantDigits)) }
}

/** An assignment of every variable from a `.MAP` or `.MPE` file. */
export const readAssignment = (path: string): number[] | undefined => {
  for (const task of ['MPE', 'MAP']) {
    const rest = body(`${path}.${task}`, task, (t) => t.length === Number(t[0]) + 1)
    if (rest !== undefined) return rest.slice(1).map(Number)
  }
  return undefined
}

/**
 * Whether `ours` rounds to the printed number: within half a unit of the
 * printed precision (the file's significant digits), plus a hair for the
 * rounding of our own double.
 */
export const agreesWithPrinted = (ours: number, printed: number, digits: number): boolean =>
  Math.abs(ours - printed) <= halfUnit(printed, digits) * (1 + 1e-9) + 1e-15

/** Half a unit in the last printed digit of `x` at `digits` significant digits. */
export const halfUnit = (x: number, digits: number): number => {
  const exponent = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(x)))
  return 0.5 * 10 ** (exponent - digits + 1)
}
