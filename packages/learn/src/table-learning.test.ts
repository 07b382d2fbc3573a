import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { dataSet, parseCsv, selectRows } from '@chainrule/data'
import { countFamily } from './counts.js'
import { defineNetwork, type BayesianNetwork } from '@chainrule/models'
import { countFamilies, estimateTables, learnTables, networkFromTables } from './table-learning.js'
import { learnTablesFromCsv } from './csv-learning.js'
import { learnTablesFromCsvFile } from './csv-file-learning.js'
import { describeError, type LearnError } from './errors.js'
import { checkEstimator, estimateTable, pseudoCount } from './dirichlet.js'
import { arbitraryNetwork, bruteCounts, leftOf, right, sampleData } from './table-learning.fixtures.js'

/** rain -> sprinkler, (sprinkler, rain) -> wet: the toy structure (tables irrelevant for learning). */
const toyStructure: BayesianNetwork = right(
  defineNetwork({
    states: { rain: ['no', 'yes'], sprinkler: ['off', 'on'], wet: ['no', 'yes'] },
    parents: { sprinkler: ['rain'], wet: ['sprinkler', 'rain'] },
    tables: { rain: [0.5, 0.5], sprinkler: [0.5, 0.5, 0.5, 0.5], wet: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5] },
  }),
)

// Eight rows, by hand:        rain  sprinkler  wet
const TOY_CSV = `rain,sprinkler,wet
no,off,no
no,off,no
no,on,yes
no,on,yes
no,on,no
yes,off,yes
yes,off,yes
yes,on,yes
`

describe('learnTables on a toy data set: tables equal hand-computed counts', () => {
  const data = right(parseCsv(TOY_CSV))

  it('counts', () => {
    const { counts, rows } = right(countFamilies(data, toyStructure))
    expect(rows).toBe(8)
    expect([...counts[0]!]).toEqual([5, 3]) // rain: 5 no, 3 yes
    expect([...counts[1]!]).toEqual([2, 3, 2, 1]) // sprinkler | rain=no: 2 off 3 on; | rain=yes: 2 off 1 on
    // wet | (sprinkler, rain): (off,no) 2 no 0 yes; (off,yes) 0, 2; (on,no) 1, 2; (on,yes) 0, 1
    expect([...counts[2]!]).toEqual([2, 0, 0, 2, 1, 2, 0, 1])
  })

  it('maximum likelihood', () => {
    const bn = right(learnTables(data, toyStructure))
    expect([...bn.cpts[0]!.values]).toEqual([5 / 8, 3 / 8])
    expect([...bn.cpts[1]!.values]).toEqual([2 / 5, 3 / 5, 2 / 3, 1 / 3])
    expect([...bn.cpts[2]!.values]).toEqual([1, 0, 0, 1, 1 / 3, 2 / 3, 0, 1])
  })

  it('Dirichlet alpha = 1 (Laplace)', () => {
    const bn = right(learnTables(data, toyStructure, { estimator: { kind: 'dirichlet', alpha: 1 } }))
    expect([...bn.cpts[0]!.values]).toEqual([6 / 10, 4 / 10])
    expect([...bn.cpts[2]!.values]).toEqual([3 / 4, 1 / 4, 1 / 4, 3 / 4, 2 / 5, 3 / 5, 1 / 3, 2 / 3])
  })

  it('BDeu: alpha_jk = ESS / (q r), by hand', () => {
    // ESS = 8: rain (q=1, r=2) alpha = 4; sprinkler (q=2) alpha = 2; wet (q=4) alpha = 1.
    expect(pseudoCount({ kind: 'bdeu', equivalentSampleSize: 8 }, 2, 1)).toBe(4)
    expect(pseudoCount({ kind: 'bdeu', equivalentSampleSize: 8 }, 2, 4)).toBe(1)
    const bn = right(learnTables(data, toyStructure, { estimator: { kind: 'bdeu', equivalentSampleSize: 8 } }))
    expect([...bn.cpts[0]!.values]).toEqual([9 / 16, 7 / 16])
    expect([...bn.cpts[1]!.values]).toEqual([4 / 9, 5 / 9, 4 / 7, 3 / 7])
    expect([...bn.cpts[2]!.values]).toEqual([3 / 4, 1 / 4, 1 / 4, 3 / 4, 2 / 5, 3 / 5, 1 / 3, 2 / 3])
  })

  it('columns in any order and states listed differently are matched by name', () => {
    const shuffled = right(parseCsv('wet,rain,sprinkler\n' + TOY_CSV.split('\n').slice(1).filter(Boolean).map((l) => {
      const [r, s, w] = l.split(',')
      return `${w},${r},${s}`
    }).reverse().join('\n')))
    expect(shuffled.states[0]).toEqual(['yes', 'no'])
    const a = right(learnTables(data, toyStructure))
    const b = right(learnTables(shuffled, toyStructure))
    a.cpts.forEach((f, v) => expect([...b.cpts[v]!.values]).toEqual([...f.values]))
  })

  it('learning from CSV text is parse + learn', () => {
    const bn = right(learnTablesFromCsv(TOY_CSV, toyStructure))
    expect([...bn.cpts[1]!.values]).toEqual([2 / 5, 3 / 5, 2 / 3, 1 / 3])
  })
})

