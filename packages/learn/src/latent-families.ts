/**
 * Latent tree families built from a spec (the skeleton; EM fills the tables):
 *
 * - `latentClass`: one hidden root Z with K states, parent of every observed
 *   variable, which are independent given Z (Lazarsfeld 1950; on binary
 *   images, the mixture of Bernoullis).
 * - `mixture`: Z parent of every variable of a given observed structure: a
 *   mixture of Bayesian networks over one graph with K sets of tables
 *   (Thiesson, Meek, Chickering & Heckerman 1998). `treeMixture` takes the
 *   data's Chow-Liu tree as that graph (a mixture of trees over one tree;
 *   Meila & Jordan 2000 let each component have its own).
 * - `hiddenChowLiu`: the Chow-Liu tree over the observed variables, kept, with
 *   a hidden parent introduced over each cluster of them (connected pieces
 *   of the tree, or image patches), the hidden variables joined by the
 *   contracted tree (cf. Choi, Tan, Anandkumar & Willsky 2011; Liu & Van den
 *   Broeck 2021 use one hidden variable per observed one).
 * - `hierarchical`: layers of hidden variables, each over groups of the layer
 *   below (observed variables for the first), up to one root (Zhang 2004);
 *   optionally the observed Chow-Liu tree kept underneath.
 */
import * as E from 'fp-ts/lib/Either.js'
import { type LearnError, invalidOption as invalid } from './errors.js'
import type { RowData } from './row-data.js'
import type { LatentSkeleton } from './latent-tree.js'
import type { RootedTree } from './chow-liu.js'
import { maximumSpanningTree, mutualInformation } from './chow-liu.js'
import { cutTree, givenGroups, gridPatches, groupTree, treeWeights, type Grouping } from './tree-clusters.js'

/** How to group variables under hidden parents. */
export type Clusters =
  /** Connected pieces of at most `size` variables of the layer's tree (the observed Chow-Liu tree for the first layer). */
  | { readonly kind: 'tree'; readonly size: number }
  /**
   * Rectangular patches of the layer's grid (the image for the first layer, the grid of patches above it);
   * `offset` (each side from 0 to the patch side less one) shifts the patch lattice up and left, cutting the first patches.
   */
  | { readonly kind: 'patches'; readonly width: number; readonly height: number; readonly offset?: { readonly x: number; readonly y: number } }
  /** Explicit groups (every variable of the layer exactly once). */
  | { readonly kind: 'given'; readonly groups: readonly (readonly number[])[] }

/** One layer of a hierarchical latent model. */
export interface HiddenLayer {
  /** States of each hidden variable of the layer. */
  readonly states: number
  readonly clusters: Clusters
}

/** A latent tree family. */
export type LatentFamily =
  | { readonly kind: 'latentClass'; readonly states: number }
  | { readonly kind: 'mixture'; readonly states: number; readonly parents: readonly (readonly number[])[] }
  | { readonly kind: 'treeMixture'; readonly states: number }
  | { readonly kind: 'hiddenChowLiu'; readonly states: number; readonly clusters: Clusters }
  | { readonly kind: 'hierarchical'; readonly layers: readonly HiddenLayer[]; readonly rootStates?: number; readonly observedTree?: boolean }

/** Names and grid of the observed variables. */
export interface ObservedInfo {
  /** Default `v0`, `v1`, ... */
  readonly names?: readonly string[]
  /** For images: the grid of the observed variables (raster order); needed by `patches` on the first layer. */
  readonly grid?: { readonly width: number; readonly height: number }
}

const checkStates = (option: string, k: number): E.Either<LearnError, number> =>
  Number.isInteger(k) && k >= 1 && k <= 255 ? E.right(k) : invalid(option, k, 'expected 1..255 hidden states')

/**
 * The latent class skeleton: one root `Z` with `states` states over the given observed variables.
 *
 * @example
 * ```ts
 * import { latentClassSkeleton } from '@chainrule/learn'
 * latentClassSkeleton(Int32Array.of(2, 2, 3), 4).hiddenNames // => ['Z']
 * ```
 */
