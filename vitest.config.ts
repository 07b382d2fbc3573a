import { defineConfig } from 'vitest/config'

// Tests import sibling packages through their "source" export condition, so
// `vitest run` exercises the TypeScript sources without a build step.
export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
  },
})