describe('counting', () => {
  it('counts with a skip mask leave out exactly the masked rows', () =>
    fc.assert(
      fc.property(arbitraryNetwork({ maxVariables: 5, maxCard: 3, maxParents: 4 }), fc.integer({ min: 0, max: 100 }), fc.integer(), (bn, rows, seed) => {
        const data = sampleData(bn, rows, seed)
        const skip = Uint8Array.from({ length: rows }, (_, r) => (r * 7 + seed) % 3 === 0 ? 1 : 0)
        const kept = right(selectRows(data, [...skip.keys()].filter((r) => skip[r] === 0)))
        const brute = bruteCounts(bn, kept)
        const cards = bn.domain.variables.map((v) => v.states.length)
        bn.cpts.forEach((f, v) => {
          const out = new Float64Array(f.values.length)
          countFamily(data.columns, rows, bn.dag.parentIds[v]!, v, cards, out, new Int32Array(rows), skip)
          expect([...out]).toEqual([...brute[v]!])
        })
      }),
      { numRuns: 40 },
    ))

  it('equals a row-by-row count with the tables own strides (random networks)', () =>
    fc.assert(
      fc.property(arbitraryNetwork({ maxVariables: 7, maxCard: 3, maxParents: 5 }), fc.integer({ min: 0, max: 300 }), fc.integer(), (bn, rows, seed) => {
        const data = sampleData(bn, rows, seed)
        const { counts } = right(countFamilies(data, bn))
        const brute = bruteCounts(bn, data)
        counts.forEach((c, v) => expect([...c]).toEqual([...brute[v]!]))
      }),
      { numRuns: 60 },
    ))
})

describe('maximum likelihood recovers a known network', () => {
  it('every entry within 5 standard errors sqrt(theta (1 - theta) / N_j) of the truth', () =>
    fc.assert(
      fc.property(arbitraryNetwork({ maxVariables: 5, maxCard: 3 }), fc.integer(), (truth, seed) => {
        const data = sampleData(truth, 20_000, seed)
        const learned = right(learnTables(data, truth))
        const { counts } = right(countFamilies(data, truth))
        truth.cpts.forEach((f, v) => {
          const card = f.cards[f.cards.length - 1]!
          for (let j = 0; j < f.values.length / card; j++) {
            let nj = 0
            for (let k = 0; k < card; k++) nj += counts[v]![j * card + k]!
            if (nj < 30) continue
            for (let k = 0; k < card; k++) {
              const theta = f.values[j * card + k]!
              const se = Math.sqrt((theta * (1 - theta)) / nj)
              expect(Math.abs(learned.cpts[v]!.values[j * card + k]! - theta)).toBeLessThanOrEqual(5 * se)
            }
          }
        })
      }),
      { numRuns: 15 },
    ))
})

