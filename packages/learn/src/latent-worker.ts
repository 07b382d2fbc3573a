/**
 * Worker-thread entry of {@link runLatentPass}: one range of rows of the
 * latent tree pass, posted back through the pool of `@chainrule/workers`.
 * Started by `workerThreads` for the task `latentPass` of `learnLatentTree`
 * and the latent scores.
 */
import { workerData } from 'node:worker_threads'
import { finishJob } from '@chainrule/workers'
import { runLatentPass, type LatentPassJob } from './latent-parallel.js'

finishJob(runLatentPass(workerData as LatentPassJob))