export const latentClassSkeleton = (cards: Int32Array, states: number, names?: readonly string[]): LatentSkeleton => ({
  observedNames: names ?? Array.from(cards, (_, i) => `v${i}`),
  observedCards: cards,
  hiddenNames: ['Z'],
  hiddenCards: Int32Array.of(states),
  hiddenParent: Int32Array.of(-1),
  observedHidden: new Int32Array(cards.length),
  observedParents: Array.from(cards, () => new Int32Array(0)),
})

/** Whether an offset is a whole number of cells within a patch side. */
const inRange = (offset: number, side: number): boolean => Number.isInteger(offset) && offset >= 0 && offset < side

/** Group the members of a layer. */
const groupLayer = (
  clusters: Clusters,
  count: number,
  tree: () => RootedTree,
  grid: { readonly width: number; readonly height: number } | undefined,
  option: string,
): E.Either<LearnError, Grouping & { readonly grid?: { width: number; height: number } }> => {
  switch (clusters.kind) {
    case 'tree':
      return Number.isInteger(clusters.size) && clusters.size >= 1 ? E.right(cutTree(tree(), clusters.size)) : invalid(`${option}.size`, clusters.size, 'expected a positive integer')
    case 'patches':
      if (grid === undefined || grid.width * grid.height !== count) return invalid(option, 'patches', 'patches need a grid of the layer (observed: pass grid; hidden: a patch layer below)')
      if (!(Number.isInteger(clusters.width) && clusters.width >= 1 && Number.isInteger(clusters.height) && clusters.height >= 1))
        return invalid(option, `${clusters.width}x${clusters.height}`, 'expected positive patch sides')
      if (clusters.offset !== undefined && !(inRange(clusters.offset.x, clusters.width) && inRange(clusters.offset.y, clusters.height)))
        return invalid(`${option}.offset`, `${clusters.offset.x},${clusters.offset.y}`, 'expected whole offsets from 0 to the patch side less one')
      return E.right(gridPatches(grid, clusters.width, clusters.height, clusters.offset))
    case 'given': {
      const g = givenGroups(clusters.groups, count)
      return g === undefined ? invalid(option, 'groups', `expected every one of the ${count} variables of the layer in exactly one non-empty group`) : E.right(g)
    }
    default:
      return invalid(option, (clusters as { kind?: unknown }).kind, "expected 'tree', 'patches' or 'given'")
  }
}

/**
 * Build the skeleton of a latent family over complete data (the data decides
 * the Chow-Liu trees and, through mutual information, how groups are joined).
 *
 * @example
 * ```ts
 * import { imageRows, latentSkeleton } from '@chainrule/learn'
 * import * as E from 'fp-ts/lib/Either.js'
 * const data = imageRows({ rows: 3, width: 4, height: 2, pixels: new Uint8Array(24).map((_, i) => (i * 7) % 3 === 0 ? 1 : 0) })
 * const s = latentSkeleton({ kind: 'hierarchical', layers: [{ states: 4, clusters: { kind: 'patches', width: 2, height: 2 } }] }, data, { grid: { width: 4, height: 2 } })
 * E.isRight(s) && s.right.hiddenNames // => ['H1_0', 'H1_1', 'R']
 * ```
 */
