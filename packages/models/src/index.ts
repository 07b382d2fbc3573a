export type { NetworkSpec, VariableSpec, TableSpec, Preserved, PreservedPart } from './network-spec.js'
export type { CompactTable, NoisyMaxTable, NoisyParent, DeterministicTable, BinaryGateOptions, NoisyOptions, Rows } from './compact-table.js'
export { isCompact, noisyOr, noisyAnd, noisyMax, noisyMin, deterministic } from './compact-table.js'
export { expandTable } from './compact-expand.js'
export { compactParameterCount, compactEntryCount } from './compact-counts.js'
export { DEFAULT_MAX_EXPANDED_ENTRIES } from './compact-check.js'
export type { Decomposition } from './decompose.js'
export { decompose } from './decompose.js'
export type { ChanceSpec, DecisionSpec, DiagramSpec, UtilitySpec } from './diagram-spec.js'
export type { NetworkError, NamedAssignment } from './errors.js'
export { describeError } from './errors.js'
export type { Rng } from './rng.js'
export { createRng, rngFromState, shuffleInPlace } from './rng.js'
export type { ParentStructure } from './parameter-counts.js'
export {
  familyParameterCount,
  familyTableEntries,
  parameterCountOf,
  tableEntryCountOf,
  dagParameterCount,
  dagTableEntryCount,
  fullJointParameters,
  independentParameters,
  chainRuleParameters,
  markovParameters,
} from './parameter-counts.js'
export { parameterCount, tableEntryCount } from './network-counts.js'
export type { Ordering } from './orderings.js'
export { rasterOrder, snakeOrder, hilbertOrder, randomOrder, explicitOrder, positionsOf } from './orderings.js'
export type { Grid, ParentPolicy } from './parent-policies.js'
export { parentsFromPolicy } from './parent-policies.js'
export type { SpecOptions, Renormalization } from './check-spec.js'
export type {
  RowDeclaration,
  NestedTable,
  StateMap,
  TableDeclaration,
  NetworkDeclaration,
  AnyDeclaration,
  StatesOf,
  ParentStates,
  AssignmentOf,
  DeterministicDeclaration,
} from './declaration.js'
export type { Assignment, BayesianNetwork } from './network.js'
export { cardinalities, variableId, stateIndex } from './network.js'
export type { DefineOptions, SpecNetwork, TableInput } from './define-network.js'
export { defineNetwork, networkFromSpec, withTable, toSpec } from './define-network.js'
export { logProb, logProbOfStates, statesOf } from './log-prob.js'
export type { JointTableOptions } from './joint-table.js'
export { jointTable, jointSize, DEFAULT_MAX_JOINT_ENTRIES } from './joint-table.js'
export type { Column, Samples } from './samples.js'
export { rowOf, rowStates, columnOf, frequencies, estimate, effectiveSampleSize } from './samples.js'
export { ancestralSample } from './ancestral.js'
export type { RejectionOptions, RejectionResult } from './rejection.js'
export { rejectionSample } from './rejection.js'
export { likelihoodWeighting } from './likelihood-weighting.js'
export type { GibbsOptions } from './gibbs.js'
export { gibbsSample } from './gibbs.js'
export type { OrderingChoice, AutoregressiveOptions, AutoregressiveStructure, RowFunction, TablesOptions } from './autoregressive.js'
export { autoregressive, withTables, cellName } from './autoregressive.js'
export { asciiImage } from './ascii.js'
export type { MarkovDeclaration, MarkovNetwork, MarkovSpec, PotentialSpec } from './markov-network.js'
export { defineMarkovNetwork, isBayesianNetwork, markovNetworkFromSpec } from './markov-network.js'
