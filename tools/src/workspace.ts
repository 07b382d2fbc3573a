/**
 * The workspace as data: every package listed by `pnpm-workspace.yaml`
 * (globs of the form `dir/*` or plain folders), with its manifest. Checks
 * discover packages here rather than from a list, so a new package is checked
 * the day it is added.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, symlinkSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The fields of a package.json that the checks read. */
export interface Manifest {
  readonly name: string
  readonly version?: string
  readonly private?: boolean
  readonly sideEffects?: boolean
  readonly bin?: string | Readonly<Record<string, string>>
  readonly exports?: Readonly<Record<string, Readonly<Record<string, string>>>>
  readonly dependencies?: Readonly<Record<string, string>>
  readonly devDependencies?: Readonly<Record<string, string>>
  /** Imported by published code only when a feature is used (a database client): declared like dependencies. */
  readonly optionalDependencies?: Readonly<Record<string, string>>
  readonly peerDependencies?: Readonly<Record<string, string>>
}

/** One workspace package. */
export interface WorkspacePackage {
  /** Absolute folder. */
  readonly dir: string
  /** Folder relative to the repository root, with forward slashes (`packages/graph`). */
  readonly path: string
  readonly manifest: Manifest
  /** A library: published (not private) and under `packages/`. */
  readonly library: boolean
}

/** The repository root (the folder holding `pnpm-workspace.yaml`). */
export const repoRoot: string = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** The `packages:` globs of pnpm-workspace.yaml. */
const workspaceGlobs = (root: string): string[] => {
  const globs: string[] = []
  let inPackages = false
  for (const line of readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8').split('\n')) {
    if (/^packages:\s*$/.test(line)) inPackages = true
    else if (/^\S/.test(line)) inPackages = false
    else if (inPackages) {
      const item = /^\s+-\s+['"]?([^'"\s]+)['"]?\s*$/.exec(line)
      if (item !== null) globs.push(item[1]!)
    }
  }
  return globs
}

const readManifest = (dir: string): Manifest => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest

/** Every package of the workspace under `root`, sorted by path. */
export const workspacePackages = (root: string = repoRoot): WorkspacePackage[] => {
  const dirs = workspaceGlobs(root).flatMap((glob) => {
    if (!glob.endsWith('/*')) return [join(root, glob)]
    const parent = join(root, glob.slice(0, -2))
    return existsSync(parent) ? readdirSync(parent).map((name) => join(parent, name)).filter((d) => statSync(d).isDirectory()) : []
  })
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const path = relative(root, dir).split('\\').join('/')
      const manifest = readManifest(dir)
      return { dir, path, manifest, library: manifest.private !== true && path.startsWith('packages/') }
    })
    .sort((a, b) => a.path.localeCompare(b.path))
}

/** The root manifest (its devDependencies are the workspace's shared test tools). */
export const rootManifest = (root: string = repoRoot): Manifest => readManifest(root)

/** The package name a bare import specifier names (`@scope/name/sub` -> `@scope/name`), or undefined for relative, absolute and `node:` specifiers. */
export const packageOfSpecifier = (specifier: string): string | undefined => {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:') || /^[a-z]+:/.test(specifier)) return undefined
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

/** Files under `dir` (recursively) whose names end in one of `extensions`, skipping node_modules, dist and dot-folders. */
export const filesUnder = (dir: string, extensions: readonly string[], skip: readonly string[] = []): string[] => {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.') || skip.includes(name)) return []
    if (statSync(path).isDirectory()) return filesUnder(path, extensions, skip)
    return extensions.some((e) => name.endsWith(e)) && !name.endsWith('.d.ts') ? [path] : []
  })
}

const link = (target: string, at: string): void => {
  mkdirSync(dirname(at), { recursive: true })
  if (!existsSync(at)) symlinkSync(target, at, 'dir')
}

/**
 * A `node_modules` in `dir` as a user of the libraries has it: links to every
 * workspace library (resolved through their manifests' exports, so to `dist/`),
 * to the third-party packages they depend on, and to `@types/node`.
 */
export const linkLibraries = (dir: string, root: string = repoRoot): void => {
  const modules = join(dir, 'node_modules')
  for (const pkg of workspacePackages(root).filter((p) => p.library)) {
    link(pkg.dir, join(modules, pkg.manifest.name))
    for (const dep of Object.keys(pkg.manifest.dependencies ?? {})) {
      const installed = join(pkg.dir, 'node_modules', dep)
      if (!dep.startsWith('@chainrule/') && existsSync(installed)) link(realpathSync(installed), join(modules, dep))
    }
  }
  link(realpathSync(join(root, 'node_modules', '@types', 'node')), join(modules, '@types', 'node'))
}
