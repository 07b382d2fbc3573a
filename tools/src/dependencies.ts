/**
 * The dependency contract of docs/architecture.md, checked: which workspace
 * package may import which (the table "Allowed imports"), no cycle between
 * packages, no relative import into another package, every package in the
 * table, and manifests that say exactly what the code imports.
 *
 * Reading (files, manifests, the table) is separate from judging
 * ({@link judgeDependencies}, pure), so the rules are tested on made-up
 * workspaces as well as on this one.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { importsOfFile, type ImportSite } from './imports.js'
import { filesUnder, packageOfSpecifier, repoRoot, rootManifest, workspacePackages, type Manifest, type WorkspacePackage } from './workspace.js'

/** What a package may import: any workspace package, or the listed ones. */
export type Allowed = { readonly kind: 'any' } | { readonly kind: 'only'; readonly packages: ReadonlySet<string> }

/** One broken rule. */
export interface Violation {
  readonly rule: 'NotInTable' | 'ForbiddenImport' | 'Cycle' | 'RelativeIntoPackage' | 'Undeclared' | 'NeverImported' | 'ShouldBeDependency' | 'ShouldBeDevDependency'
  readonly package: string
  /** One line, naming the file and line where there is one. */
  readonly message: string
}

/** One scanned file of a package. */
export interface ScannedFile {
  /** Relative to the repository root, forward slashes. */
  readonly path: string
  /** Part of what the package publishes (its `src/` and `bin/`, tests and fixtures excluded). */
  readonly published: boolean
  readonly imports: readonly ImportSite[]
  /** For each relative specifier, the package folder it lands in (repository-relative), or undefined outside every package. */
  readonly relativeTargets: ReadonlyMap<string, string | undefined>
}

/** A package with its files' imports. */
export interface ScannedPackage {
  readonly name: string
  /** Repository-relative folder. */
  readonly path: string
  readonly library: boolean
  readonly manifest: Manifest
  readonly files: readonly ScannedFile[]
  /** Packages named as peers by the package's dependencies and devDependencies (a declaration may exist to satisfy them). */
  readonly peersOfDependencies: ReadonlySet<string>
}

const TEST_FILE = /(\.test|\.e2e|\.fixtures)\.[mc]?[jt]sx?$|(^|\/)test-support\.ts$|(^|\/)testing\//

/** Whether a package-relative path is published code (`src/` or `bin/`, not a test, fixture or test helper). */
export const isPublishedPath = (pathInPackage: string): boolean =>
  (pathInPackage.startsWith('src/') || pathInPackage.startsWith('bin/')) && !TEST_FILE.test(pathInPackage)

