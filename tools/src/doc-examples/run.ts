/**
 * Executable documentation: every fenced `@example` of every library
 * package's published sources and every `ts run` block of the READMEs becomes
 * a module of its own, all are typechecked in one `tsc` run under the
 * workspace's strict settings (tsconfig.base.json) against the built packages
 * (`dist/`, what a user installs), then run under plain node, each
 * `// =>` comment asserted (`assertions.ts`). Failures name the documentation's
 * file and line.
 *
 * The modules are written under `node_modules/.cache/chainrule-doc-examples`,
 * beside links to every workspace package and to the third-party packages the
 * libraries depend on, so an example imports exactly what a user of the
 * packages could import. Needs `pnpm build` first.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isPublishedPath } from '../dependencies.js'
import { contractSettings } from '../settings.js'
import { filesUnder, linkLibraries, repoRoot, workspacePackages } from '../workspace.js'
import { toModule } from './assertions.js'
import { examplesOfSource, runnableBlocksOfMarkdown, type CodeBlock, type UnfencedExample } from './extract.js'

/** One example that did not typecheck, run or assert as documented. */
export interface ExampleFailure {
  /** `file:line` in the documentation. */
  readonly at: string
  readonly message: string
}

/** The outcome of {@link checkExamples}. */
export interface ExamplesReport {
  /** Blocks found, per package name (`README.md` for the root README). */
  readonly blocks: ReadonlyMap<string, number>
  readonly assertions: number
  readonly failures: readonly ExampleFailure[]
  /** `@example` tags without a fenced block, per package. */
  readonly unfenced: ReadonlyMap<string, readonly UnfencedExample[]>
  /** Packages whose unfenced examples fail the check (not in `reportOnly.unfencedExamples`). */
  readonly strictUnfenced: readonly string[]
}

interface Example {
  readonly owner: string
  readonly block: CodeBlock
  /** Name of the generated module in `src/`, without extension (the file and line, flattened). */
  readonly slug: string
}

const rel = (root: string, file: string): string => relative(root, file).split(sep).join('/')

/** Every runnable block and every unfenced example of the workspace at `root`. */
export const collectExamples = (root: string = repoRoot): { examples: Example[]; unfenced: Map<string, UnfencedExample[]> } => {
  const examples: Example[] = []
  const unfenced = new Map<string, UnfencedExample[]>()
  const add = (owner: string, blocks: readonly CodeBlock[]): void => {
    for (const block of blocks) {
      const slug = `${block.file.replace(/\.(ts|md)$/, '').replace(/[^A-Za-z0-9]+/g, '-')}-${block.line}`
      examples.push({ owner, block, slug })
    }
  }
  const libraries = workspacePackages(root).filter((p) => p.library)
  for (const pkg of libraries) {
    const found: UnfencedExample[] = []
    for (const file of filesUnder(join(pkg.dir, 'src'), ['.ts']).sort()) {
      if (!isPublishedPath(rel(pkg.dir, file))) continue
      const { blocks, unfenced: fragments } = examplesOfSource(readFileSync(file, 'utf8'), rel(root, file))
      add(pkg.manifest.name, blocks)
      found.push(...fragments)
    }
    unfenced.set(pkg.manifest.name, found)
    const readme = join(pkg.dir, 'README.md')
    if (existsSync(readme)) add(pkg.manifest.name, runnableBlocksOfMarkdown(readFileSync(readme, 'utf8'), rel(root, readme)))
  }
  add('README.md', runnableBlocksOfMarkdown(readFileSync(join(root, 'README.md'), 'utf8'), 'README.md'))
  return { examples, unfenced }
}

const RUNNER = `// Imports each compiled example in turn; results go to results.json.
import { readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
const files = JSON.parse(readFileSync(process.argv[2], 'utf8'))
const results = {}
for (const file of files) {
  let timer
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('did not finish within 20 s')), 20000) })
  globalThis.__chainruleDocChecks = []
  try {
    await Promise.race([import(pathToFileURL(file).href), timeout])
    results[file] = { ok: true, checked: globalThis.__chainruleDocChecks }
  } catch (error) {
    results[file] = { ok: false, checked: globalThis.__chainruleDocChecks, message: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  } finally {
    clearTimeout(timer)
  }
}
writeFileSync(process.argv[3], JSON.stringify(results))
process.exit(0)
`

const checkSource = (): string => readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'check.ts'), 'utf8')

/** The first line of a stack or message, with generated locations mapped to the documentation. */
const describeThrown = (message: string, example: Example): string => {
  if (/^Error: [^\s]+:\d+: expected/.test(message)) return message.split(/\n\s+at /)[0]!.slice('Error: '.length)
  const frame = new RegExp(`${example.slug.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}\\.ts:(\\d+)`).exec(message)
  const line = frame === null ? example.block.line : example.block.line + Number(frame[1]) - 1
  return `${example.block.file}:${line}: threw ${message.split('\n')[0]}`
}

