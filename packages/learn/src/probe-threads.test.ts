import { describe, expect, it } from 'vitest'
import { runProbeJob, type ProbeJob } from './probe-threads.js'
import { barrierOn } from './thread-barrier.js'
import { ownLogits } from './probe-training.js'

describe("the threads' barrier", () => {
  it('lets one party through at once, a new generation each time', () => {
    const sync = new Int32Array(3)
    const barrier = barrierOn(sync, 1)
    barrier()
    barrier()
    expect(Array.from(sync)).toEqual([0, 2, 0])
  })

  it('throws instead of waiting for ever once another thread has failed', () => {
    const sync = Int32Array.of(0, 0, 1)
    expect(() => barrierOn(sync, 2)()).toThrow('another thread failed')
  })

  it('a range whose training fails marks the barrier failed and rethrows', () => {
    const sync = new Int32Array(3)
    const job: ProbeJob = {
      features: { rows: 2, dims: 1, values: Float32Array.of(0, 1), names: ['x'] },
      labels: undefined as unknown as Int32Array,
      validation: undefined,
      range: { lo: 0, hi: 2, classes: 2 },
      settings: { epochs: 1, batchSize: 2, learningRate: 0.1, decay: 1, l2: 0, seed: 1, patience: 1 },
      shared: ownLogits(2, 2, 0),
      sync,
      parties: 1,
    }
    expect(() => runProbeJob(job)).toThrow()
    expect(sync[2]).toBe(1)
  })
})
