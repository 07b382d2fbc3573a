/**
 * Render one sampled image (a row of a grid network) as ASCII art.
 */
import type { Grid } from './parent-policies.js'
import type { Samples } from './samples.js'

/**
 * Row `r` of samples over a `width x height` grid (variable `y * width + x`)
 * as lines of characters, state s drawn as `palette[s]` (default `' #'` for
 * binary pixels; states past the palette use its last character).
 *
 * @example
 * ```ts
 * import { ancestralSample, asciiImage, autoregressive, createRng, withTables } from '@chainrule/models'
 * import { either as E } from 'fp-ts'
 * // A 3 x 2 image whose pixels are always on
 * const structure = autoregressive({ grid: { width: 3, height: 2 }, ordering: { kind: 'raster' }, parents: { kind: 'lastK', k: 1 } })
 * const bn = E.isRight(structure) ? withTables(structure.right, () => [0, 1]) : undefined
 * const samples = bn !== undefined && E.isRight(bn) ? ancestralSample(bn.right, 1, createRng(1)) : undefined
 * samples !== undefined && E.isRight(samples) && asciiImage(samples.right, 0, { width: 3, height: 2 }) // => '###\n###'
 * samples !== undefined && E.isRight(samples) && asciiImage(samples.right, 0, { width: 3, height: 2 }, '.o') // => 'ooo\nooo'
 * ```
 */
export const asciiImage = (samples: Samples, r: number, grid: Grid, palette = ' #'): string => {
  const lines: string[] = []
  for (let y = 0; y < grid.height; y++) {
    let line = ''
    for (let x = 0; x < grid.width; x++) {
      const s = samples.columns[y * grid.width + x]?.[r] ?? 0
      line += palette[Math.min(s, palette.length - 1)] ?? '?'
    }
    lines.push(line)
  }
  return lines.join('\n')
}
