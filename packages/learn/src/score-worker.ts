/**
 * Worker-thread entry of {@link chainLogLikelihoodsOnThreads}: the
 * log-likelihoods of one range of images under a chain, posted back through
 * the pool of `@chainrule/workers`. Started by `workerThreads` for the task
 * `chainScore`.
 */
import { workerData } from 'node:worker_threads'
import { finishJob } from '@chainrule/workers'
import { scoreChainJob, type ChainScoreJob } from './score-chain.js'

finishJob(scoreChainJob(workerData as ChainScoreJob))
