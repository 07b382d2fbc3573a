import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bundledNetwork } from './bundled.fixtures.js'
import { layoutNetwork, nodeHeight, NODE_WIDTH, type GraphLayout, type LayoutInput } from './layout.js'

const inputOf = (id: string): LayoutInput => {
  const bn = bundledNetwork(id)
  return { nodes: bn.dag.nodes, parentIds: bn.dag.parentIds, stateCounts: bn.domain.variables.map((v) => v.states.length) }
}

/** Random DAGs: each node's parents among earlier nodes. */
const arbInput: fc.Arbitrary<LayoutInput> = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc
    .tuple(
      fc.tuple(...Array.from({ length: n }, (_, v) => fc.subarray(Array.from({ length: v }, (_, u) => u), { maxLength: Math.min(3, v) }))),
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: n, maxLength: n }),
    )
    .map(([parentIds, stateCounts]) => ({ nodes: parentIds.map((_, v) => `n${v}`), parentIds, stateCounts })),
)

/** The point lies on the box's outline (within a pixel). */
const onBorder = (p: { x: number; y: number }, b: { x: number; y: number; width: number; height: number }): boolean => {
  const inside = p.x >= b.x - 1 && p.x <= b.x + b.width + 1 && p.y >= b.y - 1 && p.y <= b.y + b.height + 1
  const distance = Math.min(Math.abs(p.x - b.x), Math.abs(p.x - b.x - b.width), Math.abs(p.y - b.y), Math.abs(p.y - b.y - b.height))
  return inside && distance < 1
}

const checkDrawing = (input: LayoutInput, drawing: GraphLayout): void => {
  const { nodes } = drawing
  expect(nodes.map((b) => b.name)).toEqual(input.nodes)
  nodes.forEach((box, i) => {
    expect(box.width).toBe(NODE_WIDTH)
    expect(box.height).toBe(nodeHeight(input.stateCounts[i]!))
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(drawing.width + 1e-9)
    expect(box.y + box.height).toBeLessThanOrEqual(drawing.height + 1e-9)
  })
  // No two boxes overlap.
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i]!
      const b = nodes[j]!
      const apart = a.x + a.width <= b.x + 1e-6 || b.x + b.width <= a.x + 1e-6 || a.y + a.height <= b.y + 1e-6 || b.y + b.height <= a.y + 1e-6
      expect(apart, `${a.name} overlaps ${b.name}`).toBe(true)
    }
  // Direction: every child's box lies entirely below its parents' boxes, and every edge runs from one to the other.
  expect(drawing.edges).toHaveLength(input.parentIds.reduce((s, ps) => s + ps.length, 0))
  for (const edge of drawing.edges) {
    const parent = nodes[input.nodes.indexOf(edge.from)]!
    const child = nodes[input.nodes.indexOf(edge.to)]!
    expect(input.parentIds[input.nodes.indexOf(edge.to)]).toContain(input.nodes.indexOf(edge.from))
    expect(child.y).toBeGreaterThan(parent.y + parent.height)
    const first = edge.points[0]!
    const last = edge.points[edge.points.length - 1]!
    expect(onBorder(first, parent), `${edge.from} -> ${edge.to} starts on ${edge.from}`).toBe(true)
    expect(onBorder(last, child), `${edge.from} -> ${edge.to} ends on ${edge.to}`).toBe(true)
    for (let k = 1; k < edge.points.length; k++) expect(edge.points[k]!.y).toBeGreaterThanOrEqual(edge.points[k - 1]!.y - 1e-6)
  }
}

describe('layoutNetwork', () => {
  it('draws asia with parents above children and no overlaps', () => {
    const input = inputOf('asia')
    checkDrawing(input, layoutNetwork(input))
  })

  it('draws alarm and win95pts the same way', () => {
    for (const id of ['alarm', 'win95pts']) {
      const input = inputOf(id)
      checkDrawing(input, layoutNetwork(input))
    }
  })

  it('draws random DAGs with every arrow pointing down', () =>
    fc.assert(
      fc.property(arbInput, (input) => checkDrawing(input, layoutNetwork(input))),
      { numRuns: 60 },
    ))

  it('is deterministic', () => {
    const input = inputOf('child')
    expect(layoutNetwork(input)).toEqual(layoutNetwork(input))
  })
})
