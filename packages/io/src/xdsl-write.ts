/**
 * Writer for GeNIe/SMILE's `.xdsl` (see `xdsl-read.ts` for the layout).
 *
 * - Nodes are written parents first (SMILE reads a node's parents before the
 *   node), in the spec's order where the graph allows.
 * - A full table is a `cpt`; a deterministic table a `deterministic` node;
 *   a noisy-MAX table a `noisymax` node when its order is GeNIe's (the states
 *   listed from the highest to the distinguished one: order [m-1, ..., 0]),
 *   with the strengths the reader kept if they still fit, else each parent's
 *   other states in index order before its distinguished one. GeNIe ties
 *   the ranking to the listing of the states, so a noisy table ranked in any
 *   other order (noisy-OR over ['no', 'yes'] is one) is written as the `cpt`
 *   it expands to: the same distribution, without the compact form.
 * - Parts a reader kept (`preserved` of format `xdsl`) are put back where
 *   they were: root attributes, top-level elements before and after `nodes`
 *   (GeNIe's layout in `extensions`, observation costs, ...), node and state
 *   attributes, and node child elements.
 * - Names go into attributes and whitespace-separated lists: a name that is
 *   empty or holds whitespace cannot be written (`Unwritable`). Other names
 *   are written as they are, XML-escaped; GeNIe itself opens only files whose
 *   ids are identifiers (a letter, then letters, digits and underscores).
 * - Numbers in shortest round-trip form: tables read back bit for bit.
 */
