/**
 * One compile in a fresh process, for the `compile-fresh` suite: load the
 * network given as argument, then time `compile` alone and the first question
 * (prior, all marginals) on the new engine, and print them as one JSON line.
 * Run as `node bench/dist/fresh-compile.js FILE`.
 */
import { compile, marginals } from '@chainrule/infer'
import * as E from 'fp-ts/lib/Either.js'
import { loadOrThrow } from './networks.js'

const file = process.argv[2]
if (file === undefined) throw new Error('usage: fresh-compile.js FILE')
const bn = loadOrThrow(file)
const start = performance.now()
const engine = compile(bn)
const compileMs = performance.now() - start
if (E.isLeft(engine)) throw new Error(engine.left._tag)
const posterior = marginals(engine.right, {})
if (E.isLeft(posterior)) throw new Error(posterior.left._tag)
const firstMs = performance.now() - start - compileMs
const usage = process.resourceUsage()
process.stdout.write(`${JSON.stringify({ compileMs, firstMs, method: posterior.right.method, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 })}\n`)
