export type { FactorError, ImpossibleEvidence } from './errors.js'
export { describeError, formatBytes } from './errors.js'
export type { Factor, Nested, StateIndex, VarId } from './factor.js'
export {
  assignmentAt,
  checkEntries,
  checkScope,
  fromFlat,
  fromFunction,
  fromNested,
  indexOf,
  positionOf,
  scalarFactor,
  sizeOf,
  stridesOf,
  tableOf,
  varId,
  varIds,
} from './factor.js'
export type { Domain, DomainVariable, Evidence } from './domain.js'
export {
  cardOf,
  checkEvidence,
  describeAssignment,
  describeEvidence,
  domain,
  evidenceByName,
  labelOf,
  stateLabelOf,
  stateLabelsOf,
  stateOf,
  varOf,
} from './domain.js'
export type { WalkPlan } from './strided-walk.js'
export { planWalk, runWalk, stridesAlong } from './strided-walk.js'
export { product, productOfMany, sumProduct } from './product.js'
export { marginalize, marginalizeOnto } from './marginalize.js'
export type { MaxMarginal } from './max-marginalize.js'
export { argmaxStates, maxMarginalize } from './max-marginalize.js'
export { reduce } from './reduce.js'
export { permute } from './permute.js'
export { divide } from './divide.js'
export { normalize, total } from './normalize.js'
export type { LogFactor, ScaledFactor } from './log-space.js'
export { fromLogSpace, logMarginalize, logProduct, logTotalOf, rescale, toLogSpace } from './log-space.js'
export type { ConditionalOptions, KeyedRow, Rows } from './distributions.js'
export { ROW_TOLERANCE, bernoulli, categorical, conditional } from './distributions.js'
export { checkCardinalities } from './consistency.js'
export type { Conditioned } from './condition.js'
export { bayes, condition } from './condition.js'
export type { EliminationHeuristic, EliminationStep } from './elimination-order.js'
export { eliminationOrder } from './elimination-order.js'
export type { EliminationStrategy, TriangulateOptions, Triangulation, TriangulationStep } from './triangulate.js'
export { cheapestTriangulation, defaultStrategies, eliminateFrom, eliminationEntries, triangulate } from './triangulate.js'
export type { ChildOf, Pruned } from './prune.js'
export { pruneBarren } from './prune.js'
export type { EliminationOptions, EliminationPlan } from './elimination-plan.js'
export { DEFAULT_MEMORY_BUDGET_BYTES, eliminationPlan } from './elimination-plan.js'
export type { EliminationResult } from './variable-elimination.js'
export { variableElimination } from './variable-elimination.js'
export type { LogBucket } from './log-variable-elimination.js'
export { logVariableElimination } from './log-variable-elimination.js'
export type { BucketOptions, LogBuckets } from './log-buckets.js'
export { logBuckets, mostProbableStates, sampleBuckets } from './log-buckets.js'
