/**
 * A stream worker (see `stream-workers.ts`): runs the command it is given, on
 * its parent's arguments, with its parent port as the command's input. The
 * command loads and compiles as it does on the main thread, then serves the
 * blocks of lines its parent sends. A command that fails before serving tells
 * its parent, which answers on without it.
 */
import * as E from 'fp-ts/lib/Either.js'
import { parentPort, workerData } from 'node:worker_threads'
import { mpe } from './commands/mpe.js'
import { query } from './commands/query.js'
import { describeError } from './errors.js'
import { batchChannel, type StreamWorkerSpec } from './stream-workers.js'

const port = parentPort!
const { command, args } = workerData as StreamWorkerSpec
const silent = { write: () => true }
const run = command === 'query' ? query : mpe
const result = await run(args, { stdout: silent, stderr: silent, stdin: batchChannel(port) })
if (E.isLeft(result)) port.postMessage({ kind: 'failed', message: describeError(result.left) })
