import { describe, expect, it } from 'vitest'
import { createRng } from '@chainrule/models'
import { probeAccuracy, probePredictions, trainLinearProbe } from './linear-probe.js'
import { learnLatentTree } from './latent-em.js'
import { latentClassSkeleton } from './latent-families.js'
import { latentAssignments, latentFeatures, type FeatureMatrix } from './latent-scores.js'
import { clusterScores } from './cluster-scores.js'
import type { RowData } from './row-data.js'
import { right } from './data.fixtures.js'

/** Two well-separated clusters of 30 binary variables: cluster c has each variable on with 0.85 where its pattern says so, else 0.15. */
const twoClusters = (rows: number, seed: number): { data: RowData; labels: Uint8Array } => {
  const rng = createRng(seed)
  const n = 30
  const values = new Uint8Array(rows * n)
  const labels = new Uint8Array(rows)
  for (let r = 0; r < rows; r++) {
    const c = rng.int(2)
    labels[r] = c
    for (let i = 0; i < n; i++) values[r * n + i] = rng.float() < ((i % 2 === c) ? 0.85 : 0.15) ? 1 : 0
  }
  return { data: { rows, cards: new Int32Array(n).fill(2), values }, labels }
}

describe('the linear probe', () => {
  it('features of a latent class model trained on two well-separated clusters give a probe accuracy near 1 (labels never seen by the model)', async () => {
    const train = twoClusters(2000, 1)
    const test = twoClusters(1000, 2)
    const fit = right(await learnLatentTree(train.data, latentClassSkeleton(train.data.cards, 2), { start: { kind: 'rows', seed: 1 }, restarts: 3 }))
    const features = right(latentFeatures(fit.model, train.data))
    const probe = right(trainLinearProbe(features, train.labels, { epochs: 10 }))
    const accuracy = probeAccuracy(probe, right(latentFeatures(fit.model, test.data)), test.labels)
    expect(accuracy).toBeGreaterThan(0.99)
    // The root alone recovers the clusters.
    const scores = right(clusterScores(right(latentAssignments(fit.model, test.data, 'Z')), test.labels))
    expect(scores.purity).toBeGreaterThan(0.99)
    expect(scores.nmi).toBeGreaterThan(0.9)
    // Features that carry nothing (one hidden state) leave the probe at chance.
    const blind = right(await learnLatentTree(train.data, latentClassSkeleton(train.data.cards, 1), { maxIterations: 2 }))
    const flat = right(trainLinearProbe(right(latentFeatures(blind.model, train.data)), train.labels, { epochs: 3 }))
    expect(probeAccuracy(flat, right(latentFeatures(blind.model, test.data)), test.labels)).toBeLessThan(0.6)
  })

  it('learns a linearly separable problem exactly and keeps the epoch with the best validation accuracy', () => {
    const rng = createRng(4)
    const make = (rows: number): { features: FeatureMatrix; labels: Uint8Array } => {
      const values = new Float32Array(rows * 3)
      const labels = new Uint8Array(rows)
      for (let r = 0; r < rows; r++) {
        const c = rng.int(3)
        labels[r] = c
        for (let d = 0; d < 3; d++) values[r * 3 + d] = (d === c ? 1 : 0) + 0.3 * rng.float()
      }
      return { features: { rows, dims: 3, values, names: ['a', 'b', 'c'] }, labels }
    }
    const train = make(600)
    const validation = make(200)
    const probe = right(trainLinearProbe(train.features, train.labels, { epochs: 8, learningRate: 0.05, validation, patience: 8 }))
    expect(probe.classes).toBe(3)
    expect(probe.validationAccuracy).toHaveLength(8)
    expect(probe.validationAccuracy[probe.epoch]).toBe(Math.max(...probe.validationAccuracy))
    expect(probeAccuracy(probe, validation.features, validation.labels)).toBe(probe.validationAccuracy[probe.epoch])
    expect(probeAccuracy(probe, train.features, train.labels)).toBe(1)
    expect(Array.from(probePredictions(probe, validation.features))).toEqual(Array.from(validation.labels))
    // With patience 1, training stops one epoch after the best one, and keeps the best one's weights.
    const early = right(trainLinearProbe(train.features, train.labels, { epochs: 30, learningRate: 0.05, validation, patience: 1 }))
    expect(early.validationAccuracy).toHaveLength(early.epoch + 2)
    expect(probeAccuracy(early, validation.features, validation.labels)).toBe(early.validationAccuracy[early.epoch])
  })

  it('gives the same weights, to the bit, as the definitions read literally (one row, one class, one feature at a time), with odd rows, batches and classes', () => {
    // Minibatch Adam on the mean cross-entropy plus l2/2 |W|^2, row after row, weights[c * dims + d].
    const reference = (f: FeatureMatrix, labels: Uint8Array, classes: number, epochs: number, batchSize: number, seed: number) => {
      const { rows, dims } = f
      const [lr0, decay, l2, beta1, beta2] = [0.005, 0.85, 1e-5, 0.9, 0.999]
      const weights = new Float64Array(dims * classes)
      const bias = new Float64Array(classes)
      const [mW, vW, mb, vb] = [new Float64Array(dims * classes), new Float64Array(dims * classes), new Float64Array(classes), new Float64Array(classes)]
      const order = Int32Array.from({ length: rows }, (_, i) => i)
      const rng = createRng(seed)
      let [lr, step] = [lr0, 0]
      for (let epoch = 0; epoch < epochs; epoch++) {
        for (let i = rows - 1; i > 0; i--) {
          const j = rng.int(i + 1)
          ;[order[i], order[j]] = [order[j]!, order[i]!]
        }
        for (let start = 0; start < rows; start += batchSize) {
          const end = Math.min(rows, start + batchSize)
          const gW = new Float64Array(dims * classes)
          const gb = new Float64Array(classes)
          for (let b = start; b < end; b++) {
            const r = order[b]!
            const logits = Array.from({ length: classes }, (_, c) => {
              let z = bias[c]!
              for (let d = 0; d < dims; d++) z += f.values[r * dims + d]! * weights[c * dims + d]!
              return z
            })
            const max = Math.max(...logits)
            let sum = 0
            for (let c = 0; c < classes; c++) sum += logits[c] = Math.exp(logits[c]! - max)
            for (let c = 0; c < classes; c++) {
              const g = logits[c]! / sum - (c === labels[r] ? 1 : 0)
              gb[c]! += g
              for (let d = 0; d < dims; d++) gW[c * dims + d]! += f.values[r * dims + d]! * g
            }
          }
          step++
          const rate = (lr * Math.sqrt(1 - beta2 ** step)) / (1 - beta1 ** step)
          const adam = (w: Float64Array, m: Float64Array, v: Float64Array, k: number, g: number): void => {
            m[k] = beta1 * m[k]! + (1 - beta1) * g
            v[k] = beta2 * v[k]! + (1 - beta2) * g * g
            w[k]! -= (rate * m[k]!) / (Math.sqrt(v[k]!) + 1e-8)
          }
          for (let k = 0; k < gW.length; k++) adam(weights, mW, vW, k, gW[k]! / (end - start) + l2 * weights[k]!)
          for (let c = 0; c < classes; c++) adam(bias, mb, vb, c, gb[c]! / (end - start))
        }
        lr *= decay
      }
      return { weights, bias }
    }
    const rng = createRng(9)
    const [rows, dims, classes] = [61, 7, 5]
    const values = Float32Array.from({ length: rows * dims }, () => (rng.float() < 0.3 ? 0 : rng.float()))
    const labels = Uint8Array.from({ length: rows }, (_, r) => (r < classes ? r : rng.int(classes)))
    const features = { rows, dims, values, names: [] }
    const probe = right(trainLinearProbe(features, labels, { epochs: 3, batchSize: 7 }))
    const expected = reference(features, labels, classes, 3, 7, 1)
    // Without validation every epoch improves the kept score, so the last epoch's weights are returned.
    expect(probe.epoch).toBe(2)
    expect(Array.from(probe.weights)).toEqual(Array.from(expected.weights))
    expect(Array.from(probe.bias)).toEqual(Array.from(expected.bias))
    // Predictions are the argmax of those logits, also for a last group of rows that is odd.
    const predicted = Array.from({ length: rows }, (_, r) => {
      let best = 0
      let top = -Infinity
      for (let c = 0; c < classes; c++) {
        let z = probe.bias[c]!
        for (let d = 0; d < dims; d++) z += values[r * dims + d]! * probe.weights[c * dims + d]!
        if (z > top) [best, top] = [c, z]
      }
      return best
    })
    expect(Array.from(probePredictions(probe, features))).toEqual(predicted)
  })

  it('typed errors: shapes, labels, options', () => {
    const f = { rows: 2, dims: 1, values: Float32Array.of(0, 1), names: ['x'] }
    expect(trainLinearProbe(f, [0])).toMatchObject({ left: { _tag: 'ShapeMismatch', what: 'labels' } })
    expect(trainLinearProbe({ ...f, rows: 0, values: new Float32Array(0) }, [])).toMatchObject({ left: { _tag: 'EmptyData' } })
    expect(trainLinearProbe({ ...f, values: Float32Array.of(0) }, [0, 1])).toMatchObject({ left: { _tag: 'ShapeMismatch', what: 'feature values' } })
    expect(trainLinearProbe(f, [0, -1])).toMatchObject({ left: { _tag: 'InvalidOption', option: 'labels' } })
    for (const options of [{ epochs: 0 }, { batchSize: 0 }, { learningRate: 0 }, { decay: 2 }, { l2: -1 }, { patience: 0 }])
      expect(trainLinearProbe(f, [0, 1], options)).toMatchObject({ left: { _tag: 'InvalidOption' } })
    expect(trainLinearProbe(f, [0, 1], { validation: { features: { rows: 1, dims: 2, values: new Float32Array(2), names: [] }, labels: [0] } })).toMatchObject({ left: { _tag: 'ShapeMismatch' } })
  })
})
