/**
 * Worker-thread entry of {@link trainLinearProbeOnThreads}: trains one range
 * of the probe's classes, meeting the other threads at a barrier in shared
 * memory, and posts its weights back. Started by `workerThreads` for the task
 * `probeClasses`.
 */
import { workerData } from 'node:worker_threads'
import { finishJob } from '@chainrule/workers'
import { runProbeJob, type ProbeJob } from './probe-threads.js'

finishJob(runProbeJob(workerData as ProbeJob))
