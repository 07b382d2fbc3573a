export type { CompactTableData, Model, NoisyParentData, RandomModel, Table } from './model.js'
export { entryAt, indexIn, sizeOf, valuesOver } from './model.js'
export type { Structure, StructureOptions } from './structure.js'
export { arbitraryStructure } from './structure.js'
export type { ModelOptions, Range } from './random-model.js'
export { RARE_ENTRIES, arbitraryModel } from './random-model.js'
export type { NoisyMaxData } from './compact-tables.js'
export { arbitraryDeterministic, arbitraryDistribution, arbitraryNoisyMax, expandCompact, expandNoisyMax } from './compact-tables.js'
export type { Evidence, EvidenceOptions } from './evidence.js'
export { arbitraryEvidence } from './evidence.js'
export type { Joint, Question } from './enumerate.js'
export { enumerateJoint, jointPosterior, logTotal, marginals, mostProbable, exactPosterior, tableOver, total } from './enumerate.js'
export type { MarkovSpecData, NetworkSpecData, VariableSpecData } from './specs.js'
export { likelihoodsOf, markovSpecOf, modelOfSpec, namedEvidence, namedSoft, networkSpecOf, stateName, statesOf, variableName } from './specs.js'
export type { DagData, DagOptions } from './dag.js'
export {
  allDags,
  arbitraryDag,
  arbitraryDagWithPair,
  arbitraryDagWithSets,
  arbitrarySubset,
  bruteForceConnected,
  childrenOf,
  isAcyclic,
  isActiveTrail,
  isDescendantOrSelf,
  parentMapOf,
} from './dag.js'
export { closeRelative, closeTo, frequencyTolerance, maxAbsDiff, maxRelativeDiff, shuffled } from './compare.js'
export type { EitherLike } from './either.js'
export { left, right, tagOf } from './either.js'
