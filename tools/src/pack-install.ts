/**
 * Installing chainrule as a user does: every library package packed with
 * `pnpm pack` (workspace versions made real), the tarballs installed with
 * plain npm into a fresh project outside the workspace (third-party
 * dependencies from the registry), the README's example compiled there under
 * strict TypeScript with `moduleResolution` NodeNext and Bundler, once as
 * written (scoped packages) and once importing the umbrella `chainrule`, run
 * under node with its `// =>` claims asserted, and `npx chainrule query` run
 * on a network file.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { toModule } from './doc-examples/assertions.js'
import { runnableBlocksOfMarkdown } from './doc-examples/extract.js'
import { repoRoot, rootManifest, workspacePackages } from './workspace.js'

/** One packed package. */
export interface Packed {
  readonly name: string
  readonly tarball: string
  readonly bytes: number
}

/** A command's outcome, for the test to judge and print. */
export interface Step {
  readonly command: string
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
}

/** What {@link installAndRun} did. */
export interface InstallReport {
  readonly project: string
  readonly packed: readonly Packed[]
  readonly steps: readonly Step[]
  /** `chainrule query --json` as installed, and as the workspace's own build answers it. */
  readonly installedQuery: string
  readonly workspaceQuery: string
  /** Where npm says each installed workspace package came from (package-lock.json's `resolved`). */
  readonly resolved: Readonly<Record<string, string>>
}

// npm run from pnpm inherits pnpm's npm_config_* settings; a user's shell has none of them.
const cleanEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm|pnpm)_/i.test(k))) as NodeJS.ProcessEnv

const run = (command: string, args: readonly string[], cwd: string, steps: Step[]): SpawnSyncReturns<string> => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 300_000 })
  steps.push({ command: `${command} ${args.join(' ')}`, status: result.status, stdout: result.stdout ?? '', stderr: `${result.stderr ?? ''}${result.error === undefined ? '' : String(result.error)}` })
  return result
}

/** Pack every library package of the workspace into `destination`. */
export const packLibraries = (destination: string, steps: Step[], root: string = repoRoot): Packed[] => {
  mkdirSync(destination, { recursive: true })
  return workspacePackages(root)
    .filter((p) => p.library)
    .map((p) => {
      const before = new Set(readdirSync(destination))
      const result = run('pnpm', ['pack', '--pack-destination', destination], p.dir, steps)
      const made = readdirSync(destination).filter((f) => !before.has(f) && f.endsWith('.tgz'))
      if (result.status !== 0 || made.length !== 1) throw new Error(`pnpm pack failed in ${p.path}: ${result.stderr}`)
      const tarball = join(destination, made[0]!)
      return { name: p.manifest.name, tarball, bytes: statSync(tarball).size }
    })
}

const STRICT = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  target: 'ES2022',
  lib: ['ES2022'],
  types: ['node'],
  skipLibCheck: false,
}

/** The README's `ts run` example, with its `// =>` claims as checks, importing from `chainrule` when `umbrella`. */
export const readmeModule = (root: string, umbrella: boolean): string => {
  const [block] = runnableBlocksOfMarkdown(readFileSync(join(root, 'README.md'), 'utf8'), 'README.md')
  if (block === undefined) throw new Error('README.md has no `ts run` block')
  const code = umbrella ? block.code.replace(/from '@chainrule\/[a-z-]+'/g, "from 'chainrule'") : block.code
  const module = toModule({ ...block, code }, './__check.js')
  if (module.errors.length > 0) throw new Error(module.errors.join('\n'))
  return module.code
}

/** Pack, install into a fresh project under the system's temporary folder, compile, run. */
export const installAndRun = (network: string, root: string = repoRoot): InstallReport => {
  const project = mkdtempSync(join(tmpdir(), 'chainrule-install-'))
  const steps: Step[] = []
  const packed = packLibraries(join(project, 'tarballs'), steps, root)
  const typesNode = rootManifest(root).devDependencies?.['@types/node'] ?? '*'
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify(
      {
        name: 'chainrule-install-check',
        private: true,
        type: 'module',
        // Every tarball is a direct dependency, so the packages' dependencies on each other resolve to them, never to the registry.
        dependencies: Object.fromEntries(packed.map((p) => [p.name, `file:./tarballs/${p.tarball.split(/[\\/]/).pop()!}`])),
        devDependencies: { '@types/node': typesNode },
      },
      null,
      2,
    ),
  )
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], project, steps)
  if (install.status !== 0) return { project, packed, steps, installedQuery: '', workspaceQuery: '', resolved: {} }
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { resolved?: string }> }
  const resolved = Object.fromEntries(
    packed.map((p) => [p.name, Object.entries(lock.packages).find(([path]) => path.endsWith(`node_modules/${p.name}`))?.[1].resolved ?? 'not installed']),
  )

  mkdirSync(join(project, 'src'))
  writeFileSync(join(project, 'src', '__check.ts'), readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'doc-examples', 'check.ts'), 'utf8'))
  writeFileSync(join(project, 'src', 'readme.ts'), readmeModule(root, false))
  writeFileSync(join(project, 'src', 'umbrella.ts'), readmeModule(root, true))
  writeFileSync(
    join(project, 'tsconfig.nodenext.json'),
    JSON.stringify({ compilerOptions: { ...STRICT, module: 'NodeNext', moduleResolution: 'NodeNext', rootDir: 'src', outDir: 'out' }, include: ['src'] }, null, 2),
  )
  writeFileSync(
    join(project, 'tsconfig.bundler.json'),
    JSON.stringify({ compilerOptions: { ...STRICT, module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }, include: ['src'] }, null, 2),
  )
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  run(process.execPath, [tsc, '-p', 'tsconfig.nodenext.json', '--pretty', 'false'], project, steps)
  run(process.execPath, [tsc, '-p', 'tsconfig.bundler.json', '--pretty', 'false'], project, steps)
  run(process.execPath, [join('out', 'readme.js')], project, steps)
  run(process.execPath, [join('out', 'umbrella.js')], project, steps)
  const query = ['query', network, '--evidence', 'dysp=yes', '--target', 'bronc', '--json']
  const installed = run('npx', ['--no-install', 'chainrule', ...query], project, steps)
  const workspace = spawnSync(process.execPath, [join(root, 'packages', 'chainrule', 'bin', 'chainrule.js'), ...query], { encoding: 'utf8' })
  return { project, packed, steps, installedQuery: installed.stdout, workspaceQuery: workspace.stdout, resolved }
}
