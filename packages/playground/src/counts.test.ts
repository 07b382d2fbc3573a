import { compile } from '@chainrule/infer'
import { networkFromSpec } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { bundledNetwork } from './bundled.fixtures.js'
import { parameterCounts, treeSize } from './counts.js'
import { arbitraryModel, networkSpecOf } from '@chainrule/testing'

describe('parameterCounts', () => {
  it('asia: 18 parameters against 255 for the full joint and 8 for independence', () => {
    expect(parameterCounts(bundledNetwork('asia'))).toEqual({
      variables: 8,
      edges: 8,
      network: 18n,
      tableEntries: 36n,
      fullJoint: 255n,
      independent: 8n,
      chainRule: 255n,
    })
  })

  it('alarm: 509 parameters, and a full joint far past 2^53, counted exactly', () => {
    const alarm = bundledNetwork('alarm')
    const counts = parameterCounts(alarm)
    expect(counts.network).toBe(509n)
    const cards = alarm.domain.variables.map((v) => BigInt(v.states.length))
    expect(counts.fullJoint).toBe(cards.reduce((a, c) => a * c, 1n) - 1n)
    expect(counts.fullJoint > 2n ** 53n).toBe(true)
  })

  it('random networks: counted family by family; the chain rule telescopes to the full joint', () =>
    fc.assert(
      fc.property(arbitraryModel({ variables: { max: 7 } }).map((m) => networkSpecOf(m)), (spec) => {
        const built = networkFromSpec(spec)
        if (E.isLeft(built)) throw new Error('generated an invalid network')
        const counts = parameterCounts(built.right.network)
        const card = new Map(spec.variables.map((v) => [v.name, BigInt(v.states.length)]))
        const family = spec.variables.map((v) => v.parents.reduce((rows, p) => rows * card.get(p)!, 1n))
        expect(counts.network).toBe(spec.variables.reduce((s, v, i) => s + (BigInt(v.states.length) - 1n) * family[i]!, 0n))
        expect(counts.tableEntries).toBe(spec.variables.reduce((s, v, i) => s + BigInt(v.states.length) * family[i]!, 0n))
        expect(counts.independent).toBe(spec.variables.reduce((s, v) => s + BigInt(v.states.length) - 1n, 0n))
        expect(counts.chainRule).toBe(counts.fullJoint)
        expect(counts.fullJoint).toBe([...card.values()].reduce((a, c) => a * c, 1n) - 1n)
        expect(counts.edges).toBe(spec.variables.reduce((s, v) => s + v.parents.length, 0))
      }),
      { numRuns: 100 },
    ))
})

describe('treeSize', () => {
  it("names the compiled tree's largest clique", () => {
    const asia = bundledNetwork('asia')
    const engine = compile(asia)
    if (E.isLeft(engine)) throw new Error('asia does not compile')
    const size = treeSize(engine.right.plan, asia.dag.nodes)
    expect(size.largestEntries).toBe(8)
    expect(size.largestClique).toHaveLength(3)
    expect(size.largestClique.every((name) => asia.dag.nodes.includes(name))).toBe(true)
    expect(size.clusters).toBe(engine.right.plan.clusters)
    expect(treeSize({ ...engine.right.plan, largestCluster: { variables: [99], entries: 2 } }, asia.dag.nodes).largestClique).toEqual(['#99'])
  })
})
