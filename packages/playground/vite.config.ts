// Vite builds the page straight from the workspace packages' TypeScript
// sources (their "@chainrule/source" export condition), so the playground never needs a
// prior `tsc -b`. The inference worker is bundled as an ES module.
import { defaultClientConditions, defineConfig } from 'vite'

export default defineConfig({
  base: './',
  resolve: { conditions: ['@chainrule/source', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
})
