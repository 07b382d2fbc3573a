import { createRng, networkFromSpec, type VariableSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { defineDynamicNetwork } from './define-dynamic.js'
import { unrolledAnswer } from './dynamic.fixtures.js'
import { fromTwoSlice, sliceStructure } from './dynamic-network.js'
import { describeError } from './errors.js'
import { observations } from './observations.js'
import { sampleTrajectory } from './sample.js'
import { unroll } from './unroll.js'

const twoSlice = (variables: VariableSpec[]) => {
  const built = networkFromSpec({ variables })
  if (E.isLeft(built)) throw new Error(built.left.map((e) => e._tag).join(', '))
  return built.right.network
}

const v = (name: string, parents: string[] = [], states = ['a', 'b']): VariableSpec => ({
  name,
  states,
  parents,
  table: Array.from({ length: 2 ** parents.length }, () => states.map(() => 1 / states.length)).flat(),
})

const umbrellaWorld = () =>
  defineDynamicNetwork({
    states: { rain: ['no', 'yes'], umbrella: ['no', 'yes'] },
    initial: { parents: { umbrella: ['rain'] }, tables: { rain: [0.5, 0.5], umbrella: { no: [0.8, 0.2], yes: [0.1, 0.9] } } },
    transition: {
      parents: { rain: ['rain[t-1]'], umbrella: ['rain'] },
      tables: { rain: (p) => (p['rain[t-1]'] === 'yes' ? [0.3, 0.7] : [0.7, 0.3]), umbrella: { no: [0.8, 0.2], yes: [0.1, 0.9] } },
    },
  })

describe('a 2TBN in pyAgrum naming', () => {
  it('reads X0 / Xt names into base variables, slice ids and the forward interface', () => {
    const net = twoSlice([v('a0'), v('b0', ['a0']), v('c0'), v('at', ['a0']), v('bt', ['at', 'c0']), v('ct')])
    const dbn = fromTwoSlice(net)
    if (E.isLeft(dbn)) throw new Error(dbn.left._tag)
    expect(dbn.right.slice.variables.map((x) => x.name)).toEqual(['a', 'b', 'c'])
    expect(dbn.right.initialIds).toEqual([0, 1, 2])
    expect(dbn.right.transitionIds).toEqual([3, 4, 5])
    const structure = sliceStructure(dbn.right)
    // a and c have children in the next slice; b does not.
    expect(structure.interface).toEqual([0, 2])
    expect(structure.transitionParents[1]).toEqual([
      { base: 0, previous: false },
      { base: 2, previous: true },
    ])
  })

  it('refuses names in no slice, a missing slice, different states and arcs from slice t into slice 0', () => {
    const cases: [VariableSpec[], string][] = [
      [[v('a0'), v('at'), v('weather')], 'NotInASlice'],
      [[v('a0'), v('at'), v('b0')], 'MissingSlice'],
      [[v('a0'), v('at', [], ['x', 'y'])], 'StatesDiffer'],
      [[v('at'), v('a0', ['bt']), v('b0'), v('bt')], 'ArcIntoInitialSlice'],
    ]
    for (const [variables, tag] of cases) {
      const dbn = fromTwoSlice(twoSlice(variables))
      expect(E.isLeft(dbn) && dbn.left._tag).toBe(tag)
      if (E.isLeft(dbn)) expect(describeError(dbn.left)).not.toContain('undefined')
    }
  })
})

describe('defineDynamicNetwork', () => {
  it('assembles the 2TBN in pyAgrum naming with the declared tables', () => {
    const dbn = umbrellaWorld()
    if (E.isLeft(dbn)) throw new Error(dbn.left._tag)
    const net = dbn.right.twoSlice
    expect(net.dag.nodes).toEqual(['rain0', 'umbrella0', 'raint', 'umbrellat'])
    expect(net.dag.parentIds[2]!.map((p) => net.dag.nodes[p])).toEqual(['rain0'])
    expect(Array.from(net.cpts[2]!.values)).toEqual([0.7, 0.3, 0.3, 0.7])
    expect(Array.from(net.cpts[3]!.values)).toEqual([0.8, 0.2, 0.1, 0.9])
  })

  it('reports problems of each part in the names of the declaration', () => {
    const badInitial = defineDynamicNetwork({
      states: { x: ['a', 'b'] },
      initial: { tables: { x: [0.5, 0.6] } },
      transition: { tables: { x: [0.5, 0.5] } },
    })
    expect(badInitial).toEqual(E.left(expect.objectContaining({ _tag: 'Network', part: 'initial' })))
    const badTransition = defineDynamicNetwork({
      states: { x: ['a', 'b'] },
      initial: { tables: { x: [0.5, 0.5] } },
      transition: { parents: { x: ['x[t-1]'] }, tables: { x: [0.5, 0.5] } },
    })
    expect(E.isLeft(badTransition) && badTransition.left._tag === 'Network' && badTransition.left.part).toBe('transition')
    if (E.isLeft(badTransition)) expect(describeError(badTransition.left)).toContain('x')
    const badName = defineDynamicNetwork({
      states: { 'x[t-1]': ['a', 'b'] },
      initial: { tables: { 'x[t-1]': [0.5, 0.5] } },
      transition: { tables: { 'x[t-1]': [0.5, 0.5] } },
    })
    expect(E.isLeft(badName) && badName.left._tag).toBe('InvalidName')
  })

  it('types the names: a transition parent that is no variable does not compile', () => {
    const typo = () =>
      defineDynamicNetwork({
        states: { x: ['a', 'b'] },
        initial: { tables: { x: [0.5, 0.5] } },
        // @ts-expect-error 'y[t-1]' names no variable
        transition: { parents: { x: ['y[t-1]'] }, tables: { x: [[0.5, 0.5], [0.5, 0.5]] } },
      })
    expect(E.isLeft(typo())).toBe(true)
  })
})

describe('unrolling', () => {
  it("names slice t's copy of X as X{t} with the transition's parents pointing at slices t-1 and t", () => {
    const dbn = umbrellaWorld()
    if (E.isLeft(dbn)) throw new Error('define')
    const three = unroll(dbn.right, 3)
    if (E.isLeft(three)) throw new Error('unroll')
    const { dag } = three.right
    expect(dag.nodes).toEqual(['rain0', 'umbrella0', 'rain1', 'umbrella1', 'rain2', 'umbrella2'])
    expect(dag.parentIds[4]!.map((p) => dag.nodes[p])).toEqual(['rain1'])
    expect(dag.parentIds[5]!.map((p) => dag.nodes[p])).toEqual(['rain2'])
  })

  it('refuses names two slices would share, and a slice count below 1', () => {
    const net = twoSlice([v('a0'), v('at'), v('a10'), v('a1t')])
    const dbn = fromTwoSlice(net)
    if (E.isLeft(dbn)) throw new Error('read')
    expect(unroll(dbn.right, 5)).toEqual(E.right(expect.anything()))
    expect(unroll(dbn.right, 10)).toEqual(E.right(expect.anything()))
    expect(unroll(dbn.right, 11)).toEqual(E.left({ _tag: 'NameClash', name: 'a10' }))
    expect(E.isLeft(unroll(dbn.right, 0))).toBe(true)
  })
})

describe('observations by name', () => {
  it('are dense rows by base id; unknown names and states name the slice', () => {
    const dbn = umbrellaWorld()
    if (E.isLeft(dbn)) throw new Error('define')
    expect(observations(dbn.right, [{ umbrella: 'yes' }, { rain: 'no' }])).toEqual(E.right({ slices: 2, states: Int32Array.of(-1, 1, 0, -1) }))
    // @ts-expect-error an unknown variable
    expect(observations(dbn.right, [{}, { snow: 'yes' }])).toEqual(E.left({ _tag: 'UnknownVariable', slice: 1, variable: 'snow' }))
    // @ts-expect-error an unknown state
    expect(observations(dbn.right, [{ rain: 'maybe' }])).toEqual(E.left({ _tag: 'UnknownState', slice: 0, variable: 'rain', state: 'maybe', states: ['no', 'yes'] }))
  })
})

describe('sampling trajectories', () => {
  it('is seeded: the same seed draws the same trajectory', () => {
    const dbn = umbrellaWorld()
    if (E.isLeft(dbn)) throw new Error('define')
    const a = sampleTrajectory(dbn.right, 50, createRng(11))
    const b = sampleTrajectory(dbn.right, 50, createRng(11))
    const c = sampleTrajectory(dbn.right, 50, createRng(12))
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
  })

  it("each slice's frequencies over 20,000 trajectories agree with the exact prior marginals (4.5 standard errors)", () => {
    const dbn = umbrellaWorld()
    if (E.isLeft(dbn)) throw new Error('define')
    const T = 4
    const runs = 20_000
    const counts = new Float64Array(T * 2)
    const rng = createRng(5)
    for (let r = 0; r < runs; r++) {
      const drawn = sampleTrajectory(dbn.right, T, rng)
      if (E.isLeft(drawn)) throw new Error('sample')
      for (let t = 0; t < T; t++) counts[t * 2 + drawn.right.states[t * 2]!]! += 1
    }
    const exact = unrolledAnswer(dbn.right, T, {})!
    for (let t = 0; t < T; t++) {
      const p = exact.slices[t]![0]![1]!
      expect(Math.abs(counts[t * 2 + 1]! / runs - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / runs))
    }
    expect(E.isLeft(sampleTrajectory(dbn.right, -1, rng))).toBe(true)
  })
})
