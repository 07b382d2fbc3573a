import { describe, expect, it } from 'vitest'
import { toModule } from './assertions.js'
import { approximatelyEqual, check, deepEqual } from './check.js'

const module = (code: string) => toModule({ file: 'src/a.ts', line: 10, code }, './__check.js')

describe('toModule', () => {
  it('wraps an expression statement, keeping every line where it was', () => {
    const m = module("import { f } from 'x'\nf(\n  1,\n) // => 2\n")
    expect(m.errors).toEqual([])
    expect(m.assertions).toBe(1)
    expect(m.code.split('\n').slice(0, 4)).toEqual(["import { f } from 'x'", '__check((f(', '  1,', ")), (2), \"src/a.ts:13\", '=>') // => 2"])
    expect(m.code).toContain("import { check as __check } from './__check.js'")
  })

  it('checks the declared name after a declaration, and nested statements', () => {
    const m = module('const x = 1 + 1 // ~> 2\nif (x > 0) {\n  x * 2; // => 4\n}\n')
    expect(m.errors).toEqual([])
    expect(m.code).toContain('const x = 1 + 1; __check(x, (2), "src/a.ts:10", \'~>\') // ~> 2')
    expect(m.code).toContain('  __check((x * 2), (4), "src/a.ts:12", \'=>\'); // => 4')
  })

  it('refuses assertions it cannot attach, naming file and line', () => {
    expect(module('// => 1\n').errors).toEqual(["src/a.ts:10: '// =>' must follow an expression statement or a declaration of one name, on its line or the line before"])
    expect(module('f()\n\n// => 1\n').errors).toEqual(["src/a.ts:12: '// =>' must follow an expression statement or a declaration of one name, on its line or the line before"])
    expect(module('if (a) {\n  f()\n}\n// => 1\n').errors).toHaveLength(1)
    expect(module('const [a] = [1] // => [1]\n').errors).toEqual(["src/a.ts:10: '// =>' after a declaration needs exactly one declared name"])
    expect(module('f() // => right(\n').errors).toEqual(["src/a.ts:10: '// =>' needs an expression after it, got 'right('"])
    expect(module('f(\n').errors[0]).toMatch(/^src\/a\.ts:1\d: does not parse/)
  })

  it('takes a claim alone on the line after its statement', () => {
    const m = module("f('a',\n  'b')\n// => 'ab'\n")
    expect(m.errors).toEqual([])
    expect(m.code.split('\n').slice(0, 3)).toEqual(["__check((f('a',", "  'b')), ('ab'), \"src/a.ts:12\", '=>')", "// => 'ab'"])
  })

  it('leaves other comments alone', () => {
    expect(module('f() // x => y\ng() // =>this is fine? no\n').assertions).toBe(0)
  })
})

describe('check', () => {
  it('passes deep-equal values and names the location otherwise', () => {
    expect(() => check({ a: [1, 2] }, { a: [1, 2] }, 'f.ts:1', '=>')).not.toThrow()
    expect(() => check(new Float64Array([0.5]), [0.5], 'f.ts:2', '=>')).toThrow(/^f\.ts:2: expected \[ 0\.5 \], got Float64Array/)
    expect(() => check(0.42424242, 0.4242, 'f.ts:3', '=>')).toThrow('f.ts:3')
    expect(() => check(0.42424242, 0.4242, 'f.ts:3', '~>')).not.toThrow()
  })

  it('=> is strict, but a null-prototype record equals an object literal', () => {
    const record = Object.assign(Object.create(null) as object, { a: 1 })
    expect(deepEqual(record, { a: 1 }, 0)).toBe(true)
    expect(deepEqual([record], [{ a: 2 }], 0)).toBe(false)
    expect(deepEqual(NaN, NaN, 0)).toBe(true)
    expect(deepEqual(-0, 0, 0)).toBe(false)
    expect(deepEqual([1, 2], { 0: 1, 1: 2 }, 0)).toBe(false)
    expect(deepEqual(new Uint8Array([1]), new Int8Array([1]), 0)).toBe(false)
    expect(deepEqual({ _tag: 'Right', right: true }, { _tag: 'Right', right: true }, 0)).toBe(true)
  })

  it('~> compares numbers within 1e-4 at any depth, and nothing else loosely', () => {
    expect(approximatelyEqual({ p: new Float64Array([0.33333, 0.66667]) }, { p: new Float64Array([1 / 3, 2 / 3]) })).toBe(true)
    expect(approximatelyEqual([0.3], [0.31])).toBe(false)
    expect(approximatelyEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(approximatelyEqual(new Map([['a', 0.50001]]), new Map([['a', 0.5]]))).toBe(true)
    expect(approximatelyEqual('0.5', 0.5)).toBe(false)
  })
})
