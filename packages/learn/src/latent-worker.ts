/**
 * Worker-thread entry of {@link runLatentPass}: one range of rows of the
 * latent tree pass, posted back. Started by `workerThreads` for the task
 * `latentPass` of `learnLatentTree` and the latent scores.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { runLatentPass, type LatentPassJob } from './latent-parallel.js'

const result = runLatentPass(workerData as LatentPassJob)
parentPort?.postMessage({ type: 'done', result })