/** Extract, typecheck and run every example of the workspace at `root`. */
export const checkExamples = (root: string = repoRoot): ExamplesReport => {
  const { examples, unfenced } = collectExamples(root)
  const dir = join(root, 'node_modules', '.cache', 'chainrule-doc-examples')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'src'), { recursive: true })
  linkLibraries(dir, root)
  writeFileSync(join(dir, 'src', '__check.ts'), checkSource())
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'chainrule-doc-examples', private: true, type: 'module' }))
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: rel(dir, join(root, 'tsconfig.base.json')),
      compilerOptions: { rootDir: 'src', outDir: 'out', composite: false, declaration: false, declarationMap: false, sourceMap: true, incremental: false, types: ['node'] },
      include: ['src'],
    }),
  )
  const failures: ExampleFailure[] = []
  let assertions = 0
  const bySlug = new Map<string, Example>()
  const claims = new Map<string, readonly string[]>()
  const blocks = new Map<string, number>()
  for (const example of examples) {
    blocks.set(example.owner, (blocks.get(example.owner) ?? 0) + 1)
    const module = toModule(example.block, './__check.js')
    for (const error of module.errors) failures.push({ at: error.split(': ')[0]!, message: error })
    if (module.errors.length > 0) continue
    assertions += module.assertions
    bySlug.set(example.slug, example)
    claims.set(example.slug, module.locations)
    writeFileSync(join(dir, 'src', `${example.slug}.ts`), module.code)
  }

  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--pretty', 'false'], { cwd: dir, encoding: 'utf8' })
  const failedToCompile = new Set<string>()
  for (const line of `${tsc.stdout}\n${tsc.stderr}`.split('\n')) {
    const m = /^src[\\/](.+)\.ts\((\d+),(\d+)\): error (TS\d+: .*)$/.exec(line.trim())
    if (m === null) {
      if (/error TS/.test(line)) failures.push({ at: 'tsc', message: line.trim() })
      continue
    }
    const example = bySlug.get(m[1]!.split('\\').join('/'))
    if (example === undefined) {
      failures.push({ at: 'tsc', message: line.trim() })
      continue
    }
    failedToCompile.add(example.slug)
    const at = `${example.block.file}:${example.block.line + Number(m[2]) - 1}`
    failures.push({ at, message: `${at}: does not typecheck: ${m[4]}` })
  }

  const runnable = [...bySlug.keys()].filter((slug) => !failedToCompile.has(slug))
  const outputs = runnable.map((slug) => join(dir, 'out', `${slug}.js`))
  writeFileSync(join(dir, 'run.mjs'), RUNNER)
  writeFileSync(join(dir, 'files.json'), JSON.stringify(outputs))
  execFileSync(process.execPath, ['--enable-source-maps', join(dir, 'run.mjs'), join(dir, 'files.json'), join(dir, 'results.json')], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 300_000,
  })
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Record<string, { ok: boolean; checked: string[]; message?: string }>
  runnable.forEach((slug, i) => {
    const result = results[outputs[i]!]
    const example = bySlug.get(slug)!
    if (result === undefined) failures.push({ at: `${example.block.file}:${example.block.line}`, message: `${example.block.file}:${example.block.line}: was not run` })
    else if (!result.ok) {
      const message = describeThrown(result.message ?? '', example)
      failures.push({ at: message.split(': ')[0]!, message })
    } else {
      // A claim behind a condition that did not hold (`if (E.isRight(x)) x.right // => ...` on a Left) never ran.
      for (const at of claims.get(slug) ?? []) if (!result.checked.includes(at)) failures.push({ at, message: `${at}: this claim was never checked: the example did not reach it` })
    }
  })

  const reportOnly = new Set(contractSettings(root).reportOnly.unfencedExamples)
  const strictUnfenced = [...unfenced.entries()].filter(([name, list]) => list.length > 0 && !reportOnly.has(name)).map(([name]) => name)
  return { blocks, assertions, failures, unfenced, strictUnfenced }
}

/** A report for people: blocks and assertions per package, then every unfenced example and failure. */
export const formatReport = (report: ExamplesReport): string => {
  const lines = [`executable documentation: ${[...report.blocks.values()].reduce((a, b) => a + b, 0)} blocks, ${report.assertions} assertions`]
  for (const [owner, count] of [...report.blocks.entries()].sort()) lines.push(`  ${owner}: ${count} blocks`)
  for (const [name, list] of [...report.unfenced.entries()].sort()) {
    if (list.length === 0) continue
    lines.push(`unfenced @example tags in ${name}: ${list.length}${report.strictUnfenced.includes(name) ? ' (fails)' : ' (reported only: tools/contracts.json)'}`)
    for (const u of list) lines.push(`  ${u.file}:${u.line}  ${u.text.slice(0, 80)}`)
  }
  for (const f of report.failures) lines.push(`FAIL ${f.message}`)
  return lines.join('\n')
}
