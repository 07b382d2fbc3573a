// The API reference site: TypeDoc over every public entry point of every
// library package (main and subpath exports, found from the manifests'
// `@chainrule/source` condition), written to docs-site/dist. TypeDoc runs on
// this package's own TypeScript 6 (it does not support 7) and reads the
// sources, so links between packages resolve.
//
// Fails on any TypeDoc error or warning (invalid links, exports not exported,
// undocumented exports, ...), except warnings about the packages that
// tools/contracts.json's `reportOnly.undocumentedExports` names: those are
// printed and counted, for the API work that is still under way.
//
// Run: pnpm docs (from the repository root).
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Application, LogLevel, ReflectionKind } from 'typedoc'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..')
const out = join(here, 'dist')
const settings = JSON.parse(readFileSync(join(root, 'tools', 'contracts.json'), 'utf8'))
const reportOnly = new Set(settings.reportOnly.undocumentedExports)

// Library packages: published (not private) folders of packages/.
const libraries = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => manifest.private !== true)

const entries = libraries.flatMap(({ dir, manifest }) =>
  Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]) => {
    const source = target['@chainrule/source']
    return source === undefined ? [] : [{ file: join(dir, source), module: `${manifest.name}${subpath.slice(1)}`, packageName: manifest.name, dir }]
  }),
)

const tsconfig = join(here, 'tsconfig.typedoc.json')
writeFileSync(
  tsconfig,
  JSON.stringify(
    {
      extends: '../tsconfig.base.json',
      compilerOptions: { noEmit: true, composite: false, declaration: false, declarationMap: false, customConditions: ['@chainrule/source'], rootDir: '..' },
      files: entries.map((e) => relative(here, e.file).split(sep).join('/')),
    },
    null,
    2,
  ) + '\n',
)

const messages = []
const app = await Application.bootstrapWithPlugins({
  entryPoints: entries.map((e) => e.file),
  entryPointStrategy: 'resolve',
  tsconfig,
  name: 'chainrule',
  readme: join(here, 'index.md'),
  packagesRequiringDocumentation: libraries.map(({ manifest }) => manifest.name),
  // What a package exports must be documented; the fields of its interfaces and unions may speak for themselves.
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'],
  out,
  excludePrivate: true,
  excludeInternal: true,
  excludeNotDocumented: false,
  validation: { notExported: true, invalidLink: true, rewrittenLink: true, notDocumented: true, unusedMergeModuleWith: true },
  treatWarningsAsErrors: false,
  logLevel: 'Warn',
  githubPages: false,
  hideGenerator: true,
  sourceLinkTemplate: undefined,
  disableSources: true,
})
const log = app.logger.log.bind(app.logger)
app.logger.log = (message, level) => {
  if (level >= LogLevel.Warn) messages.push({ message: String(message), level })
  else log(message, level)
}

const project = await app.convert()
if (project === undefined) {
  for (const m of messages) console.error(m.message)
  console.error('docs: TypeDoc could not convert the project')
  process.exit(1)
}
// Modules are named after the entry point a user imports (`@chainrule/io/node`), not after their files.
for (const module of project.getChildrenByKind(ReflectionKind.Module)) {
  const entry = entries.find((e) => module.sources?.some((s) => s.fullFileName === e.file) ?? false) ?? entries.find((e) => e.file === module.sources?.[0]?.fullFileName)
  if (entry !== undefined) module.name = entry.module
}
app.validate(project)
rmSync(out, { recursive: true, force: true })
await app.generateDocs(project, out)

// A message belongs to the package it names: by name (`defined in @chainrule/io/src/x.ts`), by folder, or by
// the module name TypeDoc uses while converting (`infer/src.CompileOptions`).
const ownerOf = (message) => {
  const definedIn = /defined in ((?:@[\w-]+\/)?[\w-]+)\/src\//.exec(message)
  if (definedIn !== null && libraries.some(({ manifest }) => manifest.name === definedIn[1])) return definedIn[1]
  // Longest names first: `@chainrule/infer` names infer, though it contains `chainrule/`.
  return [...libraries].sort((a, b) => b.manifest.name.length - a.manifest.name.length).find(({ dir, manifest }) => {
    const folder = relative(join(root, 'packages'), dir)
    return message.includes(`${manifest.name}/`) || message.includes(`packages/${folder}/`) || new RegExp(`(^|[\\s"'(])${folder}/src\\b`).test(message)
  })?.manifest.name
}
const failing = []
const reported = new Map()
for (const m of messages) {
  const owner = ownerOf(m.message)
  if (m.level < LogLevel.Error && owner !== undefined && reportOnly.has(owner)) reported.set(owner, [...(reported.get(owner) ?? []), m.message])
  else failing.push(m.message)
}
for (const [owner, list] of [...reported.entries()].sort()) {
  console.log(`docs: ${list.length} warnings in ${owner} (reported only: tools/contracts.json reportOnly.undocumentedExports)`)
  for (const message of list) console.log(`  ${message.split('\n')[0]}`)
}
for (const message of failing) console.error(`docs: ${message}`)
console.log(`docs: ${entries.length} entry points (${entries.map((e) => e.module).join(', ')}) -> ${relative(root, out)}`)
if (failing.length > 0) {
  console.error(`docs: ${failing.length} warnings or errors outside the reportOnly packages`)
  process.exit(1)
}
