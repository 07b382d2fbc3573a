/**
 * A context table as a feature of the logistic image models: the smoothed
 * log-odds of a context structure's table (a causal neighbourhood, the last k
 * pixels), with its pseudo-count chosen on validation images, and the
 * leave-one-out log-odds a training image sees (its own count removed), so
 * that the feature's weight learns how far to trust the table on unseen data.
 */
import * as E from 'fp-ts/lib/Either.js'
import type { AutoregressiveStructure } from '@chainrule/models'
import { contextGroupOf, countContexts, heldOutLogLikelihood, orderingOf, smoothedLogits } from './context-table.js'
import type { LearnError } from './errors.js'
import type { ImageMatrix } from './image-data.js'
import type { ContextFeature } from './logistic-kernel.js'

/** The feature of one context structure and the pseudo-count chosen for it (the best held-out log-likelihood among `alphas`). */
export const contextFeature = (
  train: ImageMatrix,
  validation: ImageMatrix,
  structure: AutoregressiveStructure,
  alphas: readonly number[],
): E.Either<LearnError, { feature: ContextFeature; alpha: number }> => {
  const group = contextGroupOf(structure)
  if (E.isLeft(group)) return group
  const n = structure.names.length
  const ordering = orderingOf(structure)
  const counts = countContexts(train, structure)
  if (E.isLeft(counts)) return counts
  const held = countContexts(validation, structure)
  if (E.isLeft(held)) return held
  let alpha = alphas[0]!
  let best = -Infinity
  for (const a of alphas) {
    const ll = heldOutLogLikelihood(counts.right, held.right, a)
    if (ll > best) {
      best = ll
      alpha = a
    }
  }
  const stride = 1 << group.right.k
  const logits = smoothedLogits(counts.right, ordering, group.right, alpha, new Float64Array(n * stride))
  const looOn = new Float64Array(logits.length)
  const looOff = new Float64Array(logits.length)
  for (let p = 0; p < n; p++) {
    const c = counts.right[ordering[p]!]!
    for (let r = 0; r < c.length / 2; r++) {
      const n0 = c[2 * r]!
      const n1 = c[2 * r + 1]!
      // The image's own count removed: it saw x = 1 (looOn) or x = 0 (looOff).
      looOn[p * stride + r] = Math.log((Math.max(n1 - 1, 0) + alpha) / (n0 + alpha))
      looOff[p * stride + r] = Math.log((n1 + alpha) / (Math.max(n0 - 1, 0) + alpha))
    }
  }
  const { k, counts: parentCounts, parents } = group.right
  return E.right({ feature: { k, counts: parentCounts, parents, logits, looOn, looOff }, alpha })
}
