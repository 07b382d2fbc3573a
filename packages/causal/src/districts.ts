/**
 * Walks on the latent projection restricted to a set of observed variables
 * (a byte mask over its ids): ancestors, with the arcs into some nodes cut,
 * and districts (c-components: the classes of nodes joined by bidirected
 * arcs, Tian & Pearl 2002).
 */
import type { Admg } from './diagram.js'

/** `ids` and their ancestors within `within`; the parents of nodes with `cutInto[v] = 1` are not followed (G_{\bar X}). */
export const ancestorsWithin = (admg: Admg, within: Uint8Array, ids: readonly number[], cutInto?: Uint8Array): Uint8Array => {
  const seen = new Uint8Array(admg.names.length)
  const stack: number[] = []
  for (const v of ids)
    if (within[v] === 1 && seen[v] === 0) {
      seen[v] = 1
      stack.push(v)
    }
  while (stack.length > 0) {
    const v = stack.pop()!
    if (cutInto?.[v] === 1) continue
    for (const p of admg.parents[v]!)
      if (within[p] === 1 && seen[p] === 0) {
        seen[p] = 1
        stack.push(p)
      }
  }
  return seen
}

/** The districts of the subgraph on `within`, each ascending, in order of their smallest node. */
export const districtsWithin = (admg: Admg, within: Uint8Array): number[][] => {
  const seen = new Uint8Array(admg.names.length)
  const out: number[][] = []
  for (let start = 0; start < within.length; start++) {
    if (within[start] === 0 || seen[start] === 1) continue
    const district: number[] = []
    const stack = [start]
    seen[start] = 1
    while (stack.length > 0) {
      const v = stack.pop()!
      district.push(v)
      for (const s of admg.siblings[v]!)
        if (within[s] === 1 && seen[s] === 0) {
          seen[s] = 1
          stack.push(s)
        }
    }
    out.push(district.sort((a, b) => a - b))
  }
  return out
}

/** The ids marked in a mask, ascending. */
export const idsOf = (mask: Uint8Array): number[] => {
  const out: number[] = []
  for (let v = 0; v < mask.length; v++) if (mask[v] === 1) out.push(v)
  return out
}

/** A mask over `n` ids. */
export const mask = (n: number, ids: readonly number[]): Uint8Array => {
  const out = new Uint8Array(n)
  for (const v of ids) out[v] = 1
  return out
}
