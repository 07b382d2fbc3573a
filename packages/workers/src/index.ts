export type { PoolOptions, WorkerFailed, WorkerMessage } from './pool.js'
export { runWorkers } from './pool.js'
export { failJob, finishJob, reportProgress } from './worker-side.js'
