import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  cardOf,
  checkEvidence,
  describeAssignment,
  describeEvidence,
  domain,
  evidenceByName,
  labelOf,
  stateLabelOf,
  stateOf,
  varOf,
} from './domain.js'
import type { VarId } from './factor.js'

const tag = <T>(e: E.Either<{ _tag: string }, T>): string => (E.isLeft(e) ? e.left._tag : 'Right')
const d = domain([
  { name: 'Rain', states: ['no', 'yes'] },
  { name: 'Wet', states: ['dry', 'damp', 'soaked'] },
])

describe('domain', () => {
  it('gives dense ids in declaration order and looks names up', () => {
    expect(E.isRight(d)).toBe(true)
    if (E.isLeft(d)) return
    const dom = d.right
    expect(dom.ids).toEqual([0, 1])
    expect(varOf(dom, 'Wet')).toEqual(E.right(1))
    expect(stateOf(dom, 1 as VarId, 'soaked')).toEqual(E.right(2))
    expect(cardOf(dom, 1 as VarId)).toBe(3)
    expect(cardOf(dom, 7 as VarId)).toBeUndefined()
    expect(labelOf(dom, 0 as VarId)).toBe('Rain')
    expect(labelOf(undefined, 0 as VarId)).toBe('#0')
    expect(stateLabelOf(dom, 1 as VarId, 1)).toBe('damp')
    expect(describeAssignment(dom, [1 as VarId, 0 as VarId], [2, 1])).toBe('Wet=soaked, Rain=yes')
    expect(describeEvidence(dom, new Map([[0 as VarId, 0]]))).toEqual(['Rain=no'])
  })
  it('rejects empty and duplicate names, duplicate states, variables without states', () => {
    expect(tag(domain([{ name: '', states: ['a'] }]))).toBe('EmptyName')
    expect(tag(domain([{ name: 'A', states: ['a', ''] }]))).toBe('EmptyName')
    expect(tag(domain([{ name: 'A', states: ['a'] }, { name: 'A', states: ['b'] }]))).toBe('DuplicateName')
    expect(tag(domain([{ name: 'A', states: ['a', 'a'] }]))).toBe('DuplicateState')
    expect(tag(domain([{ name: 'A', states: [] }]))).toBe('NoStates')
  })
  it('turns names into evidence, and rejects unknown variables and states', () => {
    if (E.isLeft(d)) return expect.unreachable()
    expect(evidenceByName(d.right, { Wet: 'damp' })).toEqual(E.right(new Map([[1, 1]])))
    expect(tag(evidenceByName(d.right, { Snow: 'yes' }))).toBe('UnknownVariable')
    expect(tag(evidenceByName(d.right, { Wet: 'frozen' }))).toBe('UnknownState')
    expect(tag(stateOf(d.right, 9 as VarId, 'x'))).toBe('UnknownVariable')
    expect(tag(checkEvidence(d.right, new Map([[1 as VarId, 2]])))).toBe('Right')
    expect(tag(checkEvidence(d.right, new Map([[1 as VarId, 3]])))).toBe('UnknownState')
    expect(tag(checkEvidence(d.right, new Map([[5 as VarId, 0]])))).toBe('UnknownVariable')
  })
})
