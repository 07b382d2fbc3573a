/**
 * Worker-thread entry of {@link trainHiddenShard}: one thread's part of
 * training a chain with hidden units, over parameters in shared memory. Started by
 * `workerThreads` (`worker-threads.ts`) for the task `hiddenShard` of `learnLogisticChain`.
 */
import { workerData } from 'node:worker_threads'
import { finishJob, reportProgress } from '@chainrule/workers'
import type { HiddenShardJob } from './hidden-kernel.js'
import { trainHiddenShard } from './hidden-kernel.js'

const job = workerData as HiddenShardJob
const reports = job.thread === 0
finishJob(trainHiddenShard(job, reports ? (epoch, batch, batches) => reportProgress({ epoch, batch, batches }) : undefined))