/** The table under "## Allowed imports" of docs/architecture.md: package -> what it may import. */
export const readAllowedImports = (markdown: string): Map<string, Allowed> => {
  const rules = new Map<string, Allowed>()
  const section = markdown.split(/^## /m).find((s) => s.startsWith('Allowed imports'))
  if (section === undefined) return rules
  for (const line of section.split('\n')) {
    const cells = /^\|\s*`([^`]+)`\s*\|(.*)\|\s*$/.exec(line)
    if (cells === null) continue
    const names = [...cells[2]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)
    rules.set(cells[1]!, cells[2]!.trim() === 'any' ? { kind: 'any' } : { kind: 'only', packages: new Set(names) })
  }
  return rules
}

const nameList = (names: Iterable<string>): string => [...names].sort().join(', ')

/** Cycles of a directed graph given as adjacency sets (each reported once, as its strongly connected component). */
export const cyclesOf = (edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] => {
  // Tarjan's strongly connected components; a component with more than one node, or a self-loop, is a cycle.
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const connect = (v: string): void => {
    index.set(v, counter)
    low.set(v, counter)
    counter++
    stack.push(v)
    onStack.add(v)
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || (edges.get(v)?.has(v) ?? false)) cycles.push(component.sort())
    }
  }
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) connect(v)
  return cycles
}

/**
 * Every violation in `packages` under `rules`. `sharedTestTools` are the root
 * manifest's devDependencies, usable by any test or tool without declaring them.
 */
export const judgeDependencies = (
  packages: readonly ScannedPackage[],
  rules: ReadonlyMap<string, Allowed>,
  sharedTestTools: ReadonlySet<string>,
): Violation[] => {
  const violations: Violation[] = []
  const workspaceNames = new Set(packages.map((p) => p.name))
  const edges = new Map<string, Set<string>>()
  for (const pkg of packages) {
    const rule = rules.get(pkg.name)
    if (rule === undefined)
      violations.push({ rule: 'NotInTable', package: pkg.name, message: `${pkg.name} (${pkg.path}) has no row in the "Allowed imports" table of docs/architecture.md` })
    const deps = new Set([...Object.keys(pkg.manifest.dependencies ?? {}), ...Object.keys(pkg.manifest.optionalDependencies ?? {})])
    const devDeps = new Set(Object.keys(pkg.manifest.devDependencies ?? {}))
    const usedByPublished = new Set<string>()
    const usedAnywhere = new Set<string>()
    const out = new Set<string>()
    edges.set(pkg.name, out)
    for (const file of pkg.files) {
      for (const site of file.imports) {
        const where = `${file.path}:${site.line}`
        const target = file.relativeTargets.get(site.specifier)
        if (target !== undefined && target !== pkg.path)
          violations.push({ rule: 'RelativeIntoPackage', package: pkg.name, message: `${where}: relative import '${site.specifier}' reaches into ${target}; import it by package name` })
        const name = packageOfSpecifier(site.specifier)
        if (name === undefined || name === pkg.name) continue
        usedAnywhere.add(name)
        if (file.published) usedByPublished.add(name)
        if (workspaceNames.has(name)) {
          out.add(name)
          if (rule?.kind === 'only' && !rule.packages.has(name))
            violations.push({ rule: 'ForbiddenImport', package: pkg.name, message: `${where}: ${pkg.name} may not import ${name} (docs/architecture.md, "Allowed imports")` })
        }
        if (!deps.has(name) && !devDeps.has(name) && !(sharedTestTools.has(name) && !file.published))
          violations.push({ rule: 'Undeclared', package: pkg.name, message: `${where}: imports ${name}, which ${pkg.path}/package.json does not declare` })
      }
    }
    const isTypesFor = (dev: string): boolean => dev.startsWith('@types/')
    // A bundle that leaves a dependency's optional engines outside (the CLI's, with DuckDB and ClickHouse)
    // must carry them too: an optional dependency of a workspace dependency may be redeclared as optional.
    const optionalOfDependencies = new Set(
      packages.filter((p) => deps.has(p.name)).flatMap((p) => Object.keys(p.manifest.optionalDependencies ?? {})),
    )
    const carried = (dep: string): boolean => pkg.manifest.optionalDependencies?.[dep] !== undefined && optionalOfDependencies.has(dep)
    if (pkg.library) {
      for (const dep of deps) {
        if (usedByPublished.has(dep) || carried(dep)) continue
        violations.push(
          usedAnywhere.has(dep)
            ? { rule: 'ShouldBeDevDependency', package: pkg.name, message: `${pkg.path}/package.json: dependency ${dep} is imported only by tests or tools; make it a devDependency` }
            : { rule: 'NeverImported', package: pkg.name, message: `${pkg.path}/package.json: dependency ${dep} is never imported` },
        )
      }
      for (const dev of devDeps) {
        if (usedByPublished.has(dev))
          violations.push({ rule: 'ShouldBeDependency', package: pkg.name, message: `${pkg.path}/package.json: devDependency ${dev} is imported by published code; make it a dependency` })
        else if (!usedAnywhere.has(dev) && !pkg.peersOfDependencies.has(dev) && !isTypesFor(dev))
          violations.push({ rule: 'NeverImported', package: pkg.name, message: `${pkg.path}/package.json: devDependency ${dev} is never imported` })
      }
    } else {
      for (const dep of [...deps, ...devDeps])
        if (!usedAnywhere.has(dep) && !pkg.peersOfDependencies.has(dep) && !isTypesFor(dep))
          violations.push({ rule: 'NeverImported', package: pkg.name, message: `${pkg.path}/package.json: ${dep} is declared but never imported` })
    }
  }
  for (const cycle of cyclesOf(edges))
    violations.push({ rule: 'Cycle', package: cycle[0]!, message: `packages import each other in a cycle: ${nameList(cycle)}` })
  return violations
}

/** Package-relative source files that are checked: TypeScript and JavaScript modules, generated and served folders skipped. */
const SKIP = ['public', 'output', 'coverage', 'test-output']

/** Read one package's files and imports. */
export const scanPackage = (pkg: WorkspacePackage, all: readonly WorkspacePackage[]): ScannedPackage => {
  const packageOf = (absolute: string): string | undefined =>
    all.find((p) => absolute === p.dir || absolute.startsWith(p.dir + sep))?.path
  const files = filesUnder(pkg.dir, ['.ts', '.tsx', '.mts', '.mjs', '.js', '.cjs'], SKIP).map((file): ScannedFile => {
    const inPackage = relative(pkg.dir, file).split(sep).join('/')
    const imports = importsOfFile(file)
    const relativeTargets = new Map<string, string | undefined>()
    for (const site of imports) if (site.specifier.startsWith('.')) relativeTargets.set(site.specifier, packageOf(resolve(dirname(file), site.specifier)))
    return { path: `${pkg.path}/${inPackage}`, published: pkg.library && isPublishedPath(inPackage), imports, relativeTargets }
  })
  const peers = new Set<string>()
  for (const dep of [...Object.keys(pkg.manifest.dependencies ?? {}), ...Object.keys(pkg.manifest.devDependencies ?? {})]) {
    const manifest = join(pkg.dir, 'node_modules', dep, 'package.json')
    if (existsSync(manifest)) for (const peer of Object.keys((JSON.parse(readFileSync(manifest, 'utf8')) as Manifest).peerDependencies ?? {})) peers.add(peer)
  }
  return { name: pkg.manifest.name, path: pkg.path, library: pkg.library, manifest: pkg.manifest, files, peersOfDependencies: peers }
}

/** The whole check on the workspace at `root`. */
export const checkDependencies = (root: string = repoRoot): Violation[] => {
  const packages = workspacePackages(root)
  const rules = readAllowedImports(readFileSync(join(root, 'docs', 'architecture.md'), 'utf8'))
  const shared = new Set(Object.keys(rootManifest(root).devDependencies ?? {}))
  return judgeDependencies(
    packages.map((p) => scanPackage(p, packages)),
    rules,
    shared,
  )
}
