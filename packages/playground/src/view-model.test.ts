import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { bundledNetwork } from './bundled.fixtures.js'
import { noEvidence, setSoft, toggleHard, toggleIntervention } from './evidence.js'
import { independence } from './independence.js'
import { cutEdgesOf, edgeKey, highlightsOf, noHighlights, nodeView } from './view-model.js'

const base = { name: 'xray', states: ['yes', 'no'], evidence: noEvidence, mpeState: undefined, selected: false, highlights: noHighlights }

describe('nodeView', () => {
  it('prints each posterior as a percentage and a bar fraction', () => {
    const view = nodeView({ ...base, probabilities: [0.11029, 0.88971] })
    expect(view.rows.map((r) => [r.state, r.text, r.fraction, r.observed, r.mpe])).toEqual([
      ['yes', '11.03%', 0.11029, false, false],
      ['no', '88.97%', 0.88971, false, false],
    ])
    expect(view.classes).toEqual([])
  })

  it('shows placeholders before the first answer', () => {
    const view = nodeView({ ...base, probabilities: undefined })
    expect(view.rows.map((r) => [r.text, r.fraction])).toEqual([
      ['…', 0],
      ['…', 0],
    ])
  })

  it('marks hard evidence, soft evidence (scaled to a peak of 1), the MPE state and selection', () => {
    const hard = nodeView({ ...base, probabilities: [1, 0], evidence: toggleHard(noEvidence, 'xray', 'yes'), mpeState: 0, selected: true })
    expect(hard.classes).toEqual(['observed', 'selected'])
    expect(hard.rows.map((r) => [r.observed, r.mpe, r.likelihood])).toEqual([
      [true, true, undefined],
      [false, false, undefined],
    ])
    const soft = nodeView({ ...base, probabilities: [0.3, 0.7], evidence: setSoft(noEvidence, 'xray', [4, 1]) })
    expect(soft.classes).toEqual(['soft'])
    expect(soft.rows.map((r) => r.likelihood)).toEqual([1, 0.25])
  })

  it('with an intervention: the node is marked, the forced state too, and each row carries the observational probability beside the intervened one', () => {
    const done = nodeView({ ...base, probabilities: [1, 0], observational: [0.11, 0.89], evidence: toggleIntervention(noEvidence, 'xray', 'yes') })
    expect(done.classes).toEqual(['intervened'])
    expect(done.rows.map((r) => [r.text, r.forced, r.observational, r.observationalFraction])).toEqual([
      ['100.00%', true, 0.11, 0.11],
      ['0.00%', false, 0.89, 0.89],
    ])
    // Without interventions there is nothing beside the bar.
    expect(nodeView({ ...base, probabilities: [0.5, 0.5] }).rows.map((r) => r.observationalFraction)).toEqual([undefined, undefined])
  })

  it('the arcs cut are exactly those into intervened variables', () => {
    const asia = bundledNetwork('asia').dag
    const cut = cutEdgesOf(asia.nodes, asia.parentIds, new Map([['either', 'yes'], ['smoke', 'no']]))
    expect([...cut].sort()).toEqual([edgeKey('lung', 'either'), edgeKey('tub', 'either')].sort())
  })

  it('clamps bar fractions into [0, 1] (rounding can overshoot by an ulp)', () => {
    const view = nodeView({ ...base, probabilities: [1 + 2 ** -52, -0] })
    expect(view.rows.map((r) => r.fraction)).toEqual([1, 0])
  })
})

describe('highlightsOf', () => {
  const asia = bundledNetwork('asia').dag

  it('highlights the active trail, its edges, the pair and the conditioning set', () => {
    const query = { x: 'tub', y: 'smoke', given: ['dysp'] }
    const answer = independence(asia, query)
    if (E.isLeft(answer)) throw new Error('asia query failed')
    const h = highlightsOf({ query, answer: answer.right }, undefined)
    expect([...h.trail]).toEqual(['tub', 'either', 'lung', 'smoke'])
    expect([...h.trailEdges]).toEqual([edgeKey('tub', 'either'), edgeKey('lung', 'either'), edgeKey('smoke', 'lung')])
    expect(h.separated).toBe(false)
    const probabilities = [0.5, 0.5]
    const classesOf = (name: string) => nodeView({ ...base, name, probabilities, highlights: h }).classes
    expect(classesOf('tub')).toEqual(['on-trail', 'endpoint'])
    expect(classesOf('lung')).toEqual(['on-trail'])
    expect(classesOf('dysp')).toEqual(['given'])
    expect(classesOf('asia')).toEqual([])
  })

  it('highlights nothing on the graph but the pair when they are separated', () => {
    const query = { x: 'tub', y: 'smoke', given: [] }
    const h = highlightsOf({ query, answer: { separated: true } }, undefined)
    expect(h.trail.size + h.trailEdges.size).toBe(0)
    expect(h.separated).toBe(true)
    expect([...h.endpoints]).toEqual(['tub', 'smoke'])
  })

  it('highlights a Markov blanket around its node', () => {
    const h = highlightsOf(undefined, { node: 'lung', members: ['smoke', 'either', 'tub'] })
    expect(nodeView({ ...base, name: 'lung', probabilities: [0.5, 0.5], highlights: h }).classes).toEqual(['blanket-center'])
    expect(nodeView({ ...base, name: 'tub', probabilities: [0.5, 0.5], highlights: h }).classes).toEqual(['in-blanket'])
    expect(h.separated).toBeUndefined()
  })
})
