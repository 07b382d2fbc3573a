/**
 * The soak loop shared by the `soak` script (a million questions) and its
 * short test: mixed questions on one warm engine (hard evidence, soft
 * findings, MPE, and retractions: the previous question asked again with part
 * or all of its evidence dropped), a sample of them asked again on a freshly
 * compiled engine and compared bit for bit, and the process's memory read
 * every `reportEvery` questions.
 */
import { compile, marginals, mpe, type Engine, type Question } from '@chainrule/infer'
import { engineState } from '@chainrule/infer/internal'
import { ancestralSample, createRng, type BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'

/** One memory reading. */
export interface SoakReport {
  readonly questions: number
  readonly rssMB: number
  readonly heapMB: number
  readonly seconds: number
}

/** What a soak found. */
export interface SoakResult {
  readonly reports: readonly SoakReport[]
  /** Questions re-asked on a fresh engine, and how many answers differed in any bit. */
  readonly sampled: number
  readonly mismatches: number
  /** Questions the engine refused (impossible evidence cannot happen: states come from forward samples). */
  readonly failures: number
  readonly kinds: Readonly<Record<string, number>>
  /** Question patterns the warm engine holds trees for at the end (its caches are bounded). */
  readonly patternsKept: number
}

type Kind = 'evidence' | 'soft' | 'mpe' | 'retraction'

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false
  return true
}

/** The answer as numbers, to compare bit for bit. */
const answerOf = (engine: Engine, kind: Kind, question: Question): number[] | undefined => {
  if (kind === 'mpe') {
    const best = mpe(engine, question)
    return E.isLeft(best) ? undefined : [...best.right.states, best.right.logProbability]
  }
  const posterior = marginals(engine, question)
  if (E.isLeft(posterior)) return undefined
  const out = [posterior.right.logPEvidence]
  for (const v of posterior.right.targets) out.push(...posterior.right.probabilities[v]!)
  return out
}

/**
 * Ask `count` mixed questions of one warm engine; every `sampleEvery`-th is
 * asked again of a new engine (compiled for it alone) and compared bit for bit.
 *
 * @example
 * const result = soak(network, { count: 20_000, sampleEvery: 1_000, reportEvery: 10_000, seed: 1 })
 */
export const soak = (
  bn: BayesianNetwork,
  options: { readonly count: number; readonly sampleEvery: number; readonly reportEvery: number; readonly seed: number; readonly onReport?: (r: SoakReport) => void },
): SoakResult => {
  const engine = compile(bn)
  if (E.isLeft(engine)) throw new Error(`compile: ${engine.left._tag}`)
  const n = bn.dag.nodes.length
  const rng = createRng(options.seed)
  const batch = 1000
  let rows = ancestralSample(bn, batch, createRng(options.seed + 1))
  const reports: SoakReport[] = []
  const kinds: Record<Kind, number> = { evidence: 0, soft: 0, mpe: 0, retraction: 0 }
  let previous: Record<string, string> = {}
  let sampled = 0
  let mismatches = 0
  let failures = 0
  const start = performance.now()
  for (let q = 0; q < options.count; q++) {
    const r = q % batch
    if (r === 0 && q > 0) rows = ancestralSample(bn, batch, createRng(options.seed + 1 + q))
    if (E.isLeft(rows)) throw new Error('sampling failed')
    const states = rows.right
    const roll = rng.float()
    const kind: Kind = roll < 0.4 ? 'evidence' : roll < 0.55 ? 'soft' : roll < 0.7 ? 'mpe' : 'retraction'
    kinds[kind]++
    let question: Question
    if (kind === 'retraction') {
      // The previous evidence, with each observation kept at random (all of it dropped sometimes).
      question = { evidence: Object.fromEntries(Object.entries(previous).filter(() => rng.float() < 0.5)) }
    } else {
      const evidence: Record<string, string> = {}
      const k = Math.floor(rng.float() * 6)
      for (let i = 0; i < k; i++) {
        const v = Math.floor(rng.float() * n)
        evidence[bn.dag.nodes[v]!] = states.states[v]![states.columns[v]![r]!]!
      }
      previous = evidence
      if (kind === 'soft') {
        const v = Math.floor(rng.float() * n)
        const name = bn.dag.nodes[v]!
        const weights = bn.domain.variables[v]!.states.map(() => 0.05 + rng.float())
        question = { evidence: Object.fromEntries(Object.entries(evidence).filter(([u]) => u !== name)), soft: { [name]: weights } }
      } else question = { evidence }
    }
    const answer = answerOf(engine.right, kind, question)
    if (answer === undefined) failures++
    else if (q % options.sampleEvery === 0) {
      const fresh = compile(bn)
      if (E.isLeft(fresh)) throw new Error('compile')
      const again = answerOf(fresh.right, kind, question)
      sampled++
      if (again === undefined || !sameBits(answer, again)) mismatches++
    }
    if ((q + 1) % options.reportEvery === 0) {
      const memory = process.memoryUsage()
      const report = { questions: q + 1, rssMB: memory.rss / 2 ** 20, heapMB: memory.heapUsed / 2 ** 20, seconds: (performance.now() - start) / 1000 }
      reports.push(report)
      options.onReport?.(report)
    }
  }
  const kept = engineState(engine.right)
  return { reports, sampled, mismatches, failures, kinds, patternsKept: kept.covers.size + kept.reduced.size }
}
