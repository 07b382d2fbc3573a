/**
 * @chainrule/models: ancestral sampling throughput (rows per second and
 * nanoseconds per sampled cell) on a 784-pixel autoregressive chain with a
 * 3-pixel causal window and on the small sprinkler network; Gibbs and
 * likelihood weighting on the sprinkler; exact parameter counting for n = 784
 * (the chain rule's 2^784 - 1, counted from the chain DAG, and the window chain).
 */
import { chain } from '@chainrule/graph'
import {
  ancestralSample,
  autoregressive,
  createRng,
  dagParameterCount,
  defineNetwork,
  gibbsSample,
  likelihoodWeighting,
  parameterCount,
  type BayesianNetwork,
} from '@chainrule/models'
import { unwrap, windowChain } from '../chains.js'
import { keep, measure, type Row, type Suite } from '../harness.js'

const sprinkler = (): BayesianNetwork =>
  unwrap(
    defineNetwork({
      variables: [
        { name: 'cloudy', states: ['no', 'yes'], parents: [], table: [0.5, 0.5] },
        { name: 'sprinkler', states: ['off', 'on'], parents: ['cloudy'], table: [0.5, 0.5, 0.9, 0.1] },
        { name: 'rain', states: ['no', 'yes'], parents: ['cloudy'], table: [0.8, 0.2, 0.2, 0.8] },
        { name: 'wet', states: ['no', 'yes'], parents: ['sprinkler', 'rain'], table: [1, 0, 0.1, 0.9, 0.1, 0.9, 0.01, 0.99] },
      ],
    }),
  )

export const suite: Suite = {
  name: 'models',
  description: 'sampling rows/s (784-pixel window chain, sprinkler) and exact parameter counting for n = 784',
  run: () => {
    const rows: Row[] = []
    const samplingRow = (name: string, bn: BayesianNetwork, n: number, run: () => unknown): void => {
      const m = measure(run, { minRepeats: 5, minTimeMs: 300, warmup: 2 })
      const cells = n * bn.dag.nodes.length
      rows.push({
        suite: 'models',
        case: name,
        engine: 'chainrule',
        ...m,
        rows: n,
        rowsPerSecond: Math.round(n / (m.medianMs / 1000)),
        nsPerCell: (m.medianMs * 1e6) / cells,
      })
    }
    const image = windowChain()
    samplingRow('ancestral, 784-pixel chain (3-pixel window), 2,000 rows', image, 2000, () => ancestralSample(image, 2000, createRng(1)))
    const small = sprinkler()
    samplingRow('ancestral, sprinkler (4 vars), 1,000,000 rows', small, 1_000_000, () => ancestralSample(small, 1_000_000, createRng(2)))
    samplingRow('likelihood weighting, sprinkler | wet, 1,000,000 rows', small, 1_000_000, () =>
      likelihoodWeighting(small, { wet: 'yes' }, 1_000_000, createRng(3)),
    )
    samplingRow('Gibbs, sprinkler | wet, 200,000 rows', small, 200_000, () => gibbsSample(small, { wet: 'yes' }, { rows: 200_000, burnIn: 100 }, createRng(4)))

    const names = Array.from({ length: 784 }, (_, i) => `x${i}`)
    const cards = Array<number>(784).fill(2)
    const chainDag = unwrap(chain(names))
    const count = (name: string, run: () => bigint, extra: Record<string, string | number> = {}): void => {
      const m = measure(run, { minRepeats: 5, minTimeMs: 200 })
      keep(run())
      rows.push({ suite: 'models', case: name, engine: 'chainrule', ...m, ...extra })
    }
    count('parameterCount, chain rule DAG, n = 784 (307,146 edges)', () => unwrap(dagParameterCount(chainDag, cards)), {
      digits: unwrap(dagParameterCount(chainDag, cards)).toString().length,
    })
    count('parameterCount, 784-pixel window network', () => parameterCount(image))
    count('build structure: autoregressive full history, n = 784', () => unwrap(autoregressive({ grid: { width: 28, height: 28 }, ordering: { kind: 'raster' }, parents: { kind: 'fullHistory' } })).parameterCount)
    return rows
  },
}
