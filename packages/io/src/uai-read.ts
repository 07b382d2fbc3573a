/**
 * Readers for the UAI inference-competition formats
 * (https://uaicompetition.github.io/uci-2022/file-formats/model-format/):
 *
 * ```text
 * BAYES          preamble: type, variable count, cardinalities,
 * 3              factor count, then one scope per factor
 * 2 2 3          ("k v1 ... vk", 0-based variable indices)
 * 3
 * 1 0
 * 2 0 1
 * 2 1 2
 *
 * 2  0.436 0.564               one table per factor, in factor order:
 * 4  0.128 0.872 0.920 0.080   entry count, then the values with the LAST
 * 6  0.210 0.333 0.457 ...     variable of the scope varying fastest
 * ```
 * In a BAYES model each factor is the table of the last variable of its
 * scope given the others, so the layout is already NetworkSpec's (parents in
 * scope order, last fastest, child states within a row); a MARKOV model is a
 * Markov network. Like every reader, these check the syntax and the shapes;
 * which model a file's numbers make (BAYES files that list each child first,
 * or whose tables are not conditional distributions) is decided on loading
 * (`interpretUai` in `uai-model.ts`, used by `networkFromText`).
 *
 * Evidence files (`.evid`) are "n v1 s1 ... vn sn" (UAI 2014 onwards) or the
 * older "samples, then per sample n v1 s1 ..." with exactly one sample.
 */
