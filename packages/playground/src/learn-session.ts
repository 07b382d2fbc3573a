/**
 * The Learn worker's state and logic, free of any worker API so that it runs
 * (and is tested) under node: hold one data set (sampled from a bundled
 * network, or read from a CSV), learn a structure from it with
 * `@chainrule/structure` while reporting every move, compare it with the true
 * graph when the data came from a bundled network, and fit the tables of the
 * learned graph into a network the Networks tab can open.
 */
import { MISSING, fromSamples, memorySource, missingCells, parseCsv, type DataSet } from '@chainrule/data'
import { networkFromText, writeBif } from '@chainrule/io'
import { ancestralSample, createRng, isBayesianNetwork, toSpec, type BayesianNetwork } from '@chainrule/models'
import { arcsOf, compareGraphs, cpdagOf, fitTables, learnStructure, scoreGraph, scoreName, undirectedOf, type Algorithm, type Score } from '@chainrule/structure'
import type { Dag } from '@chainrule/graph'
import * as E from 'fp-ts/lib/Either.js'
import { loadFailure, type PlaygroundError } from './errors.js'
import type { Candidate, LearnChoice, LearnRequest, LearnResponse, Truth } from './learn-protocol.js'

/** Most rows the tab samples (the data lives in the worker's memory). */
export const MAX_SAMPLE_ROWS = 200_000

/** A Learn worker session. */
export interface LearnSession {
  /** Handle one request; progress and the answer go through `post`. */
  readonly handle: (request: LearnRequest) => Promise<void>
}

const scoreOf = (name: LearnChoice['score']): Score =>
  name === 'bdeu' ? { kind: 'bdeu', equivalentSampleSize: 1 } : name === 'aic' ? { kind: 'aic' } : name === 'k2' ? { kind: 'k2' } : { kind: 'bic' }

/** The library's algorithm for a choice of the tab, reporting moves and levels through the callbacks. */
export const algorithmOf = (
  choice: LearnChoice,
  onStep: (s: { iteration: number; move: { kind: 'add' | 'remove' | 'reverse'; from: string; to: string }; score: number }) => void,
  onLevel: (l: { size: number; edges: number; tests: number }) => void,
): Algorithm => {
  const score = scoreOf(choice.score)
  const constraints = choice.maxParents === undefined ? {} : { constraints: { maxParents: choice.maxParents } }
  switch (choice.algorithm) {
    case 'hc':
      return { kind: 'hc', score, onStep, ...constraints }
    case 'tabu':
      return { kind: 'tabu', score, onStep, ...constraints }
    case 'hybrid':
      return { kind: 'hybrid', tabu: {}, score, onStep, onLevel, ...constraints }
    case 'pc':
      return { kind: 'pc', onLevel }
    case 'chow-liu':
      return { kind: 'chowLiu' }
  }
}

const truthOf = (id: string, network: BayesianNetwork): Truth => ({ id, nodes: network.dag.nodes, parentIds: network.dag.parentIds })

/** The bundled network whose variables are exactly the data's, if any. */
const matchingCandidate = (variables: readonly string[], candidates: readonly Candidate[]): { id: string; network: BayesianNetwork } | undefined => {
  const wanted = [...variables].sort().join('\u0000')
  for (const candidate of candidates) {
    const loaded = networkFromText(candidate.text, candidate.file)
    if (E.isRight(loaded) && isBayesianNetwork(loaded.right.network) && [...loaded.right.network.dag.nodes].sort().join('\u0000') === wanted)
      return { id: candidate.id, network: loaded.right.network }
  }
  return undefined
}

/**
 * A new session posting its responses through `post`.
 *
 * @example
 * const session = createLearnSession((r) => postMessage(r), () => performance.now())
 * await session.handle({ kind: 'sample', id: 1, network: { id: 'asia', file: 'asia.bif', text }, rows: 5000, seed: 1 })
 * await session.handle({ kind: 'learn', id: 2, choice: { algorithm: 'tabu', score: 'bic' } })
 * // posts { kind: 'step', ... } per move, then { kind: 'learned', arcs, comparison, ... }
 */
