/**
 * Unstable internals for chainrule's own packages (learn, cli, the playground,
 * benchmarks): the compiled tree, propagation on dense ids, relevant parts.
 * Nothing here is part of the public API; it changes without notice.
 */
export type { EngineState, Rates, Seen } from './engine.js'
export { engineState, questionContext } from './engine.js'
export type { CompiledTree, DenseTable, TreeLayout } from './compile-tables.js'
export { compilePlanned, compileTables, planTables, refillTree, WEBASSEMBLY_FROM_ENTRIES } from './compile-tables.js'
export { moralNeighbours } from './moral-graph.js'
export type { DenseEvidence } from './propagate.js'
export { answeredInRange, logEvidence, maxCalibrate, maxPropagate, propagate, readMarginal, readTableMax, readTablePosterior } from './propagate.js'
export type { QuestionContext, ResolvedQuestion } from './question.js'
export { resolveQuestion } from './question.js'
export type { LogSpaceAnswer } from './log-space.js'
export { logSpaceAnswer, questionFactors } from './log-space.js'
export type { Cover, CoverStats, Part } from './relevant-trees.js'
export { answerCover, coverTargets, depthOf } from './relevant-trees.js'
export type { RelevantModel } from './local-parts.js'
export { planCover } from './cover-plan.js'
export { ancestralTables, requisiteTables } from './relevance.js'
export type { QuestionTables, Reduction } from './question-tables.js'
export { patternKey, questionTables, reduceValues, reductionOf } from './question-tables.js'
export { relevantModel } from './covers.js'
export { drawFromTree } from './draw-from-tree.js'
export { junctionTree } from './junction-tree.js'
export type { TreeShape } from './junction-tree.js'
export type { PatternRowsKernel } from './pattern-rows.js'
export { patternRowsKernel } from './pattern-rows.js'
