// Node-only entry (`@chainrule/learn/node`): worker threads, a progress bar on
// stderr, learning from CSV files. The main entry bundles for a browser.
export { workerThreads } from './worker-threads.js'
export type { ProgressBarOptions } from './progress-bar.js'
export { progressBar } from './progress-bar.js'
export { learnTablesFromCsvFile } from './csv-file-learning.js'
