/**
 * Every network of the Bayesian network repository in `../shared/networks`
 * (relative to the repository root) parses, and its size matches the table in
 * `../shared/README.md`: variables, arcs (sum of parent counts), free
 * parameters (sum of (states - 1) x product of parent states) and the largest
 * state count. Each conditional row must sum to 1 within the files' printed
 * rounding (0.999..1.001), which also checks the row layout of the reader: a
 * transposed table would not sum by rows.
 *
 * The folder belongs to the development layout, not to the repository. When
 * it is absent (a fresh clone, a packaged copy), no network test is created
 * and a single test states why; that test fails only when the environment
 * says the networks are required (`CI_NETWORKS_OPTIONAL=0`), so CI on the
 * development machine can insist on them. This is not a skip: every test
 * that is registered runs and asserts.
 */
import { describeError, isMarkovSpec } from '@chainrule/io'
import { readNetworkFile } from '@chainrule/io/node'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const shared = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared')
const networksDir = join(shared, 'networks')

interface Expected {
  readonly variables: number
  readonly arcs: number
  readonly parameters: number
  readonly maxStates: number
}

/** The README's markdown table: | network | variables | arcs | free parameters | max states | */
const readmeTable = (): Map<string, Expected> => {
  const rows = new Map<string, Expected>()
  // Only the table whose header starts `| network | variables |`: the README has other tables.
  let inTable = false
  for (const line of readFileSync(join(shared, 'README.md'), 'utf8').split('\n')) {
    if (/^\|\s*network\s*\|\s*variables\s*\|/.test(line)) inTable = true
    else if (!line.startsWith('|')) inTable = false
    if (!inTable) continue
    const cells = line.split('|').map((c) => c.trim())
    const [name, variables, arcs, parameters, maxStates] = cells.slice(1, 6)
    if (name === undefined || maxStates === undefined || !/^\d/.test(variables ?? '')) continue
    const num = (s: string | undefined): number => Number((s ?? '').replace(/,/g, ''))
    rows.set(name, { variables: num(variables), arcs: num(arcs), parameters: num(parameters), maxStates: num(maxStates) })
  }
  return rows
}

if (existsSync(networksDir)) {
  const files = readdirSync(networksDir).filter((f) => f.endsWith('.bif.gz')).sort()
  const expected = readmeTable()

  describe('the shared repository networks', () => {
    it('are the 24 networks of the README table, one file each', () => {
      expect(files.length).toBe(24)
      expect(files.map((f) => f.replace('.bif.gz', ''))).toEqual([...expected.keys()].sort())
    })

    for (const file of files) {
      const name = file.replace('.bif.gz', '')
      it(`${name} parses with the README's size and rows summing to 1 within rounding`, () => {
        const read = readNetworkFile(join(networksDir, file))
        if (E.isLeft(read)) expect.fail(describeError(read.left))
        if (E.isRight(read) && isMarkovSpec(read.right)) expect.fail(`${file} reads as a Markov network`)
        const spec = E.isRight(read) && !isMarkovSpec(read.right) ? read.right : { variables: [] }
        const cards = new Map(spec.variables.map((v) => [v.name, v.states.length]))
        let arcs = 0
        let parameters = 0
        let maxStates = 0
        let worstRow = 0
        for (const v of spec.variables) {
          const rows = v.parents.reduce((n, p) => n * cards.get(p)!, 1)
          arcs += v.parents.length
          parameters += (v.states.length - 1) * rows
          maxStates = Math.max(maxStates, v.states.length)
          const card = v.states.length
          const table = v.table as ArrayLike<number> // BIF holds full tables only
          for (let r = 0; r < rows; r++) {
            let sum = 0
            for (let k = 0; k < card; k++) sum += table[r * card + k]!
            worstRow = Math.max(worstRow, Math.abs(sum - 1))
          }
        }
        expect({ variables: spec.variables.length, arcs, parameters, maxStates }).toEqual(expected.get(name))
        expect(worstRow).toBeLessThanOrEqual(0.001 + 1e-9)
      })
    }
  })
} else {
  describe('the shared repository networks', () => {
    it('are absent here, which is allowed unless CI_NETWORKS_OPTIONAL=0', () => {
      expect(process.env['CI_NETWORKS_OPTIONAL']).not.toBe('0')
    })
  })
}
