import { describe, expect, it } from 'vitest'
import { describeError, type GraphError } from './errors.js'

describe('describeError', () => {
  it('renders every tag as one line naming the facts', () => {
    const cases: [GraphError, string][] = [
      [{ _tag: 'Cycle', nodes: ['a', 'b', 'c'] }, 'cycle: a -> b -> c -> a'],
      [{ _tag: 'SelfLoop', node: 'a' }, 'self-loop: a -> a'],
      [{ _tag: 'UnknownNode', node: 'q' }, 'unknown node: "q"'],
      [{ _tag: 'DuplicateNode', node: 'a' }, 'duplicate node: "a"'],
      [{ _tag: 'DuplicateEdge', from: 'a', to: 'b' }, 'duplicate edge: a -> b'],
      [{ _tag: 'EdgeNotFound', from: 'a', to: 'b' }, 'no edge a -> b'],
      [{ _tag: 'EmptyName', where: 'node 3' }, 'empty node name at node 3'],
      [{ _tag: 'InvalidMarkovOrder', k: -1 }, 'Markov order must be a non-negative integer, got -1'],
    ]
    for (const [e, line] of cases) {
      expect(describeError(e)).toBe(line)
      expect(describeError(e)).not.toContain('\n')
    }
  })
})
