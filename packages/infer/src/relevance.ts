/**
 * Query-specific pruning: the tables a single posterior P(X | e) actually
 * needs. Two classic reductions, applied in turn:
 * 1. barren variables: in a Bayesian network, variables that are neither
 *    targets, evidence, nor ancestors of them sum out to 1 and are dropped
 *    (Shachter 1986; Koller & Friedman 2009, section 9.3.1);
 * 2. d-separation: once evidence is instantiated, tables that share no
 *    unobserved variable path with X (another connected component of the
 *    reduced interaction graph, i.e. the moralised ancestral graph) only
 *    scale the answer, and are dropped (Lauritzen et al. 1990; Geiger,
 *    Verma & Pearl 1990).
 * The result is exactly the set of tables whose variables are d-connected to
 * X given e within the ancestral set, so P(X | e) computed from them alone is
 * exact.
 */

/**
 * Indices of the tables needed for P(targets | evidence).
 * `scopes[t]` is table t's scope; for a Bayesian network (`isNetwork`) table
 * i is the CPT of variable i with the child last, which enables step 1.
 * `states[v]` is v's observed state or -1.
 *
 * @example
 * // chain a -> b -> c with c observed: P(a | c) needs all three CPTs;
 * // P(a) with nothing observed needs only a's.
 * requisiteTables([[0], [0, 1], [1, 2]], true, [0], [-1, -1, -1]) // [0]
 */
export const requisiteTables = (
  scopes: readonly (readonly number[])[],
  isNetwork: boolean,
  targets: readonly number[],
  states: ArrayLike<number>,
): number[] => {
  const n = states.length
  // 1. The ancestral set of the targets and the evidence.
  const inSet = new Uint8Array(n)
  if (isNetwork) {
    const stack: number[] = []
    const visit = (v: number): void => {
      if (inSet[v] === 1) return
      inSet[v] = 1
      stack.push(v)
    }
    targets.forEach(visit)
    for (let v = 0; v < n; v++) if (states[v]! >= 0) visit(v)
    while (stack.length > 0) {
      const v = stack.pop()!
      const scope = scopes[v]!
      for (let k = 0; k < scope.length - 1; k++) visit(scope[k]!)
    }
  } else inSet.fill(1)
  const candidates: number[] = []
  for (let t = 0; t < scopes.length; t++) {
    // A network's table t belongs to variable t; a general table stays while any variable does.
    if (isNetwork ? inSet[t] === 1 : true) candidates.push(t)
  }

  // 2. Connected components over unobserved variables (union-find).
  const up = Int32Array.from({ length: n }, (_, i) => i)
  const find = (x: number): number => {
    while (up[x]! !== x) {
      up[x] = up[up[x]!]!
      x = up[x]!
    }
    return x
  }
  for (const t of candidates) {
    let root = -1
    for (const v of scopes[t]!) {
      if (states[v]! >= 0) continue
      const r = find(v)
      if (root < 0) root = r
      else if (r !== root) up[r] = root
    }
  }
  const wanted = new Set(targets.filter((v) => states[v]! < 0).map(find))
  return candidates.filter((t) => scopes[t]!.some((v) => states[v]! < 0 && wanted.has(find(v))))
}
