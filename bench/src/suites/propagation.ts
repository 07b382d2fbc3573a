/**
 * Suite `propagation`: one whole-tree propagation per all-marginals query, on
 * every network whose junction tree fits the default budget, with the
 * WebAssembly kernels and with the typed-array kernels in the same run, on the
 * same queries as `inference` (none observed; three observed, from a seeded
 * forward sample). Per row: the median query time, nanoseconds per cluster
 * entry, the typed-array memory floor (`floor.ts`) and the ratio of the two,
 * and the largest difference between the two kernels' answers.
 *
 * Flags: `--networks=alarm,link` (only these), `--seed=2026`.
 */
import { DEFAULT_MEMORY_BUDGET_BYTES } from '@chainrule/factor'
import { compile, marginals, type Engine } from '@chainrule/infer'
import type { BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { measureFloor } from '../floor.js'
import { flagValue, measure, repeatsFor, type Row, type Suite } from '../harness.js'
import { loadOrThrow, networksDir, time } from '../networks.js'
import { maxAbsError, sampledEvidence } from '../peers/queries.js'

const kernels = [
  { name: 'webassembly', webAssembly: true },
  { name: 'typed arrays', webAssembly: false },
] as const

const answers = (engine: Engine, evidence: Readonly<Record<string, string>>): readonly (Float64Array | undefined)[] => {
  const posterior = marginals(engine, { evidence })
  if (E.isLeft(posterior) || posterior.right.method !== 'tree') throw new Error('propagation: the query was not answered by the tree')
  return posterior.right.probabilities.map((p) => (p === undefined ? undefined : Float64Array.from(p)))
}

const networkRows = (name: string, bn: BayesianNetwork, seed: number): Row[] => {
  const queries = [
    ['prior', {}],
    ['evidence', sampledEvidence(bn, 3, seed)],
  ] as const
  const rows: Row[] = []
  const reference: (readonly (Float64Array | undefined)[])[] = []
  let entries = 0
  const times: { kernels: string; query: string; medianMs: number; repeats: number; maxAbsErr: number }[] = []
  for (const { name: kernelName, webAssembly } of kernels) {
    const compiled = compile(bn, { method: 'tree', webAssembly })
    if (E.isLeft(compiled)) return []
    let engine: Engine | undefined = compiled.right
    entries = engine.plan.clusterEntries
    queries.forEach(([query, evidence], q) => {
      const got = answers(engine!, evidence)
      reference[q] ??= got
      const [, firstMs] = time(() => marginals(engine!, { evidence }))
      const { medianMs, repeats } = measure(() => marginals(engine!, { evidence }), repeatsFor(firstMs))
      times.push({ kernels: kernelName, query, medianMs, repeats, maxAbsErr: maxAbsError(bn, reference[q]!, got, evidence) })
    })
    engine = undefined
  }
  const floor = measureFloor(entries)
  for (const t of times) {
    const base = times.find((x) => x.query === t.query && x.kernels === kernels[0].name)!
    const nsPerEntry = (t.medianMs * 1e6) / entries
    rows.push({
      suite: 'propagation',
      case: name,
      engine: t.kernels,
      query: t.query,
      medianMs: t.medianMs,
      ratio: t.medianMs / base.medianMs,
      repeats: t.repeats,
      treeEntries: entries,
      nsPerEntry,
      floorNs: floor.nsPerEntry,
      vsFloor: nsPerEntry / floor.nsPerEntry,
      maxAbsErr: t.maxAbsErr,
    })
  }
  return rows
}

export const suite: Suite = {
  name: 'propagation',
  description: 'whole-tree all-marginals queries: WebAssembly against typed-array kernels, ns per cluster entry against the memory floor',
  run: () => {
    if (!existsSync(networksDir)) return []
    const args = process.argv.slice(2)
    const only = flagValue(args, 'networks')?.split(',')
    const seed = Number(flagValue(args, 'seed') ?? 2026)
    const planned = readdirSync(networksDir)
      .filter((f) => f.endsWith('.bif.gz'))
      .map((file) => {
        const bn = loadOrThrow(join(networksDir, file))
        let bytes = Number.POSITIVE_INFINITY
        let entries = 0
        compile(bn, { memoryBudgetBytes: 0, method: 'tree', onPlan: (p) => ((bytes = p.bytes), (entries = p.clusterEntries)) })
        return { name: file.replace(/\.bif\.gz$/, ''), bytes, entries }
      })
      .filter((p) => p.bytes <= DEFAULT_MEMORY_BUDGET_BYTES && (only === undefined || only.includes(p.name)))
      .sort((a, b) => a.entries - b.entries)
    const rows: Row[] = []
    for (const { name } of planned) {
      process.stderr.write(`propagation: ${name}\n`)
      rows.push(...networkRows(name, loadOrThrow(join(networksDir, `${name}.bif.gz`)), seed))
    }
    return rows
  },
}
