/**
 * Neighbours in the moral graph of a set of tables: two variables are
 * neighbours when some table holds both. Built with index loops and scratch
 * arrays kept from one call to the next: sizing relevant parts builds this graph
 * for hundreds of candidate parts per question, often before the code is
 * optimised, where each step of a for-of and each small array allocates.
 */

/** Table scopes laid end to end: table t holds `variables[starts[t]]` up to `variables[starts[t + 1]]` (exclusive); `starts[0]` is 0. */
export interface FlatScopes {
  readonly variables: Int32Array
  readonly starts: Int32Array
  readonly count: number
}

/** Per variable, where its tables start in `tablesOf`; the tables of each variable; a stamp per variable. */
let tablesFrom = new Int32Array(0)
let tablesOf = new Int32Array(0)
let seen = new Int32Array(0)

/**
 * Neighbours of each of the `n` variables through the tables of `scopes`, each once. With `lists`, the
 * lists are refilled in place (entries 0 to n - 1, emptied first) and returned: a caller that uses them up
 * before it asks again (sizing, where the triangulation empties them) allocates no list per variable.
 */
export const flatMoralNeighbours = (n: number, scopes: FlatScopes, lists?: number[][]): number[][] => {
  const { variables, starts, count } = scopes
  const memberships = starts[count]!
  if (tablesFrom.length < n + 1) tablesFrom = new Int32Array(2 * n + 1)
  if (seen.length < n) seen = new Int32Array(2 * n)
  if (tablesOf.length < memberships) tablesOf = new Int32Array(2 * memberships)
  // Each variable's tables (counted, then placed with tablesFrom as cursors, then the cursors moved back).
  tablesFrom.fill(0, 0, n + 1)
  for (let k = 0; k < memberships; k++) tablesFrom[variables[k]! + 1]!++
  for (let v = 0; v < n; v++) tablesFrom[v + 1]! += tablesFrom[v]!
  for (let t = 0; t < count; t++) for (let k = starts[t]!; k < starts[t + 1]!; k++) tablesOf[tablesFrom[variables[k]!]!++] = t
  for (let v = n; v > 0; v--) tablesFrom[v] = tablesFrom[v - 1]!
  tablesFrom[0] = 0
  seen.fill(-1, 0, n)
  const neighbours: number[][] = lists ?? new Array(n)
  for (let a = 0; a < n; a++) {
    let around = neighbours[a]
    if (around === undefined) neighbours[a] = around = []
    else around.length = 0
    seen[a] = a
    for (let h = tablesFrom[a]!; h < tablesFrom[a + 1]!; h++) {
      const t = tablesOf[h]!
      for (let k = starts[t]!; k < starts[t + 1]!; k++) {
        const b = variables[k]!
        if (seen[b] !== a) {
          seen[b] = a
          around.push(b)
        }
      }
    }
  }
  return neighbours
}

/** Neighbours of each of the `n` variables through the tables, each once. */
export const moralNeighbours = (n: number, tables: readonly { readonly scope: readonly number[] }[]): number[][] => {
  let memberships = 0
  for (let t = 0; t < tables.length; t++) memberships += tables[t]!.scope.length
  const variables = new Int32Array(memberships)
  const starts = new Int32Array(tables.length + 1)
  for (let t = 0, k = 0; t < tables.length; t++) {
    const scope = tables[t]!.scope
    for (let i = 0; i < scope.length; i++) variables[k++] = scope[i]!
    starts[t + 1] = k
  }
  return flatMoralNeighbours(n, { variables, starts, count: tables.length })
}
