/**
 * The assertion that generated example modules call (see `assertions.ts`):
 * `=>` is Node's deep strict equality, `~>` the same with numbers within
 * 1e-4. A failure throws, naming the example's file and line.
 */
import { inspect, isDeepStrictEqual } from 'node:util'

/** Numbers of a `~>` assertion may differ by this much. */
export const APPROXIMATE = 1e-4

const isIndexed = (v: unknown): v is ArrayLike<unknown> => Array.isArray(v) || ArrayBuffer.isView(v)

/** Deep equality with numbers within {@link APPROXIMATE}. */
export const approximatelyEqual = (actual: unknown, expected: unknown): boolean => {
  if (typeof actual === 'number' && typeof expected === 'number')
    return Math.abs(actual - expected) <= APPROXIMATE || (Number.isNaN(actual) && Number.isNaN(expected)) || actual === expected
  if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) return isDeepStrictEqual(actual, expected)
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return false
  if (isIndexed(actual) && isIndexed(expected) && !(actual instanceof DataView)) {
    if (actual.length !== expected.length) return false
    for (let i = 0; i < actual.length; i++) if (!approximatelyEqual(actual[i], (expected as ArrayLike<unknown>)[i])) return false
    return true
  }
  if (actual instanceof Map && expected instanceof Map) {
    if (actual.size !== expected.size) return false
    for (const [k, v] of actual) if (!expected.has(k) || !approximatelyEqual(v, expected.get(k))) return false
    return true
  }
  const keys = Object.keys(actual)
  const other = Object.keys(expected)
  if (keys.length !== other.length || keys.some((k) => !Object.hasOwn(expected, k))) return false
  return keys.every((k) => approximatelyEqual((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k]))
}

/** Throw unless `actual` matches `expected` under `op`; `where` is `file:line` of the assertion. */
export const check = (actual: unknown, expected: unknown, where: string, op: '=>' | '~>'): void => {
  const ok = op === '=>' ? isDeepStrictEqual(actual, expected) : approximatelyEqual(actual, expected)
  if (!ok) {
    const show = (v: unknown): string => inspect(v, { depth: 6, breakLength: Infinity, maxArrayLength: 20 })
    throw new Error(`${where}: expected ${op === '~>' ? 'about ' : ''}${show(expected)}, got ${show(actual)}`)
  }
}
