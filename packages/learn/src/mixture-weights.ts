/**
 * Finite mixtures from their components' scores: p(x) = sum_k pi_k p_k(x),
 * whatever the components are (chains, latent trees). The mixture's
 * log-likelihood of a row is a log-sum-exp of the components' exact ones;
 * the weights are fitted by EM with the components fixed, which never lowers
 * the log-likelihood of the rows it is fitted on.
 */

/**
 * The mixture's log-likelihoods from its components' (log sum_k pi_k exp(ll_k), stably), and, with
 * `responsibilities`, p(component k | row r) into `responsibilities[r * K + k]` (uniform for a row
 * no component can have drawn).
 *
 * @example
 * ```ts
 * import { combineMixtureScores } from '@chainrule/learn'
 * // Two components scoring a row at -1 each: the mixture scores it at -1 too
 * combineMixtureScores([Float64Array.of(-1), Float64Array.of(-1)], Float64Array.of(0.5, 0.5)) // ~> Float64Array.of(-1)
 * ```
 */
export const combineMixtureScores = (each: readonly Float64Array[], weights: ArrayLike<number>, responsibilities?: Float64Array): Float64Array => {
  const K = each.length
  const rows = each[0]?.length ?? 0
  const logWeights = Float64Array.from({ length: K }, (_, k) => Math.log(weights[k]!))
  const out = new Float64Array(rows)
  for (let r = 0; r < rows; r++) {
    let max = -Infinity
    for (let k = 0; k < K; k++) max = Math.max(max, logWeights[k]! + each[k]![r]!)
    if (max === -Infinity) {
      out[r] = -Infinity
      if (responsibilities !== undefined) for (let k = 0; k < K; k++) responsibilities[r * K + k] = 1 / K
      continue
    }
    let sum = 0
    for (let k = 0; k < K; k++) sum += Math.exp(logWeights[k]! + each[k]![r]! - max)
    out[r] = max + Math.log(sum)
    if (responsibilities !== undefined) for (let k = 0; k < K; k++) responsibilities[r * K + k] = Math.exp(logWeights[k]! + each[k]![r]! - out[r]!)
  }
  return out
}

/**
 * Mixture weights by EM on the components' fixed per-row log-likelihoods, from equal weights: each step
 * sets pi_k to the mean responsibility of component k (at least `floor`). Rows no component can draw
 * (log-likelihood -Infinity under all) say nothing about the weights and are left out. Returns the
 * weights and the other rows' total log-likelihood before each step and after the last (it never
 * decreases while `floor` is 0). Stops after `maxIterations` steps, or earlier when the relative change
 * is at most `tolerance`.
 *
 * @example
 * ```ts
 * import { fitWeightsToScores } from '@chainrule/learn'
 * // Row 0 is likelier under component 0, rows 1 and 2 under component 1.
 * const { weights } = fitWeightsToScores([Float64Array.of(-1, -20, -20), Float64Array.of(-20, -1, -1)], 200)
 * weights[1] // ~> 2 / 3
 * ```
 */
export const fitWeightsToScores = (
  each: readonly Float64Array[],
  maxIterations = 100,
  tolerance = 1e-9,
  floor = 0,
): { readonly weights: Float64Array; readonly logLikelihood: Float64Array } => {
  const K = each.length
  const rows = each[0]?.length ?? 0
  const weights = new Float64Array(K).fill(1 / K)
  const responsibilities = new Float64Array(rows * K)
  const trace: number[] = []
  for (let step = 0; ; step++) {
    const perRow = combineMixtureScores(each, weights, responsibilities)
    let ll = 0
    let drawable = 0
    for (let r = 0; r < rows; r++)
      if (perRow[r] !== -Infinity) {
        ll += perRow[r]!
        drawable++
      }
    const last = trace[trace.length - 1]
    trace.push(ll)
    if (step === maxIterations || drawable === 0 || (last !== undefined && Math.abs(ll - last) <= tolerance * Math.abs(ll))) break
    weights.fill(0)
    for (let r = 0; r < rows; r++) if (perRow[r] !== -Infinity) for (let k = 0; k < K; k++) weights[k]! += responsibilities[r * K + k]! / drawable
    for (let k = 0; k < K; k++) weights[k] = Math.max(weights[k]!, floor)
  }
  return { weights, logLikelihood: Float64Array.from(trace) }
}