import { expandTable, isCompact, type NetworkSpec, type NoisyMaxTable, type PreservedPart, type VariableSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { formatNumber } from './bif-write.js'
import type { IoError } from './errors.js'
import { DEFAULT_XDSL_ATTRIBUTES, escapeXml, XDSL_FORMAT } from './xdsl-read.js'

const numbers = (xs: ArrayLike<number>): string => {
  const out: string[] = []
  for (let i = 0; i < xs.length; i++) out.push(formatNumber(xs[i]!))
  return out.join(' ')
}

/** Variable indices with every parent before its child, the spec's order kept where possible; undefined on a cycle. */
const parentsFirst = (spec: NetworkSpec): number[] | undefined => {
  const index = new Map(spec.variables.map((v, i) => [v.name, i]))
  const waiting = spec.variables.map((v) => v.parents.length)
  const children = spec.variables.map((): number[] => [])
  spec.variables.forEach((v, i) => v.parents.forEach((p) => children[index.get(p) ?? i]!.push(i)))
  const out: number[] = []
  const ready = spec.variables.map((_, i) => i).filter((i) => waiting[i] === 0)
  while (ready.length > 0) {
    // Smallest index first keeps the spec's order when the graph allows it.
    ready.sort((a, b) => b - a)
    const i = ready.pop()!
    out.push(i)
    for (const c of children[i]!) if (--waiting[c]! === 0) ready.push(c)
  }
  return out.length === spec.variables.length ? out : undefined
}

/** The strengths kept by the reader, if they still describe `table`'s parents; else a default ranking. */
const strengthsOf = (table: NoisyMaxTable, parentCards: readonly number[], kept: string | undefined): number[][] => {
  const keptNumbers = kept === undefined ? [] : kept.split(/\s+/).filter((w) => w.length > 0).map(Number)
  let offset = 0
  return table.parents.map((parent, j) => {
    const k = parentCards[j]!
    const candidate = keptNumbers.slice(offset, offset + k)
    offset += k
    const fits =
      candidate.length === k && new Set(candidate).size === k && candidate.every((x) => Number.isInteger(x) && x >= 0 && x < k) && candidate[k - 1] === parent.distinguished
    return fits ? candidate : [...Array.from({ length: k }, (_, x) => x).filter((x) => x !== parent.distinguished), parent.distinguished]
  })
}

/** `strengths` and `parameters` of a noisy-MAX table in GeNIe's order. */
const noisyDefinition = (table: NoisyMaxTable, m: number, parentCards: readonly number[], kept: string | undefined): string[] => {
  const ranking = strengthsOf(table, parentCards, kept)
  const parameters: number[] = []
  table.parents.forEach((parent, j) => {
    for (const x of ranking[j]!) {
      if (x === parent.distinguished) for (let y = 0; y < m; y++) parameters.push(y === m - 1 ? 1 : 0)
      else {
        const row = x < parent.distinguished ? x : x - 1
        for (let y = 0; y < m; y++) parameters.push(parent.probabilities[row * m + y]!)
      }
    }
  })
  for (let y = 0; y < m; y++) parameters.push(table.leak[y]!)
  return [`\t\t\t<strengths>${ranking.flat().join(' ')}</strengths>`, `\t\t\t<parameters>${numbers(parameters)}</parameters>`]
}

const isGenieOrder = (table: NoisyMaxTable, m: number): boolean =>
  (table.order ?? Array.from({ length: m }, (_, s) => s)).every((s, r) => s === m - 1 - r)

/**
 * Write a spec as an xdsl text, or `Unwritable` when a name cannot be
 * written or the parents form a cycle.
 *
 * @example
 * ```ts
 * import { readXdsl, writeXdsl } from '@chainrule/io'
 * import { either as E, function as F } from 'fp-ts'
 *
 * const text = writeXdsl({ name: 'n', variables: [{ name: 'a', states: ['on', 'off'], parents: [], table: [0.3, 0.7] }] })
 * F.pipe(text, E.map((t) => t.split('\n').slice(1, 4)))
 * // => E.right(['<smile version="1.0" numsamples="10000" discsamples="10000" id="n">', '\t<nodes>', '\t\t<cpt id="a">'])
 * F.pipe(text, E.flatMap((t) => readXdsl(t)), E.map((spec) => spec.variables[0]!.states)) // => E.right(['on', 'off'])
 * writeXdsl({ variables: [{ name: 'a b', states: ['x'], parents: [], table: [1] }] })
 * // => E.left({ _tag: 'Unwritable', file: '<output>', format: 'xdsl', reason: "variable name 'a b' is empty or holds whitespace" })
 * ```
 */
export const writeXdsl = (spec: NetworkSpec, file = '<output>'): E.Either<IoError, string> => {
  const unwritable = (reason: string): E.Either<IoError, never> => E.left({ _tag: 'Unwritable', file, format: 'xdsl', reason })
  const badName = (name: string): boolean => name.length === 0 || /\s/.test(name)
  for (const v of spec.variables) {
    if (badName(v.name)) return unwritable(`variable name '${v.name}' is empty or holds whitespace`)
    for (const s of v.states) if (badName(s)) return unwritable(`state '${s}' of ${v.name} is empty or holds whitespace`)
  }
  const order = parentsFirst(spec)
  if (order === undefined) return unwritable('the parents form a cycle')
  // Kept parts by variable ('' for the network's), then by key, in file order.
  const kept = new Map<string, Map<string, PreservedPart[]>>()
  for (const part of spec.preserved?.format === XDSL_FORMAT ? spec.preserved.parts : []) {
    const byKey = kept.get(part.variable ?? '') ?? new Map<string, PreservedPart[]>()
    kept.set(part.variable ?? '', byKey.set(part.key, [...(byKey.get(part.key) ?? []), part]))
  }
  const ofVariable = (name: string, key: string): readonly PreservedPart[] => kept.get(name)?.get(key) ?? []
  const network = (key: string): readonly PreservedPart[] => ofVariable('', key)
  const cards = new Map(spec.variables.map((v) => [v.name, v.states.length]))
  const rootAttributes = network('attributes')[0]?.text ?? DEFAULT_XDSL_ATTRIBUTES
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<smile${rootAttributes} id="${escapeXml(spec.name ?? 'Network')}">`]
  for (const p of network('before-nodes')) out.push(`\t${p.text}`)
  out.push('\t<nodes>')
  for (const i of order) out.push(...node(spec.variables[i]!, cards, ofVariable))
  out.push('\t</nodes>')
  for (const p of network('after-nodes')) out.push(`\t${p.text}`)
  out.push('</smile>', '')
  return E.right(out.join('\n'))
}

const node = (
  v: VariableSpec,
  cards: ReadonlyMap<string, number>,
  ofVariable: (name: string, key: string) => readonly PreservedPart[],
): string[] => {
  const m = v.states.length
  const parentCards = v.parents.map((p) => cards.get(p) ?? 0)
  const table = v.table
  const noisy = isCompact(table) && table.kind === 'noisyMax' && isGenieOrder(table, m) ? table : undefined
  const kind = noisy !== undefined ? 'noisymax' : isCompact(table) && table.kind === 'deterministic' ? 'deterministic' : 'cpt'
  const lines = [`\t\t<${kind} id="${escapeXml(v.name)}"${ofVariable(v.name, 'attributes')[0]?.text ?? ''}>`]
  v.states.forEach((s, k) => lines.push(`\t\t\t<state id="${escapeXml(s)}"${ofVariable(v.name, `state:${k}`)[0]?.text ?? ''} />`))
  if (v.parents.length > 0) lines.push(`\t\t\t<parents>${v.parents.map(escapeXml).join(' ')}</parents>`)
  if (noisy !== undefined) lines.push(...noisyDefinition(noisy, m, parentCards, ofVariable(v.name, 'strengths')[0]?.text))
  else if (isCompact(table) && table.kind === 'deterministic')
    lines.push(`\t\t\t<resultingstates>${Array.from(table.states, (s) => escapeXml(v.states[s] ?? '')).join(' ')}</resultingstates>`)
  else lines.push(`\t\t\t<probabilities>${numbers(isCompact(table) ? expandTable(table, m, parentCards) : table)}</probabilities>`)
  for (const p of ofVariable(v.name, 'element')) lines.push(`\t\t\t${p.text}`)
  lines.push(`\t\t</${kind}>`)
  return lines
}