describe('empty parent rows under maximum likelihood', () => {
  const data = right(parseCsv('rain,sprinkler,wet\nno,off,no\nno,off,yes\n'))
  it('are uniform by default', () => {
    const bn = right(learnTables(data, toyStructure))
    expect([...bn.cpts[1]!.values]).toEqual([1, 0, 0.5, 0.5])
    expect([...bn.cpts[2]!.values]).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5])
  })
  it("are EmptyParentRow with emptyRows: 'error', naming the parent assignment", () => {
    const e = leftOf(learnTables(data, toyStructure, { estimator: { kind: 'maximumLikelihood', emptyRows: 'error' } }))
    expect(e).toEqual({ _tag: 'EmptyParentRow', variable: 'sprinkler', parents: { rain: 'yes' } })
    expect(describeError(e)).toContain('rain=yes')
    const wet = leftOf(estimateTables(toyStructure, [Float64Array.of(1, 0), Float64Array.of(1, 0, 1, 0), Float64Array.of(1, 0, 1, 0, 1, 0, 0, 0)], { kind: 'maximumLikelihood', emptyRows: 'error' }))
    expect(wet).toEqual({ _tag: 'EmptyParentRow', variable: 'wet', parents: { sprinkler: 'on', rain: 'yes' } })
  })
})

describe('errors: every tag of table learning', () => {
  const data = right(parseCsv(TOY_CSV))
  const expectTag = (e: LearnError, tag: string): void => {
    expect(e._tag).toBe(tag)
    expect(describeError(e).length).toBeGreaterThan(10)
  }
  it('MissingCells names the variable and row', () => {
    const withGap = right(parseCsv('rain,sprinkler,wet\nno,off,no\nyes,?,no\n'))
    const e = leftOf(learnTables(withGap, toyStructure))
    expect(e).toEqual({ _tag: 'MissingCells', variable: 'sprinkler', row: 1 })
    expectTag(e, 'MissingCells')
  })
  it('DataError carries CSV line and column', () => {
    const e = leftOf(learnTablesFromCsv('rain,sprinkler,wet\nno,off,no\nyes,of,no\n', toyStructure))
    expect(e).toMatchObject({ _tag: 'Data', error: { _tag: 'CsvUnknownState', line: 3, column: 2, variable: 'sprinkler', state: 'of' } })
    expect(describeError(e)).toBe('line 3, column 2 ("sprinkler"): unknown state "of", expected one of "off", "on"')
    const ragged = leftOf(learnTablesFromCsv('rain,sprinkler,wet\nno,off\n', toyStructure))
    expect(ragged).toMatchObject({ _tag: 'Data', error: { _tag: 'CsvRaggedRow', line: 2 } })
    const missingColumn = right(dataSet({ variables: ['rain'], states: [['no', 'yes']], columns: [Uint8Array.of(0)] }))
    expect(leftOf(learnTables(missingColumn, toyStructure))).toEqual({ _tag: 'Data', error: { _tag: 'MissingVariable', variable: 'sprinkler' } })
    expect(leftOf(learnTablesFromCsvFile('/nonexistent/x.csv', toyStructure))).toMatchObject({ _tag: 'Data', error: { _tag: 'FileUnreadable' } })
  })
  it('InvalidOption for estimator numbers and limits', () => {
    for (const estimator of [
      { kind: 'dirichlet', alpha: 0 },
      { kind: 'dirichlet', alpha: Number.NaN },
      { kind: 'bdeu', equivalentSampleSize: -1 },
      { kind: 'maximumLikelihood', emptyRows: 'skip' },
      { kind: 'laplace' },
    ] as const) {
      const e = leftOf(learnTables(data, toyStructure, { estimator: estimator as never }))
      expectTag(e, 'InvalidOption')
    }
    expect(checkEstimator({ kind: 'bdeu', equivalentSampleSize: 1 })._tag).toBe('Right')
    expectTag(leftOf(learnTables(data, toyStructure, { maxTableEntries: 0 })), 'InvalidOption')
  })
  it('TableTooLarge', () => {
    expect(leftOf(learnTables(data, toyStructure, { maxTableEntries: 4 }))).toEqual({ _tag: 'TableTooLarge', variable: 'wet', entries: 8, limit: 4 })
  })
  it('Network when models refuses the tables', () => {
    const e = leftOf(networkFromTables(toyStructure, [Float64Array.of(2, -1), Float64Array.of(1, 0, 1, 0), new Float64Array(8).fill(0.5)]))
    expectTag(e, 'Network')
  })
  it('estimateTable on its own', () => {
    const out = new Float64Array(4)
    expect(estimateTable(Float64Array.of(3, 1, 0, 0), 2, { kind: 'maximumLikelihood' }, out)).toBe(-1)
    expect([...out]).toEqual([0.75, 0.25, 0.5, 0.5])
  })
})
