#!/usr/bin/env node
// The installed entry point: the CLI bundled into one module by `pnpm build`
// (packages/cli/scripts/bundle.mjs), which starts faster than the module graph.
import { main } from '../dist/chainrule.mjs'

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin })
