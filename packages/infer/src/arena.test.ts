import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { assembleKernels } from '../scripts/assemble.mjs'
import { WASM_MODULES } from '../scripts/wasm-modules.mjs'
import { createArena, typedArrayKernels } from './arena.js'
import { arbitraryEvidence, arbitraryModel } from '@chainrule/testing'
import { compileTables } from './compile-tables.js'
import { arbTablePair } from './kernels.fixtures.js'
import { stridesInto, walkOf } from './kernels.js'
import { propagate, readMarginal } from './propagate.js'
import { kernelsWasm } from './wasm/kernels-wasm.js'
import { patternRowsWasm } from './wasm/pattern-rows-wasm.js'
import { hiddenUnitsWasm } from './wasm/hidden-units-wasm.js'

describe('the WebAssembly kernels', () => {
  it('every <name>-wasm.ts is its <name>.wat assembled (run scripts/build-wasm.mjs after editing a .wat)', async () => {
    const generated: Record<string, string> = { kernelsWasm, patternRowsWasm, hiddenUnitsWasm }
    for (const { name, constant } of WASM_MODULES) {
      const wat = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'wasm', `${name}.wat`), 'utf8')
      expect(await assembleKernels(wat, `${name}.wat`)).toBe(generated[constant])
    }
  })

  it('compute bit for bit what the typed-array kernels compute, in the arena or not', () => {
    fc.assert(
      fc.property(arbTablePair(5, 7), ({ cards, other, values: entries }) => {
        const size = cards.reduce((s, c) => s * c, 1)
        const otherCards = other.map((v) => cards[v]!)
        const otherSize = otherCards.reduce((s, c) => s * c, 1)
        const arena = createArena(8 * (2 * size + 2 * otherSize) + 16 * cards.length + 64)
        expect(arena.kind).toBe('webassembly')
        const walk = walkOf(cards, stridesInto(cards.map((_, v) => v), other, cards))
        const inArena = arena.walk(walk)
        const values = Float64Array.from(entries)
        const factor = Float64Array.from({ length: otherSize }, (_, j) => j + 0.5)
        const a = arena.float64(size)
        a.set(values)
        const f = arena.float64(otherSize)
        f.set(factor)
        // Projection: the same sums in the same order, whether the arguments are in the arena or not.
        const expected = new Float64Array(otherSize)
        typedArrayKernels.projectSum(values, walk, expected)
        const got = arena.float64(otherSize).fill(7)
        arena.kernels.projectSum(a, inArena, got)
        expect(Array.from(got)).toEqual(Array.from(expected))
        const outside = new Float64Array(otherSize)
        arena.kernels.projectSum(a, inArena, outside)
        expect(Array.from(outside)).toEqual(Array.from(expected))
        // Multiplication, into another table and in place.
        const product = new Float64Array(size)
        typedArrayKernels.multiplyBy(values, walk, factor, product)
        const into = arena.float64(size)
        arena.kernels.multiplyBy(a, inArena, f, into)
        expect(Array.from(into)).toEqual(Array.from(product))
        arena.kernels.multiplyBy(a, inArena, f)
        expect(Array.from(a)).toEqual(Array.from(product))
      }),
      { numRuns: 200 },
    )
  })

  it('a tree on WebAssembly answers bit for bit like the same tree on typed arrays', () =>
    fc.assert(
      fc.property(
        arbitraryModel({ variables: { max: 7 } }).chain((model) => fc.tuple(fc.constant(model), arbitraryEvidence(model.cards).map((e) => e.states))),
        ([model, states]) => {
          const compiled = [true, false].map((webAssembly) => compileTables(model.cards, model.tables, { webAssembly }))
          const trees = compiled.map((t) => (E.isRight(t) ? t.right : undefined))
          if (trees[0] === undefined || trees[1] === undefined) throw new Error('compile failed')
          expect(trees.map((t) => t!.kernelKind)).toEqual(['webassembly', 'typed-array'])
          const [logA, logB] = trees.map((t) => propagate(t!, { states }))
          expect(logA).toBe(logB)
          if (logA === -Infinity) return
          model.cards.forEach((card, v) => {
            const [a, b] = trees.map((t) => {
              const out = new Float64Array(card)
              readMarginal(t!, v, out)
              return Array.from(out)
            })
            expect(a).toEqual(b)
          })
        },
      ),
      { numRuns: 200 },
    ))
})
