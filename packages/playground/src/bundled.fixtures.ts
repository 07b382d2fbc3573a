/**
 * Test fixtures: the bundled network files, read under node (the page
 * fetches and gunzips them in the browser instead).
 */
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import type { BayesianNetwork } from '@chainrule/models'
import * as E from 'fp-ts/lib/Either.js'
import { openNetworkText } from './read-network.js'

/** The text of `public/networks/<id>.bif.gz`. */
export const bundledText = (id: string): string =>
  gunzipSync(readFileSync(new URL(`../public/networks/${id}.bif.gz`, import.meta.url))).toString('utf8')

/** A bundled network, checked. Throws if it does not open (a broken fixture). */
export const bundledNetwork = (id: string): BayesianNetwork => {
  const opened = openNetworkText(bundledText(id), `${id}.bif.gz`)
  if (E.isLeft(opened)) throw new Error(`bundled network ${id} does not open`)
  return opened.right.network
}
