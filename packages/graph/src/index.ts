export type { Dag } from './dag.js'
export { idOf, toGraphology, edgeCount, edges } from './dag.js'
export type { GraphError } from './errors.js'
export { describeError } from './errors.js'
export { independent, chain, markov, fromParents, fromEdges } from './builders.js'
export { addEdge, removeEdge, reverseEdge } from './edit.js'
export {
  parents,
  children,
  family,
  ancestors,
  descendants,
  topologicalOrder,
  isTopologicalOrder,
  roots,
  leaves,
} from './queries.js'
export { ancestorMask, descendantMask } from './closure.js'
export { reachable, reachableMask } from './reachable.js'
export { dSeparated } from './d-separation.js'
export { activeTrail } from './active-trail.js'
export type { UndirectedAdjacency } from './moral-graph.js'
export { moralGraph, ancestralSubgraph, dSeparatedByMoralGraph } from './moral-graph.js'
export { markovBlanket } from './markov-blanket.js'
export type { Immorality } from './immoralities.js'
export { immoralities, skeleton, isIEquivalent } from './immoralities.js'
export type { Independence } from './local-independencies.js'
export { localIndependencies, describeIndependence } from './local-independencies.js'
