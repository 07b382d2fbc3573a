#!/usr/bin/env node
// The installed `chainrule` command: the CLI bundled into one module by
// `pnpm build` (packages/cli/scripts/bundle.mjs, exported as
// `@chainrule/cli/bundle`), which starts faster than the module graph.
import { main } from '@chainrule/cli/bundle'

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin })
