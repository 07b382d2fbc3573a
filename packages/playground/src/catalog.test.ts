import { existsSync, readdirSync } from 'node:fs'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { bundledText } from './bundled.fixtures.js'
import { CATALOG, catalogEntry, SPRINKLER_BIF } from './catalog.js'
import { openNetworkText } from './read-network.js'
import { exactPosterior, modelOfSpec, statesOf } from '@chainrule/testing'

describe('catalog', () => {
  it('has unique ids, and every file it names is shipped in public/networks', () => {
    expect(new Set(CATALOG.map((e) => e.id)).size).toBe(CATALOG.length)
    const shipped = readdirSync(new URL('../public/networks/', import.meta.url))
    const named = CATALOG.flatMap((e) => (e.source.kind === 'file' ? [e.source.path.replace('networks/', '')] : []))
    expect([...named].sort()).toEqual([...shipped].sort())
    for (const e of CATALOG) if (e.source.kind === 'file') expect(existsSync(new URL(`../public/${e.source.path}`, import.meta.url))).toBe(true)
  })

  it('every bundled network opens, with as many variables as its label says', () => {
    for (const entry of CATALOG) {
      const text = entry.source.kind === 'inline' ? entry.source.text : bundledText(entry.id)
      const opened = openNetworkText(text, entry.file)
      expect(E.isRight(opened), entry.id).toBe(true)
      if (E.isRight(opened)) expect(entry.label).toContain(`(${opened.right.network.dag.nodes.length} nodes)`)
    }
  })

  it('sprinkler: P(rain | wet grass) is the textbook 0.7079', () => {
    const opened = openNetworkText(SPRINKLER_BIF, 'sprinkler.bif')
    if (E.isLeft(opened)) throw new Error('sprinkler does not open')
    const spec = {
      variables: opened.right.network.domain.variables.map((v, i) => ({
        name: v.name,
        states: v.states,
        parents: opened.right.network.dag.parentIds[i]!.map((p) => opened.right.network.dag.nodes[p]!),
        table: Array.from(opened.right.network.cpts[i]!.values),
      })),
    }
    const { marginals } = exactPosterior(modelOfSpec(spec), { evidence: statesOf(spec, { wet_grass: 'yes' }) })
    expect(marginals![2]![0]!.toFixed(4)).toBe('0.7079')
    expect(catalogEntry('asia')?.file).toBe('asia.bif.gz')
    expect(catalogEntry('nope')).toBeUndefined()
  })
})
