/**
 * The digits model file shipped with the page: a causal-neighbourhood table
 * chain over 28x28 binary images, stored as its sufficient statistics (the
 * family counts of the training images, 16-bit) plus the Dirichlet alpha, the
 * structure (raster ordering, window parent policy) and the log-likelihoods of
 * the held-out test images under the model.
 *
 * Decoding rebuilds the structure with `autoregressive` of `@chainrule/models`
 * and the log-odds with `estimateTable` of `@chainrule/learn`, the same
 * operations `learnTableChain` performs, so the decoded chain is bit-for-bit
 * the learned one and scores images identically.
 *
 * Layout (little-endian): 'CRDG', uint32 header length, UTF-8 JSON header,
 * zero padding to a multiple of 8 bytes, float64 test log-likelihoods (test-set
 * order), uint16 counts position by position in the ordering, each position's
 * family in CPT layout (`[2c + x]`, context c over its parents).
 */
import * as E from 'fp-ts/lib/Either.js'
import type { BinaryChain, ContextGroup } from '@chainrule/learn'
import { contextGroupOf, describeError as describeLearnError, estimateTable } from '@chainrule/learn'
import type { AutoregressiveStructure } from '@chainrule/models'
import { autoregressive, describeError as describeNetworkError } from '@chainrule/models'
import type { PlaygroundError } from './errors.js'

const MAGIC = 'CRDG'
/** Largest count a 16-bit cell holds. */
export const MAX_COUNT = 65535

/** What the JSON header of a digits model file records. */
export interface DigitsHeader {
  readonly format: 'chainrule-digits'
  readonly version: 1
  readonly width: number
  readonly height: number
  /** Window parent policy of `@chainrule/models` over the raster ordering. */
  readonly radius: number
  readonly maxParents: number
  readonly alpha: number
  readonly trainImages: number
  readonly testImages: number
  /** One line on how the model was trained (data protocol, alpha choice, time). */
  readonly description: string
}

/** A decoded digits model: the compiled chain and the test log-likelihoods shipped with it. */
export interface DigitsModel {
  readonly header: DigitsHeader
  readonly chain: BinaryChain
  /** log p(test image) in nats, test-set order. */
  readonly testLogLikelihoods: Float64Array
}

const invalid = (reason: string): PlaygroundError => ({ _tag: 'ModelFileInvalid', reason })

/**
 * The raster structure with the window policy of a header.
 *
 * @example
 * digitsStructure({ width: 28, height: 28, radius: 3, maxParents: 6 }) // Right(AutoregressiveStructure)
 */
export const digitsStructure = (h: Pick<DigitsHeader, 'width' | 'height' | 'radius' | 'maxParents'>): E.Either<PlaygroundError, AutoregressiveStructure> => {
  const s = autoregressive({ grid: { width: h.width, height: h.height }, ordering: { kind: 'raster' }, parents: { kind: 'window', radius: h.radius, max: h.maxParents } })
  return E.isLeft(s) ? E.left(invalid(describeNetworkError(s.left))) : E.right(s.right)
}

/**
 * Number of 16-bit counts a structure stores: 2 * 2^|parents| per pixel.
 *
 * @example
 * // countCells(group) === sum over positions p of 2 << group.counts[p]
 */
export const countCells = (group: ContextGroup): number => {
  let total = 0
  for (let p = 0; p < group.counts.length; p++) total += 2 << group.counts[p]!
  return total
}

/**
 * Encode a model file. `counts[v]` are the family counts of variable v
 * (`countContexts` of `@chainrule/learn`). Errors: counts that do not fit the
 * structure or exceed {@link MAX_COUNT}.
 *
 * @example
 * // encodeDigitsModel(header, countContexts(train, structure).right, chainLogLikelihoods(chain, test).right)
 */
