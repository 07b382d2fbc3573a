/**
 * Likelihood as an anomaly score. Train a chain on one data set, score the
 * test sets of both, print the mean NLL per set and the AUROC of "NLL says
 * out-of-distribution" (computed by @chainrule/learn), and write a histogram
 * PNG of the two NLL distributions.
 *
 * Default: train on MNIST, out-of-distribution = Fashion-MNIST (this works).
 * --reverse: train on Fashion-MNIST, out-of-distribution = MNIST (this fails:
 * MNIST digits get HIGHER likelihood than the clothes the model was trained
 * on; Nalisnick et al., 2019, "Do Deep Generative Models Know What They Don't Know?").
 *
 * Run: pnpm exec tsc -b examples && node examples/dist/mnist-anomaly.js [--reverse] [--model neighbourhood|fvsbn|mixed|nade|latent-class|tree-mixture|hidden-chow-liu|hierarchical|tiling-mixture] [--out file.png]
 * Needs Fashion-MNIST: sudo apt-get install dataset-fashion-mnist
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { encode } from 'fast-png'
import type { ZooModelName } from '@chainrule/learn'
import { auroc, describeError as describeLearnError, histogram, learnZooModel, nllSummary } from '@chainrule/learn'
import { progressBar, workerThreads } from '@chainrule/learn/node'
import { flag, loadFashion, loadMnist, option, unwrap } from './lib/mnist-load.js'

const reverse = flag('--reverse')
const model = option('--model', 'neighbourhood') as ZooModelName
const out = option('--out', `examples/output/anomaly-${reverse ? 'fashion-vs-mnist' : 'mnist-vs-fashion'}.png`)
const mnist = loadMnist()
const fashion = loadFashion()
const [inName, outName, inSet, outSet] = reverse ? ['Fashion-MNIST', 'MNIST', fashion, mnist] : ['MNIST', 'Fashion-MNIST', mnist, fashion]

const bar = progressBar(`training ${model} on ${inName}`, { quiet: flag('--quiet') })
const fit = unwrap(await learnZooModel(model, inSet.train, inSet.validation, { threads: workerThreads(2), progress: bar.update }), describeLearnError)
bar.finish()
const nllIn = unwrap(fit.score(inSet.test), describeLearnError).map((x) => -x)
const nllOut = unwrap(fit.score(outSet.test), describeLearnError).map((x) => -x)
const area = unwrap(auroc(nllOut, nllIn), describeLearnError)
const meanIn = nllSummary(nllIn.map((x) => -x), 784).meanNll
const meanOut = nllSummary(nllOut.map((x) => -x), 784).meanNll
console.log(`model ${model} trained on ${inName} (${fit.description})`)
console.log(`mean NLL, ${inName} test (in-distribution):      ${meanIn.toFixed(2)} nats`)
console.log(`mean NLL, ${outName} test (out-of-distribution): ${meanOut.toFixed(2)} nats`)
console.log(`AUROC of NLL as an anomaly score (${outName} positive): ${area.toFixed(4)}`)
if (area < 0.5) console.log(`below 0.5: the model gives the unseen ${outName} images HIGHER likelihood than its own test set`)

// Histogram: in-distribution blue, out-of-distribution orange, overlap dark.
const bins = 80
const all = [...nllIn, ...nllOut].sort((a, b) => a - b)
const range: [number, number] = [all[Math.floor(all.length * 0.001)]!, all[Math.floor(all.length * 0.995)]!]
const [hIn, hOut] = unwrap(histogram([nllIn, nllOut], bins, range), describeLearnError)
const width = bins * 6
const height = 200
const data = new Uint8Array(width * height * 3).fill(255)
const peak = Math.max(...hIn!.counts, ...hOut!.counts)
for (let b = 0; b < bins; b++) {
  const a = Math.round((hIn!.counts[b]! / peak) * (height - 1))
  const o = Math.round((hOut!.counts[b]! / peak) * (height - 1))
  for (let y = 0; y < height; y++) {
    const level = height - 1 - y
    const inside = level < a
    const outside = level < o
    if (!inside && !outside) continue
    const rgb = inside && outside ? [90, 60, 90] : inside ? [60, 110, 200] : [240, 150, 40]
    for (let x = b * 6; x < b * 6 + 5; x++) data.set(rgb, (y * width + x) * 3)
  }
}
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, encode({ width, height, data, depth: 8, channels: 3 }))
console.log(`wrote ${out}: NLL from ${range[0].toFixed(0)} (left) to ${range[1].toFixed(0)} nats (right); blue ${inName}, orange ${outName}`)
