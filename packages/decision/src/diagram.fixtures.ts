/**
 * Test fixtures: random small influence diagrams, and the brute-force
 * oracle: every strategy enumerated (a choice for every assignment of each
 * decision's information set), each evaluated by enumerating every joint
 * assignment. Deliberately naive and independent of the solver's code.
 */
import type { ChanceSpec, DecisionSpec, UtilitySpec } from '@chainrule/models'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { defineInfluenceDiagram } from './define-diagram.js'
import { diagramFromSpec, type InfluenceDiagram } from './diagram.js'
import { describeError } from './errors.js'

const rowsOf = (raw: readonly number[], card: number): number[] => {
  const out = [...raw]
  for (let r = 0; r < out.length; r += card) {
    let sum = 0
    for (let k = 0; k < card; k++) sum += out[r + k]!
    for (let k = 0; k < card; k++) out[r + k] = sum === 0 ? 1 / card : out[r + k]! / sum
  }
  return out
}

/** A variable's slot in a random diagram: chance or decision, its card and its parents among earlier slots. */
interface Slot {
  readonly decision: boolean
  readonly card: number
  readonly parents: readonly number[]
}

/**
 * Random diagrams over up to `maxVars` variables (at most `maxDecisions`
 * decisions, binary), utilities over one or two variables with values in
 * [-10, 10]. With `ordered`, each decision has the one before it as a parent,
 * so that the decisions are in one temporal order.
 */
export const arbDiagram = (options: { readonly maxVars?: number; readonly maxDecisions?: number; readonly ordered?: boolean } = {}): fc.Arbitrary<InfluenceDiagram> => {
  const { maxVars = 5, maxDecisions = 2, ordered = true } = options
  return fc
    .array(fc.tuple(fc.boolean(), fc.integer({ min: 2, max: 3 })), { minLength: 2, maxLength: maxVars })
    .chain((kinds) => {
      let decisions = 0
      const shape = kinds.map(([d, card]) => {
        const decision = d && decisions < maxDecisions && (decisions++, true)
        return { decision, card: decision ? 2 : card }
      })
      if (!shape.some((s) => s.decision)) shape[shape.length - 1] = { decision: true, card: 2 }
      return fc.tuple(
        fc.tuple(...shape.map((_, i) => fc.subarray(Array.from({ length: i }, (_, j) => j), { maxLength: Math.min(2, i) }))),
        fc.array(fc.subarray(shape.map((_, i) => i), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }),
        fc.constant(shape),
      )
    })
    .chain(([parentLists, utilityScopes, shape]) => {
      const slots: Slot[] = shape.map((s, i) => {
        let parents = parentLists[i]!
        if (ordered && s.decision) {
          const previous = shape.slice(0, i).map((x, j) => (x.decision ? j : -1)).filter((j) => j >= 0).pop()
          if (previous !== undefined && !parents.includes(previous)) parents = [...parents, previous]
        }
        return { ...s, parents }
      })
      const rows = (parents: readonly number[]): number => parents.reduce((p, j) => p * slots[j]!.card, 1)
      return fc
        .tuple(
          fc.tuple(
            ...slots.map((s) =>
              s.decision
                ? fc.constant([] as number[])
                : fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 4, arbitrary: fc.double({ min: 0.05, max: 1, noNaN: true }) }), {
                    minLength: rows(s.parents) * s.card,
                    maxLength: rows(s.parents) * s.card,
                  }),
            ),
          ),
          fc.tuple(...utilityScopes.map((scope) => fc.array(fc.integer({ min: -10, max: 10 }), { minLength: rows(scope), maxLength: rows(scope) }))),
        )
        .map(([tables, utilityValues]) => {
          const name = (i: number): string => (slots[i]!.decision ? `d${i}` : `c${i}`)
          const states = (i: number): string[] => Array.from({ length: slots[i]!.card }, (_, s) => `s${s}`)
          const variables = slots.map((s, i): ChanceSpec | DecisionSpec =>
            s.decision
              ? { kind: 'decision', name: name(i), states: states(i), parents: s.parents.map(name) }
              : { kind: 'chance', name: name(i), states: states(i), parents: s.parents.map(name), table: rowsOf(tables[i]!, s.card) },
          )
          const utilities: UtilitySpec[] = utilityScopes.map((scope, k) => ({ name: `u${k}`, parents: scope.map(name), table: utilityValues[k]! }))
          const built = diagramFromSpec({ variables, utilities })
          if (E.isLeft(built)) throw new Error(`fixture diagram: ${built.left._tag}`)
          return built.right
        })
    })
}

/** P(x) x sum U(x) summed over every assignment consistent with the evidence, and P(e), under decision tables `policy(d, x)`. */
const evaluate = (diagram: InfluenceDiagram, evidence: Int32Array, policy: (d: number, x: Int32Array) => number): { readonly weighted: number; readonly mass: number } => {
  const { network, utilities, decisions } = diagram
  const cards = network.domain.variables.map((v) => v.states.length)
  const n = cards.length
  const x = new Int32Array(n)
  let weighted = 0
  let mass = 0
  const visit = (v: number): void => {
    if (v === n) {
      let p = 1
      for (let u = 0; u < n; u++) {
        if (decisions.includes(u)) {
          if (policy(u, x) !== x[u]) return
          continue
        }
        const parents = network.dag.parentIds[u]!
        let row = 0
        for (const q of parents) row = row * cards[q]! + x[q]!
        p *= network.cpts[u]!.values[row * cards[u]! + x[u]!]!
      }
      let total = 0
      for (const util of utilities) {
        let index = 0
        for (const q of util.scope) index = index * cards[q]! + x[q]!
        total += util.values[index]!
      }
      mass += p
      weighted += p * total
      return
    }
    for (let s = 0; s < cards[v]!; s++) {
      if (evidence[v]! >= 0 && evidence[v] !== s) continue
      x[v] = s
      visit(v + 1)
    }
  }
  visit(0)
  return { weighted, mass }
}

