/**
 * Query-specific pruning: the tables a single posterior P(X | e) actually
 * needs. Two classic reductions, applied in turn:
 * 1. barren variables: in a Bayesian network, variables that are neither
 *    targets, evidence (hard or soft), nor ancestors of them sum out to 1 and
 *    are dropped (Shachter 1986; Koller & Friedman 2009, section 9.3.1);
 * 2. d-separation: once evidence is instantiated, tables that share no
 *    unobserved variable path with X (another connected component of the
 *    reduced interaction graph, i.e. the moralised ancestral graph) only
 *    scale the answer, and are dropped (Lauritzen et al. 1990; Geiger,
 *    Verma & Pearl 1990).
 * The result is exactly the set of tables whose variables are d-connected to
 * X given e within the ancestral set, so P(X | e) computed from them alone is
 * exact. A soft finding on v is a virtual observed child of v: v joins the
 * ancestral set but stays unobserved.
 */

/**
 * Indices of the tables in the ancestral set of `seeds` (step 1 only): every
 * table of a general model, or for a Bayesian network (table i is the CPT of
 * variable i, child last) the tables of the seeds and of their ancestors.
 *
 * @example
 * ```ts
 * import { ancestralTables } from '@chainrule/infer/internal'
 * // chain a -> b -> c: the ancestral set of b is a and b
 * ancestralTables([[0], [0, 1], [1, 2]], true, [1]) // => [0, 1]
 * ```
 */
export const ancestralTables = (scopes: readonly (readonly number[])[], isNetwork: boolean, seeds: Iterable<number>): number[] => {
  if (!isNetwork) return scopes.map((_, t) => t)
  const inSet = new Uint8Array(scopes.length)
  const stack: number[] = []
  const visit = (v: number): void => {
    if (inSet[v] === 1) return
    inSet[v] = 1
    stack.push(v)
  }
  for (const v of seeds) visit(v)
  while (stack.length > 0) {
    const scope = scopes[stack.pop()!]!
    for (let k = 0; k < scope.length - 1; k++) visit(scope[k]!)
  }
  const kept: number[] = []
  for (let t = 0; t < scopes.length; t++) if (inSet[t] === 1) kept.push(t)
  return kept
}

/**
 * Indices of the tables needed for P(targets | evidence).
 * `scopes[t]` is table t's scope; for a Bayesian network (`isNetwork`) table
 * i is the CPT of variable i with the child last, which enables step 1.
 * `states[v]` is v's observed state or -1; `soft` lists the variables with
 * soft findings.
 *
 * @example
 * ```ts
 * import { requisiteTables } from '@chainrule/infer/internal'
 * // chain a -> b -> c with c observed: P(a | c) needs all three CPTs;
 * // P(a) with nothing observed needs only a's.
 * requisiteTables([[0], [0, 1], [1, 2]], true, [0], [-1, -1, 1]) // => [0, 1, 2]
 * requisiteTables([[0], [0, 1], [1, 2]], true, [0], [-1, -1, -1]) // => [0]
 * ```
 */
export const requisiteTables = (
  scopes: readonly (readonly number[])[],
  isNetwork: boolean,
  targets: readonly number[],
  states: ArrayLike<number>,
  soft: readonly number[] = [],
): number[] => {
  const n = states.length
  const seeds: number[] = [...targets, ...soft]
  for (let v = 0; v < n; v++) if (states[v]! >= 0) seeds.push(v)
  const candidates = ancestralTables(scopes, isNetwork, seeds)
  // Nothing observed in a network: each ancestor has a directed path to a target, so the whole ancestral set is
  // connected to the targets and step 2 drops nothing.
  if (isNetwork && seeds.length === targets.length) return candidates

  // 2. Connected components over unobserved variables (union-find).
  const up = new Int32Array(n)
  for (let i = 0; i < n; i++) up[i] = i
  const find = (x: number): number => {
    while (up[x]! !== x) {
      up[x] = up[up[x]!]!
      x = up[x]!
    }
    return x
  }
  for (let c = 0; c < candidates.length; c++) {
    const scope = scopes[candidates[c]!]!
    let root = -1
    for (let i = 0; i < scope.length; i++) {
      const v = scope[i]!
      if (states[v]! >= 0) continue
      const r = find(v)
      if (root < 0) root = r
      else if (r !== root) up[r] = root
    }
  }
  const wanted = new Uint8Array(n)
  for (const v of targets) if (states[v]! < 0) wanted[find(v)] = 1
  const kept: number[] = []
  for (let c = 0; c < candidates.length; c++) {
    const scope = scopes[candidates[c]!]!
    for (let i = 0; i < scope.length; i++)
      if (states[scope[i]!]! < 0 && wanted[find(scope[i]!)] === 1) {
        kept.push(candidates[c]!)
        break
      }
  }
  return kept
}