export const createLearnSession = (post: (response: LearnResponse) => void, now: () => number): LearnSession => {
  let data: DataSet | undefined
  let truth: { id: string; network: BayesianNetwork } | undefined
  let learned: { dag: Dag; origin: string; choice: LearnChoice } | undefined
  let origin = ''

  const failed = (request: LearnRequest, error: PlaygroundError): void => post({ kind: 'failed', id: request.id, request: request.kind, error })
  const announce = (request: LearnRequest, ds: DataSet): void => {
    data = ds
    learned = undefined
    let incompleteRows = 0
    if (missingCells(ds).total > 0) for (let r = 0; r < ds.rows; r++) if (ds.columns.some((c) => c[r] === MISSING)) incompleteRows++
    post({ kind: 'data', id: request.id, variables: ds.variables, rows: ds.rows, incompleteRows, origin, ...(truth === undefined ? {} : { truth: truthOf(truth.id, truth.network) }) })
  }

  const handle = async (request: LearnRequest): Promise<void> => {
    switch (request.kind) {
      case 'sample': {
        if (!(Number.isInteger(request.rows) && request.rows >= 1 && request.rows <= MAX_SAMPLE_ROWS))
          return failed(request, { _tag: 'Structure', error: { _tag: 'InvalidOption', option: 'rows', value: String(request.rows), reason: `expected a whole number from 1 to ${MAX_SAMPLE_ROWS}` } })
        const loaded = networkFromText(request.network.text, request.network.file)
        if (E.isLeft(loaded)) return failed(request, loadFailure(loaded.left))
        const network = loaded.right.network
        if (!isBayesianNetwork(network)) return failed(request, { _tag: 'NotBayesian', command: 'the Learn tab', file: request.network.file })
        const drawn = ancestralSample(network, request.rows, createRng(request.seed))
        if (E.isLeft(drawn)) return failed(request, { _tag: 'InvalidNetwork', file: request.network.file, errors: [drawn.left] })
        const ds = fromSamples(drawn.right)
        if (E.isLeft(ds)) return failed(request, { _tag: 'DataFile', file: request.network.file, error: ds.left })
        truth = { id: request.network.id, network }
        origin = `${request.rows.toLocaleString('en-US')} rows sampled from ${request.network.id} (seed ${request.seed})`
        return announce(request, ds.right)
      }
      case 'csv': {
        const ds = parseCsv(request.text)
        if (E.isLeft(ds)) return failed(request, { _tag: 'DataFile', file: request.file, error: ds.left })
        truth = matchingCandidate(ds.right.variables, request.candidates)
        origin = `${request.file}: ${ds.right.rows.toLocaleString('en-US')} rows${truth === undefined ? '' : `, the variables of ${truth.id}`}`
        return announce(request, ds.right)
      }
      case 'learn': {
        if (data === undefined) return failed(request, { _tag: 'NothingToLearn', needs: 'data' })
        const id = request.id
        const algorithm = algorithmOf(
          request.choice,
          (s) => post({ kind: 'step', id, iteration: s.iteration, move: s.move.kind, from: s.move.from, to: s.move.to, score: s.score }),
          (l) => post({ kind: 'level', id, size: l.size, edges: l.edges, tests: l.tests }),
        )
        const start = now()
        const source = memorySource(data)
        const result = await learnStructure(source, algorithm)
        if (E.isLeft(result)) return failed(request, { _tag: 'Structure', error: result.left })
        const score = scoreOf(request.choice.score)
        const total = await scoreGraph(source, result.right.dag, score)
        if (E.isLeft(total)) return failed(request, { _tag: 'Structure', error: total.left })
        const seconds = (now() - start) / 1000
        const graph = algorithm.kind === 'pc' ? result.right.graph : cpdagOf(result.right.dag)
        const comparison = truth === undefined ? undefined : compareGraphs(graph, cpdagOf(truth.network.dag))
        learned = { dag: result.right.dag, origin, choice: request.choice }
        const isCpdag = algorithm.kind === 'pc'
        post({
          kind: 'learned',
          id,
          arcs: isCpdag ? arcsOf(result.right.graph) : result.right.dag.parentIds.flatMap((ps, v) => ps.map((p) => [result.right.dag.nodes[p]!, result.right.dag.nodes[v]!] as const)),
          undirected: isCpdag ? undirectedOf(result.right.graph) : [],
          score: total.right,
          scoreName: scoreName(score),
          seconds,
          rows: result.right.rows,
          droppedRows: result.right.droppedRows,
          ...(result.right.iterations === undefined ? {} : { iterations: result.right.iterations }),
          ...(result.right.tests === undefined ? {} : { tests: result.right.tests }),
          ...(comparison === undefined || E.isLeft(comparison) ? {} : { comparison: comparison.right }),
        })
        return
      }
      case 'fit': {
        if (data === undefined || learned === undefined) return failed(request, { _tag: 'NothingToLearn', needs: 'a learned graph' })
        const title = `learned-${learned.choice.algorithm}`
        const network = await fitTables(memorySource(data), learned.dag, { name: title })
        if (E.isLeft(network)) return failed(request, { _tag: 'Structure', error: network.left })
        post({ kind: 'fitted', id: request.id, bif: writeBif(toSpec(network.right)), title })
        return
      }
    }
  }
  return { handle }
}
