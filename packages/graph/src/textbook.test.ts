/**
 * Known answers on textbook networks, written from the textbooks, not from this code:
 * asia (Lauritzen & Spiegelhalter 1988), student (Koller & Friedman Fig. 3.4),
 * sprinkler (Pearl; Russell & Norvig).
 */
import * as O from 'fp-ts/lib/Option.js'
import { describe, expect, it } from 'vitest'
import { activeTrail } from './active-trail.js'
import { dSeparated } from './d-separation.js'
import { reverseEdge } from './edit.js'
import { immoralities, isIEquivalent } from './immoralities.js'
import { describeIndependence, localIndependencies } from './local-independencies.js'
import { markovBlanket } from './markov-blanket.js'
import { moralGraph } from './moral-graph.js'
import { ancestors, descendants, roots, leaves, topologicalOrder } from './queries.js'
import { asia, ok, sprinkler, student } from './dags.fixtures.js'

type Question = readonly [x: string[], y: string[], z: string[], separated: boolean]

const check = (dag: ReturnType<typeof asia>, questions: readonly Question[]) => {
  for (const [x, y, z, separated] of questions) {
    expect({ x, y, z, separated: ok(dSeparated(dag, x, y, z)) }).toEqual({ x, y, z, separated })
  }
}

describe('asia', () => {
  const dag = asia()
  it('d-separation answers', () =>
    check(dag, [
      [['tub'], ['smoke'], [], true],
      [['tub'], ['smoke'], ['dysp'], false], // dysp is a descendant of the collider either
      [['tub'], ['smoke'], ['xray'], false],
      [['tub'], ['smoke'], ['either'], false],
      [['asia'], ['smoke'], [], true],
      [['asia'], ['lung'], ['xray'], false],
      [['xray'], ['dysp'], ['either'], true],
      [['xray'], ['dysp'], [], false],
      [['xray'], ['asia'], ['tub'], true],
      [['bronc'], ['lung'], ['smoke'], true],
      [['bronc'], ['lung'], ['smoke', 'dysp'], false],
      [['bronc'], ['lung'], [], false], // common cause smoke
      [['bronc'], ['xray'], ['smoke'], true],
      [['bronc'], ['xray'], ['smoke', 'either'], true],
      [['dysp'], ['asia', 'smoke'], ['either', 'bronc'], true],
    ]))

  it('witness trails', () => {
    expect(ok(activeTrail(dag, 'tub', 'smoke', ['dysp']))).toEqual(O.some(['tub', 'either', 'lung', 'smoke']))
    expect(ok(activeTrail(dag, 'asia', 'xray', []))).toEqual(O.some(['asia', 'tub', 'either', 'xray']))
    expect(ok(activeTrail(dag, 'tub', 'smoke', []))).toEqual(O.none)
  })

  it('blankets, immoralities, roots, leaves', () => {
    expect(ok(markovBlanket(dag, 'lung'))).toEqual(['tub', 'smoke', 'either'])
    expect(ok(markovBlanket(dag, 'either'))).toEqual(['tub', 'lung', 'bronc', 'xray', 'dysp'])
    expect(immoralities(dag)).toEqual([
      { parents: ['tub', 'lung'], child: 'either' },
      { parents: ['bronc', 'either'], child: 'dysp' },
    ])
    expect(roots(dag)).toEqual(['asia', 'smoke'])
    expect(leaves(dag)).toEqual(['xray', 'dysp'])
    expect(ok(ancestors(dag, 'either'))).toEqual(['asia', 'tub', 'smoke', 'lung'])
    expect(ok(descendants(dag, 'smoke'))).toEqual(['lung', 'bronc', 'either', 'xray', 'dysp'])
    expect(topologicalOrder(dag)).toEqual(['asia', 'tub', 'smoke', 'lung', 'bronc', 'either', 'xray', 'dysp'])
  })

  it('moral graph marries tub-lung and bronc-either', () => {
    const m = moralGraph(dag)
    expect(m.edges).toHaveLength(8 + 2)
    expect(m.edges).toContainEqual(['tub', 'lung'])
    expect(m.edges).toContainEqual(['bronc', 'either'])
  })
})

describe('student', () => {
  const dag = student()
  it('d-separation answers (Koller & Friedman ch. 3)', () =>
    check(dag, [
      [['difficulty'], ['intelligence'], [], true],
      [['difficulty'], ['intelligence'], ['grade'], false],
      [['difficulty'], ['intelligence'], ['letter'], false],
      [['difficulty'], ['sat'], [], true],
      [['difficulty'], ['sat'], ['grade'], false],
      [['difficulty'], ['sat'], ['grade', 'intelligence'], true],
      [['letter'], ['sat'], [], false],
      [['letter'], ['sat'], ['intelligence'], true],
      [['letter'], ['sat'], ['grade'], true],
      [['letter'], ['intelligence', 'difficulty', 'sat'], ['grade'], true],
    ]))

  it('local independencies are the ones listed in Koller & Friedman (3.1)', () => {
    expect(localIndependencies(dag).map(describeIndependence)).toEqual([
      'difficulty ⟂ intelligence, sat',
      'grade ⟂ sat | difficulty, intelligence',
      'intelligence ⟂ difficulty',
      'sat ⟂ difficulty, grade, letter | intelligence',
      'letter ⟂ difficulty, intelligence, sat | grade',
    ])
  })

  it('Markov blanket of intelligence', () => expect(ok(markovBlanket(dag, 'intelligence'))).toEqual(['difficulty', 'grade', 'sat']))
})

describe('sprinkler', () => {
  const dag = sprinkler()
  it('d-separation answers', () =>
    check(dag, [
      [['sprinkler'], ['rain'], ['cloudy'], true],
      [['sprinkler'], ['rain'], [], false],
      [['sprinkler'], ['rain'], ['cloudy', 'wet'], false], // explaining away
      [['cloudy'], ['wet'], ['sprinkler', 'rain'], true],
      [['cloudy'], ['wet'], ['sprinkler'], false],
    ]))

  it('reversing the covered edge cloudy -> sprinkler is I-equivalent; reversing sprinkler -> wet is not', () => {
    expect(isIEquivalent(dag, ok(reverseEdge(dag, 'cloudy', 'sprinkler')))).toBe(true)
    expect(isIEquivalent(dag, ok(reverseEdge(dag, 'sprinkler', 'wet')))).toBe(false)
  })
})