import type { MarkovSpec, NetworkSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { assemble, DEFAULT_MAX_TABLE_ENTRIES, fixedTable, type ReadOptions, type TableDraft, type VariableDraft } from './assemble.js'
import type { IoError } from './errors.js'
import { charClasses, NumberBuffer, Scanner } from './scanner.js'

const UAI_CLASSES = charClasses('')
const NO_COMMENTS = { slashes: false, percent: false }

/** One factor of a UAI model: its scope (variable indices) and values (last variable fastest). */
export interface UaiFactor {
  readonly scope: readonly number[]
  readonly values: Float64Array
}

/** A UAI model as read: network kind, cardinality per variable, factors in file order. */
export interface UaiModel {
  readonly kind: 'BAYES' | 'MARKOV'
  readonly cards: readonly number[]
  readonly factors: readonly UaiFactor[]
}

interface Located {
  readonly model: UaiModel
  readonly scopeAt: readonly number[]
  readonly tableAt: readonly number[]
}

const parse = (s: Scanner, maxEntries: number): Located | undefined => {
  s.skipTrivia()
  const kindAt = s.pos
  const word = s.readName("'BAYES' or 'MARKOV'").toUpperCase()
  if (!s.ok) return undefined
  if (word !== 'BAYES' && word !== 'MARKOV') return void s.failExpected("'BAYES' or 'MARKOV'", kindAt)
  const n = s.readCount('the number of variables')
  const cards: number[] = []
  for (let i = 0; s.ok && i < n; i++) {
    s.skipTrivia()
    const at = s.pos
    const c = s.readCount(`the cardinality of variable ${i}`)
    if (s.ok && c === 0) s.failExpected(`a positive cardinality for variable ${i}`, at)
    // A variable's own table has at least `c` entries: refuse absurd counts before
    // anything (state names, tables) is allocated for them.
    if (s.ok && c > maxEntries) s.fail({ _tag: 'TableTooLarge', ...s.locate(at), variable: `x${i}`, entries: c, limit: maxEntries })
    cards.push(c)
  }
  const m = s.readCount('the number of factors')
  const scopes: number[][] = []
  const scopeAt: number[] = []
  for (let f = 0; s.ok && f < m; f++) {
    s.skipTrivia()
    scopeAt.push(s.pos)
    const k = s.readCount(`the scope size of factor ${f}`)
    const scope: number[] = []
    const inScope = new Set<number>()
    for (let j = 0; s.ok && j < k; j++) {
      s.skipTrivia()
      const at = s.pos
      const v = s.readCount(`a variable index of factor ${f}`)
      if (!s.ok) break
      if (v >= n) s.failExpected(`a variable index below ${n}`, at)
      else if (inScope.has(v)) s.failExpected(`variable ${v} once in the scope of factor ${f}`, at)
      scope.push(v)
      inScope.add(v)
    }
    scopes.push(scope)
  }
  const factors: UaiFactor[] = []
  const tableAt: number[] = []
  const numbers = new NumberBuffer()
  for (let f = 0; s.ok && f < m; f++) {
    const scope = scopes[f]!
    const size = scope.reduce((p, v) => p * cards[v]!, 1)
    s.skipTrivia()
    const at = s.pos
    tableAt.push(at)
    const count = s.readCount(`the entry count of factor ${f}`)
    if (!s.ok) break
    if (count !== size) {
      if (size > maxEntries)
        s.fail({ _tag: 'TableTooLarge', ...s.locate(at), variable: `factor ${f}`, entries: size, limit: maxEntries })
      else s.fail({ _tag: 'TableSizeMismatch', ...s.locate(at), variable: `factor ${f}`, expected: size, got: count })
      break
    }
    const start = numbers.length
    for (let i = 0; s.ok && i < count; i++) numbers.push(s.readNumber(`value ${i + 1} of ${count} of factor ${f}`))
    factors.push({ scope, values: numbers.slice(start, numbers.length) })
  }
  if (s.ok && !s.atEnd()) s.failExpected('end of input after the last table')
  if (!s.ok) return undefined
  return { model: { kind: word, cards, factors }, scopeAt, tableAt }
}

/**
 * Read a UAI model (`.uai`, BAYES or MARKOV) as plain factors.
 *
 * @example
 * ```ts
 * import { readUai } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * readUai('MARKOV 2  2 2  1  2 0 1  4 1 2 3 4') // => E.right({ kind: 'MARKOV', cards: [2, 2], factors: [{ scope: [0, 1], values: Float64Array.of(1, 2, 3, 4) }] })
 * ```
 */
export const readUai = (text: string, options: ReadOptions = {}): E.Either<IoError, UaiModel> => {
  const s = new Scanner(text, options.file ?? '<input>', UAI_CLASSES, NO_COMMENTS)
  const located = parse(s, options.maxTableEntries ?? DEFAULT_MAX_TABLE_ENTRIES)
  return located === undefined ? E.left(s.failure!) : E.right(located.model)
}

/**
 * Read a UAI model by the format's conventions: a BAYES model as a
 * `NetworkSpec` (each factor the table of the last variable of its scope), a
 * MARKOV model as a `MarkovSpec` (its factors as potentials). Variable i is
 * named `x{i}` with states `'0'`, `'1'`, ... Loading (`networkFromText`,
 * `loadNetwork`) goes further for BAYES files whose numbers say otherwise
 * (see `interpretUai`).
 *
 * @example
 * ```ts
 * import { readUaiNetwork } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * readUaiNetwork('BAYES 2  2 2  2  1 0  2 0 1  2 0.4 0.6  4 0.9 0.1 0.2 0.8')
 * // => E.right({ variables: [{ name: 'x0', states: ['0', '1'], parents: [], table: Float64Array.of(0.4, 0.6) }, { name: 'x1', states: ['0', '1'], parents: ['x0'], table: Float64Array.of(0.9, 0.1, 0.2, 0.8) }] })
 * readUaiNetwork('MARKOV 2  2 2  1  2 0 1  4 1 2 3 4')
 * // => E.right({ variables: [{ name: 'x0', states: ['0', '1'] }, { name: 'x1', states: ['0', '1'] }], factors: [{ scope: ['x0', 'x1'], values: Float64Array.of(1, 2, 3, 4) }] })
 * ```
 */
export const readUaiNetwork = (text: string, options: ReadOptions = {}): E.Either<IoError, NetworkSpec | MarkovSpec> => {
  const s = new Scanner(text, options.file ?? '<input>', UAI_CLASSES, NO_COMMENTS)
  const maxEntries = options.maxTableEntries ?? DEFAULT_MAX_TABLE_ENTRIES
  const located = parse(s, maxEntries)
  if (located === undefined) return E.left(s.failure!)
  const { model, scopeAt, tableAt } = located
  if (model.kind === 'MARKOV') return E.right(markovSpecOf(model))
  const names = model.cards.map((_, i) => `x${i}`)
  const variables: VariableDraft[] = model.cards.map((c, i) => ({
    name: names[i]!,
    states: Array.from({ length: c }, (_, k) => String(k)),
    at: 0,
  }))
  const tables: TableDraft[] = []
  for (let f = 0; f < model.factors.length; f++) {
    const { scope, values } = model.factors[f]!
    const child = scope[scope.length - 1]
    if (child === undefined)
      return E.left({ _tag: 'UnexpectedInput', ...s.locate(scopeAt[f]!), expected: 'a non-empty scope in a BAYES model', found: '0' })
    tables.push({
      child: names[child]!,
      childAt: scopeAt[f]!,
      parents: scope.slice(0, -1).map((v) => names[v]!),
      parentsAt: scope.slice(0, -1).map(() => scopeAt[f]!),
      build: fixedTable(values, names[child]!, tableAt[f]!),
    })
  }
  return assemble(undefined, variables, tables, (o) => s.locate(o), maxEntries)
}

/**
 * A UAI model as a Markov network: variable i named `x{i}` with states `'0'`,
 * `'1'`, ..., each factor a potential (what the format computes on any model:
 * the product of its tables).
 *
 * @example
 * ```ts
 * import { markovSpecOf, readUai } from '@chainrule/io'
 * import { either as E, function as F } from 'fp-ts'
 *
 * F.pipe(readUai('BAYES 1  2  1  1 0  2 0.5 0.5'), E.map(markovSpecOf))
 * // => E.right({ variables: [{ name: 'x0', states: ['0', '1'] }], factors: [{ scope: ['x0'], values: Float64Array.of(0.5, 0.5) }] })
 * ```
 */
export const markovSpecOf = (model: UaiModel): MarkovSpec => ({
  variables: model.cards.map((c, i) => ({ name: `x${i}`, states: Array.from({ length: c }, (_, k) => String(k)) })),
  factors: model.factors.map((f) => ({ scope: f.scope.map((v) => `x${v}`), values: f.values })),
})

/** Options of {@link readUaiEvidence}. */
export interface EvidenceOptions {
  readonly file?: string
  /** When given, indices and states are checked against its cardinalities (a `UaiModel`, or any model's `cards`). */
  readonly model?: { readonly cards: readonly number[] }
}

/**
 * Read a UAI evidence file (`.evid`) as variable index -> state index.
 *
 * @example
 * ```ts
 * import { readUaiEvidence } from '@chainrule/io'
 * import { either as E } from 'fp-ts'
 *
 * readUaiEvidence('2  0 1  3 0') // => E.right(new Map([[0, 1], [3, 0]]))
 * ```
 */
export const readUaiEvidence = (
  text: string,
  options: EvidenceOptions = {},
): E.Either<IoError, ReadonlyMap<number, number>> => {
  const s = new Scanner(text, options.file ?? '<input>', UAI_CLASSES, NO_COMMENTS)
  const values: number[] = []
  const offsets: number[] = []
  while (s.ok && !s.atEnd()) {
    offsets.push(s.pos)
    values.push(s.readCount('a non-negative integer'))
  }
  if (s.failure !== undefined) return E.left(s.failure)
  const first = values[0]
  if (first === undefined) return E.left({ _tag: 'UnexpectedInput', ...s.locate(0), expected: 'the number of observed variables', found: 'end of input' })
  // UAI 2014: "n v s ...". Older: "1 n v s ..." (one sample).
  let start = 1
  let n = first
  if (values.length !== 1 + 2 * first) {
    if (first === 1 && values.length >= 2 && values.length === 2 + 2 * values[1]!) {
      start = 2
      n = values[1]!
    } else {
      const at = values.length > 1 + 2 * first ? offsets[1 + 2 * first]! : text.length
      return E.left({
        _tag: 'UnexpectedInput',
        ...s.locate(at),
        expected: `${first} (variable, state) pairs after the count`,
        found: at >= text.length ? 'end of input' : `'${values[1 + 2 * first]}'`,
      })
    }
  }
  const evidence = new Map<number, number>()
  for (let i = 0; i < n; i++) {
    const v = values[start + 2 * i]!
    const state = values[start + 2 * i + 1]!
    const at = s.locate(offsets[start + 2 * i]!)
    if (evidence.has(v)) return E.left({ _tag: 'UnexpectedInput', ...at, expected: `variable ${v} observed once`, found: 'a second observation' })
    if (options.model !== undefined) {
      const card = options.model.cards[v]
      if (card === undefined) return E.left({ _tag: 'UnknownVariable', ...at, name: String(v) })
      if (state >= card)
        return E.left({ _tag: 'UnknownState', ...s.locate(offsets[start + 2 * i + 1]!), variable: String(v), state: String(state) })
    }
    evidence.set(v, state)
  }
  return E.right(evidence)
}
