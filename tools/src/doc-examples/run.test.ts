import { describe, expect, it } from 'vitest'
import { checkExamples, formatReport } from './run.js'

describe('the documentation of the workspace', () => {
  it('runs: every fenced example and README block typechecks, runs and keeps its // => claims', () => {
    const report = checkExamples()
    console.log(formatReport(report))
    expect(report.failures.map((f) => f.message)).toEqual([])
    expect(report.strictUnfenced).toEqual([])
  }, 300_000)
})
