/**
 * Planning a cover, before anything is compiled: one tree over the ancestral
 * closure of the targets and the evidence, or, when that tree is large,
 * several trees over merged requisite sets (deepest targets first, merging two
 * when their joint tree is smaller than the two apart, counting what one more
 * tree costs) with a tree for log P(e); whichever holds fewer entries. Sizes
 * come from one fast triangulation per candidate (`local-parts.ts`).
 */
import type { QuestionTables } from './question-tables.js'
import { ancestralTables, requisiteTables } from './relevance.js'
import { partEntries, type RelevantModel } from './local-parts.js'

/** Below this many entries one tree over the ancestral closure always answers (splitting cannot pay). */
export const SPLIT_ABOVE = 2 ** 20

/** Targets examined as merge candidates for each part (requisite sets and trial triangulations are bounded by it). */
const MERGE_CANDIDATES = 8

/** What one more tree costs beyond its entries (compiling it, and a pass over it per question), counted in entries. */
const TREE_OVERHEAD_ENTRIES = 20_000

/** Which tables each tree holds, and the estimated entries of them all. */
export interface CoverPlan {
  /** Each tree's tables, and the variables it must hold (its targets, also when they are in no table). */
  readonly parts: readonly { readonly tables: readonly number[]; readonly variables: readonly number[] }[]
  readonly evidence: 'first' | 'none' | readonly number[]
  readonly entries: number
}

/** The trees a cover would compile and their estimated entries, without compiling anything. */
export const planCover = (model: RelevantModel, question: QuestionTables, targets: readonly number[], depth: ArrayLike<number>): CoverPlan => {
  const { observed } = question
  const scopes = question.tables.map((t) => t.scope)
  const isNetwork = model.isBayesianNetwork
  const soft: number[] = []
  question.likelihoods?.forEach((l, v) => {
    if (l !== undefined) soft.push(v)
  })
  const given: number[] = [...soft]
  observed.forEach((s, v) => {
    if (s >= 0) given.push(v)
  })
  const wanted = targets.filter((v) => observed[v]! < 0)
  const entriesOf = (kept: readonly number[]): number => partEntries(model, question, kept)
  /** A part's entries, or Infinity as soon as sizing passes `bound`. */
  const entriesBelow = (kept: readonly number[], bound: number): number => partEntries(model, question, kept, bound)
  // One tree over the ancestral closure answers every target and log P(e).
  const closure = ancestralTables(scopes, isNetwork, [...wanted, ...given])
  const whole: CoverPlan = { parts: [{ tables: closure, variables: wanted }], evidence: isNetwork && given.length === 0 ? 'none' : 'first', entries: entriesOf(closure) }
  if (whole.entries <= (model.splitAbove ?? SPLIT_ABOVE) || wanted.length <= 1) return whole

  // Several trees over merged requisite sets, deepest targets first.
  const pending = new Uint8Array(model.cards.length)
  for (const v of wanted) pending[v] = 1
  const queue = [...wanted].sort((a, b) => depth[b]! - depth[a]! || a - b)
  const requisiteOf = new Map<number, number[]>()
  const requisite = (v: number): number[] => {
    let kept = requisiteOf.get(v)
    if (kept === undefined) requisiteOf.set(v, (kept = requisiteTables(scopes, isNetwork, [v], observed, soft)))
    return kept
  }
  const parts: { tables: number[]; variables: number[] }[] = []
  let entries = 0
  const inPart = new Uint8Array(scopes.length)
  const inVariables = new Uint8Array(model.cards.length)
  for (let q = 0; q < queue.length && entries < whole.entries; q++) {
    const target = queue[q]!
    if (pending[target] === 0) continue
    let kept = requisite(target)
    let keptEntries = entriesOf(kept)
    inPart.fill(0)
    inVariables.fill(0)
    const take = (t: number): void => {
      inPart[t] = 1
      const scope = scopes[t]!
      for (let i = 0; i < scope.length; i++) inVariables[scope[i]!] = 1
    }
    kept.forEach(take)
    let examined = 0
    for (let r = q + 1; r < queue.length && examined < MERGE_CANDIDATES; r++) {
      const other = queue[r]!
      if (pending[other] === 0 || inVariables[other] === 1) continue
      examined++
      const own = requisite(other)
      const extra = own.filter((t) => inPart[t] === 0)
      // Only parts that overlap much, or small ones, can merge into something smaller.
      if (2 * extra.length > own.length && entriesOf(own) > TREE_OVERHEAD_ENTRIES) continue
      const union = [...kept, ...extra].sort((a, b) => a - b)
      // Merge when the union is smaller than the two apart. A union within the kept part's entries plus one
      // tree's overhead is, whatever the other part's size, so that size is only needed past that bound.
      let joint = entriesBelow(union, keptEntries + TREE_OVERHEAD_ENTRIES)
      if (joint === Infinity) {
        const apart = keptEntries + entriesOf(own) + TREE_OVERHEAD_ENTRIES
        joint = entriesBelow(union, apart)
        if (joint >= apart) continue
      }
      kept = union
      keptEntries = joint
      extra.forEach(take)
    }
    // Every unobserved pending variable of the part is answered by it.
    for (let v = 0; v < pending.length; v++) if (inVariables[v] === 1) pending[v] = 0
    pending[target] = 0
    parts.push({ tables: kept, variables: [target] })
    entries += keptEntries
  }
  if (entries >= whole.entries) return whole
  if (isNetwork && given.length === 0) return { parts, evidence: 'none', entries }
  const evidence = ancestralTables(scopes, isNetwork, given)
  const total = entries + entriesOf(evidence)
  return total < whole.entries ? { parts, evidence, entries: total } : whole
}
