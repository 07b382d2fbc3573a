// The playground's end-to-end test: its own vitest run (outside the root
// include patterns), resolving workspace packages to their sources like the
// root config, with a reporter that ends the output with `N passed, N failed`.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import type { Reporter } from 'vitest/node'
import rootConfig from '../../vitest.config.ts'

const closingLine: Reporter = {
  onTestRunEnd: (modules, unhandledErrors) => {
    let passed = 0
    let failed = unhandledErrors.length
    for (const module of modules) {
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed += 1
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed += 1
        else failed += 1
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed\n`)
  },
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  ...(rootConfig.resolve === undefined ? {} : { resolve: rootConfig.resolve }),
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    reporters: ['default', closingLine],
  },
})
