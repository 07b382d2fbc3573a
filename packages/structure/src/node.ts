/**
 * The Node-only entry of `@chainrule/structure`: counting on worker threads
 * that share the data's columns.
 */
export type { ParallelOptions } from './parallel.js'
export { parallelCounter } from './parallel.js'
