// Node-only entry (`@chainrule/infer/node`): batched scoring on worker threads
// (node:worker_threads, node:os). The main entry bundles for a browser.
export type { ParallelOptions } from './parallel.js'
export { logLikelihoodsParallel } from './parallel.js'
