/**
 * The assertion that generated example modules call (see `assertions.ts`):
 * `=>` is deep equality, `~>` the same with numbers within 1e-4. A failure
 * throws, naming the example's file and line.
 *
 * Deep equality is strict (numbers by `Object.is`, same prototypes, same own
 * keys, typed arrays of the same type element by element), except that a
 * record made with a null prototype equals the same object literal: a
 * reader writes `{ a: 1 }` for both.
 */
import { inspect, isDeepStrictEqual } from 'node:util'

/** Numbers of a `~>` assertion may differ by this much. */
export const APPROXIMATE = 1e-4

const isIndexed = (v: object): v is ArrayLike<unknown> => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView))

const isRecord = (v: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(v)
  return proto === null || proto === Object.prototype
}

/** Deep equality with numbers within `tolerance` (0: `Object.is`). */
export const deepEqual = (actual: unknown, expected: unknown, tolerance: number): boolean => {
  if (typeof actual === 'number' && typeof expected === 'number')
    return Object.is(actual, expected) || (tolerance > 0 && Math.abs(actual - expected) <= tolerance)
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return Object.is(actual, expected)
  const sameKind = Object.getPrototypeOf(actual) === Object.getPrototypeOf(expected) || (isRecord(actual) && isRecord(expected))
  if (!sameKind) return false
  if (isIndexed(actual)) {
    const other = expected as ArrayLike<unknown>
    if (actual.length !== other.length) return false
    for (let i = 0; i < actual.length; i++) if (!deepEqual(actual[i], other[i], tolerance)) return false
    return true
  }
  if (actual instanceof Map && expected instanceof Map) {
    if (actual.size !== expected.size) return false
    for (const [k, v] of actual) if (!expected.has(k) || !deepEqual(v, expected.get(k), tolerance)) return false
    return true
  }
  if (actual instanceof Set || actual instanceof Date || actual instanceof RegExp || actual instanceof Error) return isDeepStrictEqual(actual, expected)
  const keys = Object.keys(actual)
  if (keys.length !== Object.keys(expected).length || keys.some((k) => !Object.hasOwn(expected, k))) return false
  return keys.every((k) => deepEqual((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], tolerance))
}

/** {@link deepEqual} within {@link APPROXIMATE}. */
export const approximatelyEqual = (actual: unknown, expected: unknown): boolean => deepEqual(actual, expected, APPROXIMATE)

/** Where the checks that ran are recorded (`file:line` of each), for the runner to find claims that never ran. */
export const CHECKED = '__chainruleDocChecks'

/** Throw unless `actual` matches `expected` under `op`; `where` is `file:line` of the assertion. */
export const check = (actual: unknown, expected: unknown, where: string, op: '=>' | '~>'): void => {
  const ran = (globalThis as Record<string, unknown>)[CHECKED]
  if (Array.isArray(ran)) ran.push(where)
  if (!deepEqual(actual, expected, op === '=>' ? 0 : APPROXIMATE)) {
    const show = (v: unknown): string => inspect(v, { depth: 6, breakLength: Infinity, compact: true, maxArrayLength: 20 })
    throw new Error(`${where}: expected ${op === '~>' ? 'about ' : ''}${show(expected)}, got ${show(actual)}`)
  }
}
