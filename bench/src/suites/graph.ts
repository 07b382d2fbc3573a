/**
 * Suite `graph`: Bayes-ball `reachable` and `dSeparated` on seeded random DAGs of 1k,
 * 10k and 100k nodes with in-degree at most 3, to show linear growth: the
 * `nsPerElement` column (median time / (nodes + edges)) should stay roughly flat.
 * `dSeparatedByMoralGraph` (the moralised-ancestral-graph criterion) is measured on
 * the same queries as a second engine, with `ratio` relative to Bayes-ball.
 */
import * as E from 'fp-ts/lib/Either.js'
import {
  dSeparated,
  dSeparatedByMoralGraph,
  edgeCount,
  fromParents,
  idOf,
  reachable,
  reachableMask,
  type Dag,
} from '@chainrule/graph'
import { loadNetwork } from '@chainrule/io/node'
import { isBayesianNetwork } from '@chainrule/models'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { keep, measure, withRatios, type Row, type Suite } from '../harness.js'

/** mulberry32: a tiny seeded PRNG, enough to make the benchmark DAGs reproducible. */
const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** A random DAG: node i takes 0..3 distinct parents among nodes 0..i-1 (uniformly). */
const randomDag = (n: number, seed: number): Dag => {
  const random = mulberry32(seed)
  const parents = new Map<string, string[]>()
  for (let i = 0; i < n; i++) {
    const k = Math.min(i, Math.floor(random() * 4))
    const ps = new Set<number>()
    while (ps.size < k) ps.add(Math.floor(random() * i))
    parents.set(`x${i}`, [...ps].map((p) => `x${p}`))
  }
  const dag = fromParents(parents)
  if (E.isLeft(dag)) throw new Error('bench: random DAG failed to build')
  return dag.right
}

const pick = (random: () => number, n: number, count: number): string[] => {
  const out = new Set<number>()
  while (out.size < count) out.add(Math.floor(random() * n))
  return [...out].map((v) => `x${v}`)
}

/** The munin network's structure (1,041 nodes), when ../shared/networks is beside the repository. */
const muninDag = (): Dag | undefined => {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'networks', 'munin.bif.gz')
  if (!existsSync(file)) return undefined
  const loaded = loadNetwork(file)
  return E.isRight(loaded) && isBayesianNetwork(loaded.right.network) ? loaded.right.network.dag : undefined
}

export const suite: Suite = {
  name: 'graph',
  description: 'Bayes-ball reachable / d-separation on random DAGs (in-degree <= 3) and munin, linear growth',
  run: () => {
    const rows: Row[] = []
    const munin = muninDag()
    const dags: [string, Dag][] = [1_000, 10_000, 100_000].map((n) => [`n=${n.toLocaleString('en-US')}`, randomDag(n, 42 + n)])
    if (munin !== undefined) dags.push(['munin', munin])
    for (const [label, dag] of dags) {
      const n = dag.nodes.length
      const edges = edgeCount(dag)
      const elements = n + edges
      const random = mulberry32(7)
      const names = dag.nodes
      // 16 query triples: one source, one target, 2% of the nodes observed
      const queries = Array.from({ length: 16 }, () => ({
        x: pick(random, n, 1).map((v) => names[Number(v.slice(1))]!),
        y: pick(random, n, 1).map((v) => names[Number(v.slice(1))]!),
        z: pick(random, n, Math.ceil(n / 50)).map((v) => names[Number(v.slice(1))]!),
      }))
      const idQueries = queries.map((q) => ({ x: q.x.map((v) => idOf(dag, v)!), z: q.z.map((v) => idOf(dag, v)!) }))
      let qi = 0
      const next = () => queries[qi++ % queries.length]!
      const row = (name: string, engine: string, fn: () => unknown): Row => {
        const { medianMs, repeats } = measure(fn, { minRepeats: 5, minTimeMs: 150, maxRepeats: 200 })
        return {
          suite: 'graph',
          case: `${name} ${label}`,
          engine,
          medianMs,
          repeats,
          nodes: n,
          edges,
          nsPerElement: (medianMs * 1e6) / elements,
        }
      }
      rows.push(
        row('reachable (names)', 'bayes-ball', () => {
          const q = next()
          return keep(reachable(dag, q.x, q.z))
        }),
      )
      rows.push(
        row('reachableMask (ids)', 'bayes-ball', () => {
          const q = idQueries[qi++ % idQueries.length]!
          return keep(reachableMask(dag, q.x, q.z))
        }),
      )
      rows.push(
        row('dSeparated', 'bayes-ball', () => {
          const q = next()
          return keep(dSeparated(dag, q.x, q.y, q.z))
        }),
      )
      rows.push(
        row('dSeparated', 'moral-graph', () => {
          const q = next()
          return keep(dSeparatedByMoralGraph(dag, q.x, q.y, q.z))
        }),
      )
    }
    return withRatios(rows, 'bayes-ball')
  },
}
