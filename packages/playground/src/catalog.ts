/**
 * The networks the page offers without a file: the classic sprinkler network
 * written here as BIF text, and bnlearn repository files shipped gzipped in
 * `public/networks/` (about 25 KB together). The page fetches those and
 * gunzips them with the browser's DecompressionStream.
 */

/** Where a bundled network's text comes from. */
export type CatalogSource =
  | { readonly kind: 'inline'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string }

/** One entry of the network menu. */
export interface CatalogEntry {
  readonly id: string
  /** File name given to the reader (errors and format detection use it). */
  readonly file: string
  readonly label: string
  readonly source: CatalogSource
}

/** Pearl's sprinkler network (Russell & Norvig's numbers), as BIF. */
export const SPRINKLER_BIF = `network sprinkler { }
variable cloudy { type discrete [ 2 ] { yes, no }; }
variable sprinkler { type discrete [ 2 ] { on, off }; }
variable rain { type discrete [ 2 ] { yes, no }; }
variable wet_grass { type discrete [ 2 ] { yes, no }; }
probability ( cloudy ) { table 0.5, 0.5; }
probability ( sprinkler | cloudy ) {
  (yes) 0.1, 0.9;
  (no) 0.5, 0.5;
}
probability ( rain | cloudy ) {
  (yes) 0.8, 0.2;
  (no) 0.2, 0.8;
}
probability ( wet_grass | sprinkler, rain ) {
  (on, yes) 0.99, 0.01;
  (on, no) 0.9, 0.1;
  (off, yes) 0.9, 0.1;
  (off, no) 0.0, 1.0;
}
`

const repository = (id: string, label: string): CatalogEntry => ({
  id,
  file: `${id}.bif.gz`,
  label,
  source: { kind: 'file', path: `networks/${id}.bif.gz` },
})

/** The network menu, smallest first. */
export const CATALOG: readonly CatalogEntry[] = [
  { id: 'sprinkler', file: 'sprinkler.bif', label: 'sprinkler (4 nodes)', source: { kind: 'inline', text: SPRINKLER_BIF } },
  repository('cancer', 'cancer (5 nodes)'),
  repository('earthquake', 'earthquake (5 nodes)'),
  repository('survey', 'survey (6 nodes)'),
  repository('asia', 'asia (8 nodes)'),
  repository('sachs', 'sachs (11 nodes)'),
  repository('child', 'child (20 nodes)'),
  repository('insurance', 'insurance (27 nodes)'),
  repository('alarm', 'alarm (37 nodes)'),
  repository('hailfinder', 'hailfinder (56 nodes)'),
  repository('win95pts', 'win95pts (76 nodes)'),
]

/**
 * The catalog entry with this id.
 *
 * @example
 * catalogEntry('asia')?.file // => 'asia.bif.gz'
 */
export const catalogEntry = (id: string): CatalogEntry | undefined => CATALOG.find((e) => e.id === id)
