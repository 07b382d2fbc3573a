/**
 * One shape per error kind: an error tag that two packages share means the
 * same thing and carries the same fields, so code that handles `InvalidOption`
 * (or `ImpossibleEvidence`, `UnknownState`, `Network`, ...) from any package
 * reads the same facts. Checked at the type level over every pair of error
 * unions: this file does not typecheck (`tsc -p tsconfig.test.json`, a step of
 * `npm test`) when two packages' same-named tags differ in shape, unless the
 * tag is on the list of differences not yet reconciled below, and it fails as
 * well when a listed difference is gone (take the tag off the list) or a new
 * tag comes to be shared (add it to the shared list).
 */
import type { CausalError } from '@chainrule/causal'
import type { CliError } from '@chainrule/cli'
import type { DataError } from '@chainrule/data'
import type { DecisionError } from '@chainrule/decision'
import type { DynamicError } from '@chainrule/dynamic'
import type { FactorError } from '@chainrule/factor'
import type { GraphError } from '@chainrule/graph'
import type { InferError } from '@chainrule/infer'
import type { IoError } from '@chainrule/io'
import type { LearnError } from '@chainrule/learn'
import type { NetworkError } from '@chainrule/models'
import type { PlaygroundError } from '@chainrule/playground/errors'
import type { StructureError } from '@chainrule/structure'
import type { WorkerFailed } from '@chainrule/workers'
import { describe, expect, expectTypeOf, it } from 'vitest'

/** Every package's error union, one entry each. */
type Unions = [GraphError, FactorError, NetworkError, InferError, IoError, DataError, LearnError, StructureError, CausalError, DynamicError, DecisionError, CliError, PlaygroundError, WorkerFailed]

type Tagged = { readonly _tag: string }
/** An error's fields as a plain object type (an interface and a type literal of the same fields alike). */
type Shape<X> = { [K in keyof X]: X[K] }
/** Identical shapes (optional fields and readonly included), not merely assignable both ways. */
type Same<X, Y> = (<T>() => T extends Shape<X> ? 1 : 2) extends <T>() => T extends Shape<Y> ? 1 : 2 ? true : false
/** The tags of A and B whose members differ in shape. */
type Mismatched<A extends Tagged, B extends Tagged> = {
  [T in A['_tag'] & B['_tag']]: Same<Extract<A, { readonly _tag: T }>, Extract<B, { readonly _tag: T }>> extends true ? never : T
}[A['_tag'] & B['_tag']]
type MismatchedWith<H extends Tagged, R extends readonly Tagged[]> = R extends readonly [infer F extends Tagged, ...infer Rest extends readonly Tagged[]] ? Mismatched<H, F> | MismatchedWith<H, Rest> : never
/** Every tag that two packages share with different shapes. */
type AllMismatched<U extends readonly Tagged[]> = U extends readonly [infer H extends Tagged, ...infer R extends readonly Tagged[]] ? MismatchedWith<H, R> | AllMismatched<R> : never

type SharedWith<H extends Tagged, R extends readonly Tagged[]> = R extends readonly [infer F extends Tagged, ...infer Rest extends readonly Tagged[]] ? (H['_tag'] & F['_tag']) | SharedWith<H, Rest> : never
/** Every tag that two or more packages use. */
type AllShared<U extends readonly Tagged[]> = U extends readonly [infer H extends Tagged, ...infer R extends readonly Tagged[]] ? SharedWith<H, R> | AllShared<R> : never

/** Every kind of error more than one package reports. */
const SHARED = [
  'Cycle',
  'Data',
  'DuplicateParent',
  'DuplicateRow',
  'DuplicateState',
  'DuplicateVariable',
  'EmptyName',
  'EmptyParentRow',
  'Factor',
  'FileUnreadable',
  'Graph',
  'ImpossibleEvidence',
  'Infer',
  'InvalidCardinality',
  'InvalidNetwork',
  'InvalidOption',
  'Learn',
  'MissingRow',
  'MissingTable',
  'MissingValue',
  'Network',
  'NoStates',
  'NonBinaryVariable',
  'NotBayesian',
  'RowNotNormalized',
  'ShapeMismatch',
  'Structure',
  'TableTooLarge',
  'UnknownParent',
  'UnknownState',
  'UnknownVariable',
  'Unsupported',
  'WorkerFailed',
] as const

/**
 * Shared kinds whose shapes still differ between packages: io's reader errors
 * carry a file location (and io names a variable `name`), dynamic's carry a
 * slice, factor's and structure's `UnknownVariable` and `DuplicateVariable` say
 * where, and the rest use the same word for different facts (a row by
 * parent names or by index, a column count).
 * Shrinks as they are reconciled; never grows.
 */
const NOT_YET_ONE_SHAPE = [
  'DuplicateParent',
  'DuplicateRow',
  'DuplicateState',
  'DuplicateVariable',
  'EmptyName',
  'InvalidCardinality',
  'MissingRow',
  'MissingTable',
  'MissingValue',
  'Network',
  'RowNotNormalized',
  'TableTooLarge',
  'UnknownState',
  'UnknownVariable',
  'Unsupported',
] as const

describe('error kinds shared across packages', () => {
  it('have one shape each: a tag two packages share carries the same fields in both (apart from the listed differences)', () => {
    expectTypeOf<AllShared<Unions>>().toEqualTypeOf<(typeof SHARED)[number]>()
    expectTypeOf<AllMismatched<Unions>>().toEqualTypeOf<(typeof NOT_YET_ONE_SHAPE)[number]>()
    // The kinds reconciled so far, each now one shape everywhere it appears.
    const oneShape = SHARED.filter((tag) => !(NOT_YET_ONE_SHAPE as readonly string[]).includes(tag))
    expect(oneShape).toEqual(['Cycle', 'Data', 'EmptyParentRow', 'Factor', 'FileUnreadable', 'Graph', 'ImpossibleEvidence', 'Infer', 'InvalidNetwork', 'InvalidOption', 'Learn', 'NoStates', 'NonBinaryVariable', 'NotBayesian', 'ShapeMismatch', 'Structure', 'UnknownParent', 'WorkerFailed'])
    expect([...SHARED].sort()).toEqual([...SHARED])
  })
})
