/**
 * Worker-thread entry of {@link learnHiddenCause} with `threads`: one range
 * of an E-step (images) or M-step (components), posted back through the pool
 * of `@chainrule/workers`. Started by `workerThreads` for the task
 * `hiddenCause`.
 */
import { workerData } from 'node:worker_threads'
import { finishJob } from '@chainrule/workers'
import { runCausePhase, type CauseJob } from './hidden-cause.js'

finishJob(runCausePhase(workerData as CauseJob))
