import { describe, expect, it } from 'vitest'
import { checkManifests, manifestProblems } from './manifests.js'

describe('manifestProblems', () => {
  const exports = { '.': { '@chainrule/source': './src/index.ts', types: './dist/index.d.ts', default: './dist/index.js' } }

  it('accepts a library that is side-effect free with namespaced source conditions', () => {
    expect(manifestProblems({ name: '@x/a', sideEffects: false, exports }, () => true)).toEqual([])
    expect(manifestProblems({ name: '@x/a', sideEffects: false, exports: { './bundle': { types: './dist/m.d.ts', default: './dist/m.mjs' } } }, () => true)).toEqual([])
  })

  it('finds side effects, a generic source condition, conditions out of order and a missing source file', () => {
    expect(manifestProblems({ name: '@x/a', exports }, () => true)).toEqual(['@x/a: "sideEffects" must be false'])
    expect(manifestProblems({ name: '@x/a', sideEffects: false, exports: { '.': { source: './src/index.ts', types: 't', default: 'd' } } }, () => true)).toEqual([
      '@x/a exports["."]: the generic "source" condition; use "@chainrule/source"',
      '@x/a exports["."]: conditions source, types, default; expected types, default',
    ])
    expect(manifestProblems({ name: '@x/a', sideEffects: false, exports: { '.': { default: 'd', types: 't' } } }, () => true)).toEqual([
      '@x/a exports["."]: conditions default, types; expected types, default',
    ])
    expect(manifestProblems({ name: '@x/a', sideEffects: false, exports }, () => false)).toEqual(['@x/a exports["."]: ./src/index.ts does not exist'])
  })
})

describe('the libraries of the workspace', () => {
  it('are side-effect free and export with the namespaced source condition', () => {
    expect(checkManifests()).toEqual([])
  })
})
