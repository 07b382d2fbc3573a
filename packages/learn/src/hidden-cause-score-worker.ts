/**
 * Worker-thread entry of {@link hiddenCauseLogLikelihoodsOnThreads}: one
 * range of images scored (with their posteriors over the components), posted
 * back through the pool of `@chainrule/workers`. Started by `workerThreads`
 * for the task `hiddenCauseScore`.
 */
import { workerData } from 'node:worker_threads'
import { finishJob } from '@chainrule/workers'
import { scoreCauseJob, type CauseScoreJob } from './hidden-cause.js'

finishJob(scoreCauseJob(workerData as CauseScoreJob))
