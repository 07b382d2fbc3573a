// The Digits tab: a 28x28 drawing canvas scored by the learned chain in a
// worker, the anomaly verdict against the test digits, and seeded samples.
// Test hooks: the canvas carries `data-pixels` (784 '0'/'1'), the tab carries
// `data-generation` (scores shown) and `data-samples` (sample batches shown),
// and `window.__digits.setPixels(bits)` replaces the drawing.
import { bitsFrom, bitsToText, blankDrawing, cellAt, stroke } from '../src/digit-canvas.js'
import type { Drawing } from '../src/digit-canvas.js'
import type { DigitsRequest, DigitsResponse } from '../src/digits-protocol.js'
import { describeError } from '../src/errors.js'
import { html } from './dom.js'

const MODEL_URL = 'generated/digits-model.bin.gz'
const SAMPLES = 8
const BRUSH = 1.3

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id)
  if (element === null) throw new Error(`missing #${id}`)
  return element as T
}

/** Paint bits onto a canvas of the drawing's size (white ink on black). */
const render = (canvas: HTMLCanvasElement, pixels: Uint8Array, width: number, height: number): void => {
  const context = canvas.getContext('2d')
  if (context === null) return
  const image = context.createImageData(width, height)
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i] === 0 ? 0 : 255
    image.data.set([v, v, v, 255], 4 * i)
  }
  context.putImageData(image, 0, 0)
  canvas.dataset['pixels'] = bitsToText(pixels)
}