export const latentSkeleton = (family: LatentFamily, data: RowData, observed: ObservedInfo = {}): E.Either<LearnError, LatentSkeleton> => {
  const n = data.cards.length
  const names = observed.names ?? Array.from({ length: n }, (_, i) => `v${i}`)
  if (names.length !== n) return invalid('names', names.length, `expected ${n} names`)
  let mi: Float64Array | undefined
  const information = (): Float64Array => (mi ??= mutualInformation(data))
  let cl: RootedTree | undefined
  const observedTree = (): RootedTree => (cl ??= maximumSpanningTree(information(), n, 0))
  const base = {
    observedNames: names,
    observedCards: data.cards,
    ...(observed.grid === undefined ? {} : { grid: observed.grid }),
  }
  const noParents = (): Int32Array[] => Array.from({ length: n }, () => new Int32Array(0))
  const treeParents = (): Int32Array[] => Array.from(observedTree().parent, (p) => (p < 0 ? new Int32Array(0) : Int32Array.of(p)))
  switch (family.kind) {
    case 'latentClass': {
      const k = checkStates('states', family.states)
      return E.isLeft(k) ? k : E.right(latentClassSkeleton(data.cards, k.right, names))
    }
    case 'mixture':
    case 'treeMixture': {
      const k = checkStates('states', family.states)
      if (E.isLeft(k)) return k
      let parents: Int32Array[]
      if (family.kind === 'treeMixture') parents = treeParents()
      else {
        if (family.parents.length !== n) return invalid('parents', family.parents.length, `expected one parent list per observed variable (${n})`)
        parents = family.parents.map((ps) => Int32Array.from(ps))
      }
      return E.right({ ...latentClassSkeleton(data.cards, k.right, names), ...base, observedParents: parents })
    }
    case 'hiddenChowLiu': {
      const k = checkStates('states', family.states)
      if (E.isLeft(k)) return k
      const tree = observedTree()
      const groups = groupLayer(family.clusters, n, () => tree, observed.grid, 'clusters')
      if (E.isLeft(groups)) return groups
      // Join the clusters along the Chow-Liu edges between them (weighted by their mutual information).
      const weights = treeWeights(tree, (i) => information()[i * n + tree.parent[i]!]! + 1e-12)
      const rootGroup = groups.right.group[tree.order[0]!]!
      const hidden = groupTree(groups.right, weights, rootGroup)
      const count = groups.right.members.length
      return E.right({
        ...base,
        hiddenNames: Array.from({ length: count }, (_, g) => `H${g}`),
        hiddenCards: new Int32Array(count).fill(k.right),
        hiddenParent: hidden.parent,
        observedHidden: groups.right.group,
        observedParents: treeParents(),
      })
    }
    case 'hierarchical': {
      if (family.layers.length === 0) return invalid('layers', 0, 'expected at least one hidden layer')
      const hiddenNames: string[] = []
      const hiddenCards: number[] = []
      const hiddenParent: number[] = []
      let below: Int32Array = new Int32Array(0) // hidden ids of the layer below (empty for the observed layer)
      let observedHidden = new Int32Array(n)
      let grid = observed.grid
      let weights: () => Float64Array = () => treeWeights(observedTree(), (i) => information()[i * n + observedTree().parent[i]!]! + 1e-12)
      let layerTree: () => RootedTree = observedTree
      for (let l = 0; l < family.layers.length; l++) {
        const layer = family.layers[l]!
        const k = checkStates(`layers[${l}].states`, layer.states)
        if (E.isLeft(k)) return k
        const count = l === 0 ? n : below.length
        const groups = groupLayer(layer.clusters, count, layerTree, grid, `layers[${l}].clusters`)
        if (E.isLeft(groups)) return groups
        const first = hiddenNames.length
        groups.right.members.forEach((_, g) => {
          hiddenNames.push(`H${l + 1}_${g}`)
          hiddenCards.push(k.right)
          hiddenParent.push(-1)
        })
        if (l === 0) observedHidden = Int32Array.from(groups.right.group, (g) => first + g)
        else below.forEach((h, m) => (hiddenParent[h] = first + groups.right.group[m]!))
        // The groups of this layer, joined: the tree the next layer's 'tree' clusters cut.
        const joined = groupTree(groups.right, weights(), 0)
        const ids = Int32Array.from(groups.right.members, (_, g) => first + g)
        const parentWeights = treeWeights(joined)
        weights = () => parentWeights
        layerTree = () => joined
        grid = groups.right.grid
        below = ids
      }
      if (below.length > 1) {
        const rootStates = checkStates('rootStates', family.rootStates ?? family.layers[family.layers.length - 1]!.states)
        if (E.isLeft(rootStates)) return rootStates
        const root = hiddenNames.length
        hiddenNames.push('R')
        hiddenCards.push(rootStates.right)
        hiddenParent.push(-1)
        below.forEach((h) => (hiddenParent[h] = root))
      }
      return E.right({
        ...base,
        hiddenNames,
        hiddenCards: Int32Array.from(hiddenCards),
        hiddenParent: Int32Array.from(hiddenParent),
        observedHidden,
        observedParents: family.observedTree === true ? treeParents() : noParents(),
      })
    }
    default:
      return invalid('family', (family as { kind?: unknown }).kind, "expected 'latentClass', 'mixture', 'treeMixture', 'hiddenChowLiu' or 'hierarchical'")
  }
}
