/**
 * Suite `compile-fresh`: what a new process pays before its first answer.
 * For link, munin, munin1 and diabetes, `node bench/dist/fresh-compile.js
 * FILE` runs 5 times, each in a fresh process (a cold JIT, fresh memory):
 * `compile` alone (`medianMs`), and the first question on the new engine (all
 * marginals with no evidence, `firstMs`, which includes building whatever
 * tree the engine chooses to answer it with: `method`). Medians of the 5.
 *
 * Flags: `--networks=link`.
 */
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { flagValue, median, type Row, type Suite } from '../harness.js'
import { networkFile } from '../networks.js'

const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'fresh-compile.js')
const RUNS = 5

export const suite: Suite = {
  name: 'compile-fresh',
  description: 'compile in a fresh process, and the first question on the new engine',
  run: () => {
    const networks = (flagValue(process.argv.slice(2), 'networks') ?? 'link,munin,munin1,diabetes').split(',')
    const rows: Row[] = []
    for (const name of networks) {
      const file = networkFile(name)
      if (file === undefined) continue
      const runs = Array.from({ length: RUNS }, () => {
        const run = spawnSync(process.execPath, [script, file], { encoding: 'utf8', timeout: 600_000 })
        if (run.status !== 0) throw new Error(`fresh compile of ${name} failed: ${run.stderr.trim().split('\n').pop()}`)
        return JSON.parse(run.stdout) as { compileMs: number; firstMs: number; method: string; cpuMs: number }
      })
      rows.push({
        suite: 'compile-fresh',
        case: name,
        engine: 'chainrule',
        medianMs: median(runs.map((r) => r.compileMs)),
        repeats: RUNS,
        firstMs: median(runs.map((r) => r.firstMs)),
        method: runs[0]!.method,
      })
    }
    return rows
  },
}
