/**
 * Counterfactuals by the twin-network method (Balke & Pearl 1994; Pearl,
 * Causality, 2009, section 7.1.4), generalised to several hypothetical
 * worlds: each world copies the endogenous variables its interventions can
 * change (the intervened ones and their descendants), with the intervened
 * ones fixed and the others computed by the same equations from the shared
 * exogenous variables and the world's own copies. Variables a world cannot
 * change are the factual ones (node merging). Every question is then an
 * ordinary exact query on one Bayesian network: the factual world's
 * observations are evidence, a hypothetical world's variables are targets.
 */
import { compile, marginals } from '@chainrule/infer'
import { networkFromSpec, toSpec, type BayesianNetwork, type VariableSpec } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import type { CausalError } from './errors.js'
import type { StructuralModel } from './structural.js'

/** The twin network, and each world's name for every variable (its copy, or the factual variable). */
export interface TwinNetwork {
  readonly network: BayesianNetwork
  /** `worlds[k].get(name)` is the variable standing for `name` in hypothetical world k. */
  readonly worlds: readonly ReadonlyMap<string, string>[]
}

/**
 * The network of the factual world and one hypothetical world per set of
 * interventions (`Y@1` is Y in the first world, `Y@2` in the second, with
 * primes added should a name be taken). Errors: `UnknownVariable`,
 * `UnknownState`, `HiddenVariable` (an intervention on an exogenous variable).
 *
 * @example
 * ```ts
 * import { defineStructuralModel, twinNetwork } from '@chainrule/causal'
 * import { either as E } from 'fp-ts'
 * const scm = defineStructuralModel({
 *   exogenous: { u: { states: ['0', '1'], prior: [0.5, 0.5] } },
 *   endogenous: {
 *     x: { states: ['0', '1'], parents: ['u'], equation: ({ u }) => u! },
 *     y: { states: ['0', '1'], parents: ['x'], equation: ({ x }) => x! },
 *   },
 * })
 * const twin = E.isRight(scm) ? twinNetwork(scm.right, [{ x: '1' }]) : undefined
 * twin !== undefined && E.isRight(twin) && twin.right.network.dag.nodes // => ['u', 'x', 'y', 'x@1', 'y@1']
 * ```
 */
export const twinNetwork = (scm: StructuralModel, worlds: readonly Readonly<Record<string, string>>[]): E.Either<CausalError, TwinNetwork> => {
  const { network } = scm
  const { dag, domain } = network
  const spec = toSpec(network)
  const variables: VariableSpec[] = [...spec.variables]
  const taken = new Set(dag.nodes)
  const names: Map<string, string>[] = []
  for (let k = 0; k < worlds.length; k++) {
    const forced = new Map<number, number>()
    for (const [name, state] of Object.entries(worlds[k]!)) {
      const v = domain.byName.get(name)
      if (v === undefined) return E.left({ _tag: 'UnknownVariable', variable: name })
      if (!scm.endogenous.includes(name)) return E.left({ _tag: 'HiddenVariable', variable: name, role: 'intervened' })
      const s = domain.variables[v]!.states.indexOf(state)
      if (s < 0) return E.left({ _tag: 'UnknownState', variable: name, state, states: domain.variables[v]!.states })
      forced.set(v, s)
    }
    // Copied: the intervened variables and everything downstream of them.
    const copied = new Uint8Array(dag.nodes.length)
    for (const v of dag.topologicalIds) if (forced.has(v) || dag.parentIds[v]!.some((p) => copied[p] === 1)) copied[v] = 1
    const world = new Map<string, string>()
    for (const v of dag.topologicalIds) {
      const name = dag.nodes[v]!
      if (copied[v] === 0) {
        world.set(name, name)
        continue
      }
      let copy = `${name}@${k + 1}`
      while (taken.has(copy)) copy = `${copy}'`
      taken.add(copy)
      world.set(name, copy)
      const original = spec.variables[v]!
      const s = forced.get(v)
      variables.push(
        s === undefined
          ? { ...original, name: copy, parents: original.parents.map((p) => world.get(p)!) }
          : { name: copy, states: original.states, parents: [], table: original.states.map((_, i) => (i === s ? 1 : 0)) },
      )
    }
    names.push(world)
  }
  const built = networkFromSpec({ variables })
  if (E.isLeft(built)) return E.left({ _tag: 'Network', errors: built.left })
  return E.right({ network: built.right.network, worlds: names })
}

/** A counterfactual question: had `do` held, what would `targets` have been, given what was `observed`? */
export interface CounterfactualQuestion {
  /** What was seen in the factual world. */
  readonly observed?: Readonly<Record<string, string>>
  /** The hypothetical interventions. */
  readonly do: Readonly<Record<string, string>>
  /** Variables asked about in the hypothetical world (default: every endogenous one). */
  readonly targets?: readonly string[]
}

/**
 * P(Y_x = y | observed) for every target Y and state y: the distribution of
 * the targets in the world where `do` held, for the units consistent with
 * what was observed. Exact (one query on the twin network). `Infer` with
 * `ImpossibleEvidence` when the observations have probability zero.
 *
 * @example
 * ```ts
 * import { counterfactual, defineStructuralModel } from '@chainrule/causal'
 * import { either as E } from 'fp-ts'
 * // y = x or u: seeing x = 1 and y = 1, had x been 0, y would have been u.
 * const scm = defineStructuralModel({
 *   exogenous: { u: { states: ['0', '1'], prior: [0.75, 0.25] }, v: { states: ['0', '1'], prior: [0.5, 0.5] } },
 *   endogenous: {
 *     x: { states: ['0', '1'], parents: ['v'], equation: ({ v }) => v! },
 *     y: { states: ['0', '1'], parents: ['x', 'u'], equation: ({ x, u }) => (x === '1' || u === '1' ? '1' : '0') },
 *   },
 * })
 * const answer = E.isRight(scm) ? counterfactual(scm.right, { observed: { x: '1', y: '1' }, do: { x: '0' }, targets: ['y'] }) : undefined
 * answer !== undefined && E.isRight(answer) && answer.right.y // => { '0': 0.75, '1': 0.25 }
 * ```
 */
export const counterfactual = (scm: StructuralModel, question: CounterfactualQuestion): E.Either<CausalError, Record<string, Record<string, number>>> => {
  const twin = twinNetwork(scm, [question.do])
  if (E.isLeft(twin)) return twin
  const world = twin.right.worlds[0]!
  const targets = question.targets ?? scm.endogenous
  const names: string[] = []
  for (const t of targets) {
    const name = world.get(t)
    if (name === undefined) return E.left({ _tag: 'UnknownVariable', variable: t })
    names.push(name)
  }
  const engine = compile(twin.right.network)
  if (E.isLeft(engine)) return E.left({ _tag: 'Infer', error: engine.left })
  const observed = question.observed ?? {}
  // A target that is also observed and not copied is the observation itself: asked as a target it would be reported as a point mass.
  const posterior = marginals(engine.right, { evidence: observed, targets: [...new Set(names)] })
  if (E.isLeft(posterior)) return E.left({ _tag: 'Infer', error: posterior.left })
  const { domain, probabilities } = posterior.right
  const out: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>
  targets.forEach((t, i) => {
    const v = domain.byName.get(names[i]!)!
    const p = probabilities[v]!
    out[t] = Object.fromEntries(domain.variables[v]!.states.map((s, k) => [s, p[k]!]))
  })
  return E.right(out)
}
