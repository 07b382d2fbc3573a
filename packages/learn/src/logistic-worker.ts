/**
 * Worker-thread entry of {@link trainRange}: trains one range of positions and
 * posts the result back. Started by `workerThreads` (`worker-threads.ts`) for
 * the task `logisticRange` of `learnLogisticChain`.
 */
import { workerData } from 'node:worker_threads'
import { finishJob, reportProgress } from '@chainrule/workers'
import type { ContextFeature, KernelOptions, PositionData } from './logistic-kernel.js'
import { trainRange } from './logistic-kernel.js'

interface Job {
  readonly n: number
  readonly lo: number
  readonly hi: number
  readonly train: PositionData
  readonly validation: PositionData
  readonly features: readonly ContextFeature[]
  readonly bias: Float64Array
  readonly options: KernelOptions
}

const job = workerData as Job
const result = trainRange(job.n, job.lo, job.hi, job.train, job.validation, job.features, job.bias, job.options, (epoch, batch, batches) =>
  reportProgress({ epoch, batch, batches }),
)
finishJob(result)