/**
 * The information set each decision's policy may use: with `noForgetting`,
 * the parents of it and of every earlier decision and the earlier decisions
 * (earlier in the network's topological order), else its own parents;
 * observed variables left out (they are fixed).
 */
export const informationSets = (diagram: InfluenceDiagram, evidence: Int32Array, noForgetting: boolean): Map<number, number[]> => {
  const { dag } = diagram.network
  const ordered = dag.topologicalIds.filter((v) => diagram.decisions.includes(v))
  const sets = new Map<number, number[]>()
  ordered.forEach((d, k) => {
    const seen = new Set<number>(dag.parentIds[d]!)
    if (noForgetting)
      for (const earlier of ordered.slice(0, k)) {
        seen.add(earlier)
        for (const p of dag.parentIds[earlier]!) seen.add(p)
      }
    sets.set(d, [...seen].filter((v) => evidence[v]! < 0 && v !== d).sort((a, b) => a - b))
  })
  return sets
}

/** How many strategies brute force would enumerate. */
export const strategyCount = (diagram: InfluenceDiagram, sets: ReadonlyMap<number, readonly number[]>, evidence: Int32Array): number => {
  const cards = diagram.network.domain.variables.map((v) => v.states.length)
  let count = 1
  for (const [d, set] of sets) if (evidence[d]! < 0) count *= cards[d]! ** set.reduce((r, v) => r * cards[v]!, 1)
  return count
}

/**
 * The largest E[sum U | e] over every strategy whose decision d chooses from
 * the assignment of sets.get(d) (decisions fixed by the evidence keep their
 * state), by enumerating strategies and assignments. -Infinity when P(e) = 0.
 */
export const bruteForceMeu = (diagram: InfluenceDiagram, evidence: Int32Array, sets: ReadonlyMap<number, readonly number[]>): number => {
  const cards = diagram.network.domain.variables.map((v) => v.states.length)
  const open = diagram.decisions.filter((d) => evidence[d]! < 0)
  const rowsOf = (d: number): number => sets.get(d)!.reduce((r, v) => r * cards[v]!, 1)
  const tables = open.map((d) => new Int32Array(rowsOf(d)))
  const rowOf = (d: number, x: Int32Array): number => sets.get(d)!.reduce((r, v) => r * cards[v]! + x[v]!, 0)
  let best = -Infinity
  const next = (): boolean => {
    for (let k = 0; k < tables.length; k++) {
      const t = tables[k]!
      for (let r = 0; r < t.length; r++) {
        if (++t[r]! < cards[open[k]!]!) return true
        t[r] = 0
      }
    }
    return false
  }
  do {
    const { weighted, mass } = evaluate(diagram, evidence, (d, x) => (evidence[d]! >= 0 ? evidence[d]! : tables[open.indexOf(d)]![rowOf(d, x)]!))
    if (mass > 0) best = Math.max(best, weighted / mass)
  } while (next())
  return best
}

/** E[sum U | e] of one strategy given as a function from decision and assignment to a choice, by enumeration. */
export const bruteForceEu = (diagram: InfluenceDiagram, evidence: Int32Array, policy: (d: number, x: Int32Array) => number): number => {
  const { weighted, mass } = evaluate(diagram, evidence, policy)
  return weighted / mass
}

/**
 * Raiffa's oil wildcatter (Raiffa 1968; the version of Shenoy 1992): a test
 * costing 10, a seismic reading (closed, open or diffuse structure; none
 * without the test), and the payoff of drilling by how much oil there is.
 */
export const oilWildcatter = () => {
  const oil = defineInfluenceDiagram({
    states: { oil: ['dry', 'wet', 'soaking'], test: ['yes', 'no'], seismic: ['closed', 'open', 'diffuse', 'none'], drill: ['yes', 'no'] },
    decisions: { test: [], drill: ['test', 'seismic'] },
    parents: { seismic: ['oil', 'test'] },
    tables: {
      oil: [0.5, 0.3, 0.2],
      seismic: ({ oil, test }) => (test === 'no' ? [0, 0, 0, 1] : oil === 'dry' ? [0.1, 0.3, 0.6, 0] : oil === 'wet' ? [0.3, 0.4, 0.3, 0] : [0.5, 0.4, 0.1, 0]),
    },
    utilities: { testCost: ['test'], payoff: ['drill', 'oil'] },
    utilityTables: { testCost: { yes: -10, no: 0 }, payoff: { yes: { dry: -70, wet: 50, soaking: 200 }, no: { dry: 0, wet: 0, soaking: 0 } } },
  })
  if (E.isLeft(oil)) throw new Error(describeError(oil.left))
  return oil.right
}

