#!/usr/bin/env node
// The installed entry point: the compiled CLI lives in dist/ after `pnpm build`.
import { main } from '../dist/main.js'

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr })
