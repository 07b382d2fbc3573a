/**
 * Suite `fresh-engines`: what a new question pattern costs an engine that has
 * never seen it. As in `relevance`, the network's whole tree is compiled and
 * asked first; then three fresh engines (relevant parts only) are each asked
 * the prior three times. Per question: wall ms, the page faults of memory
 * written for the first time (`process.resourceUsage().minorPageFault`), and
 * the ms of garbage collection in it (a GC observer). The first question
 * compiles the pattern's parts (they keep no tables of their own), the second
 * gives them initial tables, the third copies them. Run it alone: after other
 * suites in the same process the code is already optimised. Flag:
 * `--networks=munin,link`.
 */
import { compile, marginals, type Engine } from '@chainrule/infer'
import { PerformanceObserver } from 'node:perf_hooks'
import * as E from 'fp-ts/lib/Either.js'
import { loadOrThrow, networkFile } from '../networks.js'
import { flagValue, keep, type Row, type Suite } from '../harness.js'

const ENGINES = 3
const QUESTIONS = 3

/** Let the GC observer's entries arrive. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))

export const suite: Suite = {
  name: 'fresh-engines',
  description: 'a new pattern on fresh engines: ms, page faults and GC ms of its first, second and third question',
  run: async () => {
    const collections: { start: number; duration: number }[] = []
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) collections.push({ start: e.startTime, duration: e.duration })
    })
    observer.observe({ entryTypes: ['gc'] })
    const rows: Row[] = []
    const ask = (engine: Engine): void => {
      const posterior = marginals(engine, {})
      if (E.isLeft(posterior)) throw new Error(posterior.left._tag)
      keep(posterior.right)
    }
    try {
      for (const name of flagValue(process.argv.slice(2), 'networks')?.split(',') ?? ['munin']) {
        const file = networkFile(name)
        if (file === undefined) continue
        const bn = loadOrThrow(file)
        const whole = compile(bn, { method: 'tree' })
        if (E.isRight(whole)) for (let i = 0; i < 7; i++) ask(whole.right)
        const engines: Engine[] = []
        for (let e = 0; e < ENGINES; e++) {
          const fresh = compile(bn, { method: 'elimination' })
          if (E.isLeft(fresh)) throw new Error(fresh.left._tag)
          engines.push(fresh.right)
          for (let q = 0; q < QUESTIONS; q++) {
            await settle()
            const faults = process.resourceUsage().minorPageFault
            const start = performance.now()
            ask(fresh.right)
            const end = performance.now()
            const faulted = process.resourceUsage().minorPageFault - faults
            await settle()
            const gcMs = collections.filter((c) => c.start >= start && c.start < end).reduce((sum, c) => sum + c.duration, 0)
            rows.push({ suite: 'fresh-engines', case: `${name} prior`, engine: `engine ${e + 1}, question ${q + 1}`, medianMs: end - start, repeats: 1, pageFaults: faulted, gcMs })
          }
        }
        keep(engines)
      }
    } finally {
      observer.disconnect()
    }
    return rows
  },
}