export const encodeDigitsModel = (
  header: DigitsHeader,
  counts: readonly Float64Array[],
  testLogLikelihoods: Float64Array,
): E.Either<PlaygroundError, Uint8Array> => {
  const structure = digitsStructure(header)
  if (E.isLeft(structure)) return structure
  const group = contextGroupOf(structure.right)
  if (E.isLeft(group)) return E.left(invalid(describeLearnError(group.left)))
  if (testLogLikelihoods.length !== header.testImages) return E.left(invalid(`${testLogLikelihoods.length} test log-likelihoods, header says ${header.testImages}`))
  const json = new TextEncoder().encode(JSON.stringify(header))
  const start = Math.ceil((8 + json.length) / 8) * 8
  const cells = countCells(group.right)
  const bytes = new Uint8Array(start + 8 * testLogLikelihoods.length + 2 * cells)
  const view = new DataView(bytes.buffer)
  for (let i = 0; i < 4; i++) bytes[i] = MAGIC.charCodeAt(i)
  view.setUint32(4, json.length, true)
  bytes.set(json, 8)
  let at = start
  for (const ll of testLogLikelihoods) {
    view.setFloat64(at, ll, true)
    at += 8
  }
  const ordering = structure.right.ordering
  for (let p = 0; p < ordering.length; p++) {
    const family = counts[ordering[p]!]
    const expected = 2 << group.right.counts[p]!
    if (family === undefined || family.length !== expected) return E.left(invalid(`pixel ${ordering[p]}: ${family?.length ?? 0} counts, expected ${expected}`))
    for (const c of family) {
      if (!Number.isInteger(c) || c < 0 || c > MAX_COUNT) return E.left(invalid(`pixel ${ordering[p]}: count ${c} is not an integer in 0..${MAX_COUNT}`))
      view.setUint16(at, c, true)
      at += 2
    }
  }
  return E.right(bytes)
}

const isHeader = (h: unknown): h is DigitsHeader => {
  if (typeof h !== 'object' || h === null) return false
  const r = h as Record<string, unknown>
  const positive = (k: string): boolean => Number.isSafeInteger(r[k]) && (r[k] as number) > 0
  return (
    r['format'] === 'chainrule-digits' &&
    r['version'] === 1 &&
    ['width', 'height', 'radius', 'trainImages', 'testImages'].every(positive) &&
    Number.isSafeInteger(r['maxParents']) &&
    (r['maxParents'] as number) >= 0 &&
    typeof r['alpha'] === 'number' &&
    Number.isFinite(r['alpha']) &&
    r['alpha'] > 0 &&
    typeof r['description'] === 'string'
  )
}

/**
 * Decode a model file into a compiled chain: log-odds per position and context
 * = log(p1 / p0) with p from `estimateTable` (Dirichlet alpha), exactly as
 * `learnTableChain` computes them. Errors: `ModelFileInvalid` naming what is wrong.
 *
 * @example
 * // const model = decodeDigitsModel(bytes) // Right({ header, chain, testLogLikelihoods })
 * // chainLogLikelihoods(model.right.chain, images)
 */
export const decodeDigitsModel = (bytes: Uint8Array): E.Either<PlaygroundError, DigitsModel> => {
  if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== MAGIC) return E.left(invalid('not a digits model file (bad magic)'))
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const length = view.getUint32(4, true)
  if (8 + length > bytes.length) return E.left(invalid('truncated header'))
  let header: unknown
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)))
  } catch {
    return E.left(invalid('header is not JSON'))
  }
  if (!isHeader(header)) return E.left(invalid('header lacks a field or has a bad value'))
  const structure = digitsStructure(header)
  if (E.isLeft(structure)) return structure
  const group = contextGroupOf(structure.right)
  if (E.isLeft(group)) return E.left(invalid(describeLearnError(group.left)))
  const start = Math.ceil((8 + length) / 8) * 8
  const expected = start + 8 * header.testImages + 2 * countCells(group.right)
  if (bytes.length !== expected) return E.left(invalid(`${bytes.length} bytes, expected ${expected}`))
  const testLogLikelihoods = new Float64Array(header.testImages)
  let at = start
  for (let i = 0; i < header.testImages; i++, at += 8) testLogLikelihoods[i] = view.getFloat64(at, true)
  const g = group.right
  const stride = 1 << g.k
  const estimator = { kind: 'dirichlet', alpha: header.alpha } as const
  for (let p = 0; p < structure.right.ordering.length; p++) {
    const family = new Float64Array(2 << g.counts[p]!)
    for (let i = 0; i < family.length; i++, at += 2) family[i] = view.getUint16(at, true)
    const probabilities = new Float64Array(family.length)
    estimateTable(family, 2, estimator, probabilities)
    for (let r = 0; r < family.length / 2; r++) g.logits[p * stride + r] = Math.log(probabilities[2 * r + 1]! / probabilities[2 * r]!)
  }
  const n = header.width * header.height
  const chain: BinaryChain = {
    width: header.width,
    height: header.height,
    n,
    ordering: Int32Array.from(structure.right.ordering),
    bias: new Float64Array(n),
    contexts: [g],
  }
  return E.right({ header, chain, testLogLikelihoods })
}
