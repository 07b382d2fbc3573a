/**
 * A barrier for threads that share memory (generation counting, so that it
 * can be used again at once), and the way a thread that fails tells the
 * others: a flag beside the barrier's counters, so that no thread waits for
 * ever for one that will not come. `sync` is [threads arrived, generation,
 * failed], an `Int32Array` of 3 in shared memory.
 */
const ARRIVED = 0
const GENERATION = 1
const FAILED = 2

/** Loads of the barrier's generation before a thread sleeps on it. */
const SPINS = 1 << 20

/** How long a thread waits at the barrier before it looks again whether another thread failed, in ms. */
const LOOK_AGAIN_MS = 1000

/**
 * A barrier for `parties` threads on `sync` (generation counting, so that it can be used again at once).
 * Throws when another thread has failed instead of waiting for it for ever.
 */
export const barrierOn = (sync: Int32Array, parties: number): (() => void) => () => {
  const generation = Atomics.load(sync, GENERATION)
  if (Atomics.add(sync, ARRIVED, 1) === parties - 1) {
    Atomics.store(sync, ARRIVED, 0)
    Atomics.add(sync, GENERATION, 1)
    Atomics.notify(sync, GENERATION)
    return
  }
  // Spin first: the other threads usually arrive within a fraction of a minibatch, and waking from a wait costs more.
  for (let spin = 0; spin < SPINS && Atomics.load(sync, GENERATION) === generation; spin++);
  while (Atomics.load(sync, GENERATION) === generation) {
    if (Atomics.load(sync, FAILED) !== 0) throw new Error('another thread failed')
    Atomics.wait(sync, GENERATION, generation, LOOK_AGAIN_MS)
  }
}

/** Run `work`; if it throws, mark the barrier failed (waking every waiting thread, which then throws too) and rethrow. */
export const failingTogether = <A>(sync: Int32Array, work: () => A): A => {
  try {
    return work()
  } catch (e) {
    Atomics.store(sync, FAILED, 1)
    Atomics.notify(sync, GENERATION)
    throw e
  }
}
