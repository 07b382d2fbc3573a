/**
 * A plain BIC hill climber, written separately from `@chainrule/structure` as
 * the benchmark's reference: the textbook loop (every step, try adding,
 * removing and reversing every arc; keep the best strict improvement; stop
 * when none improves), with no tabu list and no restarts. It caches family
 * scores under string keys (as pgmpy does since its issue 1049) but counts
 * every new family from scratch (one index pass per parent) and re-scans
 * every candidate with a cycle check at every step. Its SHD is what the
 * issue's "about 27 on alarm" refers to: a separate implementation of the
 * same plain search (the exact figure depends on the move order).
 */

/** Columns of complete rows and their cardinalities. */
export interface PlainData {
  readonly columns: readonly Uint8Array[]
  readonly cards: readonly number[]
  readonly rows: number
}

const bicOf = (data: PlainData, child: number, parents: readonly number[]): number => {
  const { columns, cards, rows } = data
  const r = cards[child]!
  let q = 1
  for (const p of parents) q *= cards[p]!
  const counts = new Float64Array(q * r)
  const index = new Int32Array(rows)
  for (const p of parents) {
    const column = columns[p]!
    const k = cards[p]!
    for (let i = 0; i < rows; i++) index[i] = index[i]! * k + column[i]!
  }
  const x = columns[child]!
  for (let i = 0; i < rows; i++) counts[index[i]! * r + x[i]!]! += 1
  let ll = 0
  for (let j = 0; j < q; j++) {
    let total = 0
    for (let k = 0; k < r; k++) total += counts[j * r + k]!
    for (let k = 0; k < r; k++) {
      const n = counts[j * r + k]!
      if (n > 0) ll += n * Math.log(n / total)
    }
  }
  return ll - 0.5 * Math.log(rows) * q * (r - 1)
}

/** Whether `to` is reachable from `from` along parent -> child arcs (children derived from parent lists). */
const reaches = (parents: readonly (readonly number[])[], from: number, to: number): boolean => {
  const n = parents.length
  const seen = new Uint8Array(n)
  const stack = [from]
  seen[from] = 1
  while (stack.length > 0) {
    const u = stack.pop()!
    if (u === to) return true
    for (let c = 0; c < n; c++)
      if (seen[c] === 0 && parents[c]!.includes(u)) {
        seen[c] = 1
        stack.push(c)
      }
  }
  return false
}

/**
 * Hill climbing with BIC from the empty graph; returns parent lists by column
 * and the number of moves.
 *
 * @example
 * // plainHillClimb({ columns, cards, rows }) -> { parents: [[], [0], ...], moves: 46, score: -212450.0 }
 */
export const plainHillClimb = (data: PlainData): { parents: number[][]; moves: number; score: number; familiesCounted: number } => {
  const n = data.cards.length
  const cache = new Map<string, number>()
  const score = (child: number, parents: readonly number[]): number => {
    const key = `${child}|${[...parents].sort((a, b) => a - b).join(',')}`
    let s = cache.get(key)
    if (s === undefined) {
      s = bicOf(data, child, parents)
      cache.set(key, s)
    }
    return s
  }
  const parents: number[][] = Array.from({ length: n }, () => [])
  let moves = 0
  for (;;) {
    let best = 0
    let apply: (() => void) | undefined
    for (let u = 0; u < n; u++)
      for (let v = 0; v < n; v++) {
        if (u === v) continue
        const pv = parents[v]!
        const pu = parents[u]!
        if (pv.includes(u)) {
          const without = pv.filter((p) => p !== u)
          const removeDelta = score(v, without) - score(v, pv)
          if (removeDelta > best) {
            best = removeDelta
            apply = () => (parents[v] = without)
          }
          // Reversal: remove u -> v, add v -> u; a cycle iff another path leads from u to v.
          const reverseDelta = removeDelta + score(u, [...pu, v]) - score(u, pu)
          if (reverseDelta > best) {
            parents[v] = without
            const cyclic = reaches(parents, u, v)
            parents[v] = pv
            if (!cyclic) {
              best = reverseDelta
              apply = () => {
                parents[v] = without
                parents[u] = [...pu, v]
              }
            }
          }
        } else if (!pu.includes(v)) {
          const addDelta = score(v, [...pv, u]) - score(v, pv)
          if (addDelta > best && !reaches(parents, v, u)) {
            best = addDelta
            apply = () => (parents[v] = [...pv, u])
          }
        }
      }
    if (apply === undefined || best <= 1e-9 * n) break
    apply()
    moves++
  }
  return { parents, moves, score: parents.reduce((s, ps, v) => s + score(v, ps), 0), familiesCounted: cache.size }
}