/** Wire the Digits tab; the model loads on first use. */
export const startDigitsTab = (showMessage: (text: string | undefined) => void): { readonly activate: () => void } => {
  const tab = byId<HTMLElement>('digits-tab')
  const canvas = byId<HTMLCanvasElement>('digit-canvas')
  const seedInput = byId<HTMLInputElement>('digit-seed')
  const samples = byId<HTMLElement>('digit-samples')
  const modelLine = byId<HTMLElement>('digit-model')
  const drawing: Drawing = blankDrawing(28, 28)
  let worker: Worker | undefined
  let nextId = 1
  let loaded = false
  let scoring = false
  let rescore = false
  let generation = 0
  let batches = 0
  let last: { x: number; y: number } | undefined

  const post = (request: DigitsRequest): void => worker?.postMessage(request)
  const requestScore = (): void => {
    if (!loaded) return
    if (scoring) {
      rescore = true
      return
    }
    scoring = true
    rescore = false
    const pixels = drawing.pixels.slice()
    tab.dataset['scoring'] = bitsToText(pixels)
    post({ kind: 'score', id: nextId++, pixels })
  }

  const onAnswer = (r: DigitsResponse): void => {
    switch (r.kind) {
      case 'loaded': {
        loaded = true
        const { header, band } = r
        byId('digit-band').textContent = `${band.low.toFixed(2)} – ${band.high.toFixed(2)} nats (test percentiles ${band.lowPercent}–${band.highPercent})`
        byId('digit-band').dataset['low'] = String(band.low)
        byId('digit-band').dataset['high'] = String(band.high)
        modelLine.textContent =
          `${header.description}. Model file ${(r.bytes / 1024).toFixed(0)} KB (uncompressed); ` +
          `mean test NLL ${r.testMeanNll.toFixed(2)} nats over ${header.testImages} test images; decoded in ${r.ms.toFixed(0)} ms.`
        tab.dataset['loaded'] = 'true'
        requestScore()
        return
      }
      case 'scored': {
        scoring = false
        const s = r.score
        const ll = byId('digit-ll')
        ll.textContent = `${s.logLikelihood.toFixed(4)} nats`
        ll.dataset['value'] = String(s.logLikelihood)
        byId('digit-bpp').textContent = s.bitsPerPixel.toFixed(4)
        byId('digit-percentile').textContent = `${s.percentBelow.toFixed(1)}%`
        const v = byId('digit-verdict')
        v.textContent = s.anomaly ? `anomaly: ${s.verdict} for a digit` : 'typical digit'
        v.dataset['anomaly'] = String(s.anomaly)
        tab.dataset['scored'] = tab.dataset['scoring'] ?? ''
        tab.dataset['scoreMs'] = r.ms.toFixed(3)
        tab.dataset['generation'] = String(++generation)
        if (rescore) requestScore()
        return
      }
      case 'sampled': {
        samples.replaceChildren()
        const n = 28 * 28
        for (let i = 0; i < r.count; i++) {
          const c = html('canvas', { class: 'digit-sample', width: 28, height: 28, 'data-seed': r.seed, title: `sample ${i + 1}, seed ${r.seed}` })
          render(c, r.images.subarray(i * n, (i + 1) * n), 28, 28)
          samples.append(c)
        }
        samples.dataset['seed'] = String(r.seed)
        tab.dataset['sampleMs'] = r.ms.toFixed(3)
        tab.dataset['samples'] = String(++batches)
        return
      }
      case 'failed':
        if (r.request === 'score') scoring = false
        showMessage(describeError(r.error))
        modelLine.textContent = describeError(r.error)
        return
    }
  }

  const redraw = (): void => {
    render(canvas, drawing.pixels, 28, 28)
    requestScore()
  }

  const at = (event: PointerEvent): { x: number; y: number } => {
    const box = canvas.getBoundingClientRect()
    return cellAt(event.clientX - box.left, event.clientY - box.top, box.width, box.height, 28, 28)
  }
  canvas.addEventListener('pointerdown', (event) => {
    canvas.setPointerCapture(event.pointerId)
    last = at(event)
    stroke(drawing, last.x, last.y, last.x, last.y, BRUSH)
    redraw()
  })
  canvas.addEventListener('pointermove', (event) => {
    if (last === undefined) return
    const p = at(event)
    if (stroke(drawing, last.x, last.y, p.x, p.y, BRUSH) > 0) redraw()
    last = p
  })
  const end = (): void => {
    last = undefined
  }
  canvas.addEventListener('pointerup', end)
  canvas.addEventListener('pointercancel', end)
  byId('digit-clear').addEventListener('click', () => {
    drawing.pixels.fill(0)
    redraw()
  })
  byId('digit-sample').addEventListener('click', () => {
    const seed = Math.max(0, Math.floor(Number(seedInput.value) || 0))
    seedInput.value = String(seed + 1)
    post({ kind: 'sample', id: nextId++, count: SAMPLES, seed })
  })
  ;(window as unknown as { __digits: unknown }).__digits = {
    setPixels: (bits: ArrayLike<number>): boolean => {
      const parsed = bitsFrom(bits, 784)
      if (parsed === undefined) return false
      drawing.pixels.set(parsed)
      redraw()
      return true
    },
  }
  render(canvas, drawing.pixels, 28, 28)

  return {
    activate: () => {
      if (worker !== undefined) return
      worker = new Worker(new URL('./digits.worker.ts', import.meta.url), { type: 'module' })
      worker.onmessage = (event: MessageEvent<DigitsResponse>) => onAnswer(event.data)
      post({ kind: 'load', id: nextId++, url: new URL(MODEL_URL, document.baseURI).href })
    },
  }
}

/** Switch between the Networks, Learn and Digits tabs; returns a way to switch from code. */
export const startTabs = (activators: Readonly<Record<string, { readonly activate: () => void }>>): { readonly select: (name: string) => void } => {
  const panes: Record<string, readonly HTMLElement[]> = {
    // The status line speaks of the open network: it belongs to the network tab.
    network: [byId('network-controls'), document.querySelector('main') as HTMLElement, byId('status')],
    learn: [byId('learn-tab')],
    digits: [byId('digits-tab')],
  }
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('#tabs [data-tab]')]
  const select = (chosen: string): void => {
    for (const b of buttons) b.setAttribute('aria-selected', String(b.dataset['tab'] === chosen))
    for (const [name, elements] of Object.entries(panes)) for (const e of elements) e.hidden = name !== chosen
    document.body.dataset['tab'] = chosen
    activators[chosen]?.activate()
  }
  for (const button of buttons) button.addEventListener('click', () => select(button.dataset['tab'] ?? 'network'))
  return { select }
}
