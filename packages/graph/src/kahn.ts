/**
 * Topological order by Kahn's algorithm with a min-heap of ids, so the order
 * is the lexicographically smallest one by id (when the declaration order is
 * already topological, it is `0, 1, ..., n-1`); when nodes are left over, one
 * directed cycle among them, found by an iterative depth-first search.
 * Everything runs on the CSR adjacency arrays (`Int32Array`s).
 */

/** A binary min-heap of ids, used by Kahn's algorithm. */
const heapPush = (heap: Int32Array, size: number, v: number): void => {
  let i = size
  heap[i] = v
  while (i > 0) {
    const p = (i - 1) >> 1
    if (heap[p]! <= v) break
    heap[i] = heap[p]!
    i = p
  }
  heap[i] = v
}
const heapPop = (heap: Int32Array, size: number): number => {
  const top = heap[0]!
  const last = heap[size - 1]!
  const n = size - 1
  let i = 0
  for (;;) {
    let c = 2 * i + 1
    if (c >= n) break
    if (c + 1 < n && heap[c + 1]! < heap[c]!) c++
    if (heap[c]! >= last) break
    heap[i] = heap[c]!
    i = c
  }
  heap[i] = last
  return top
}

/**
 * Find one directed cycle among `candidates` (nodes Kahn's algorithm could not order),
 * by iterative DFS; returns the cycle's ids in edge order.
 */
const findCycle = (n: number, childStart: Int32Array, childList: Int32Array, stuck: Uint8Array): number[] => {
  const color = new Uint8Array(n) // 0 new, 1 on stack, 2 done
  const stack = new Int32Array(n)
  const cursor = new Int32Array(n)
  for (let s = 0; s < n; s++) {
    if (stuck[s] === 0 || color[s] !== 0) continue
    let top = 0
    stack[0] = s
    cursor[s] = childStart[s]!
    color[s] = 1
    while (top >= 0) {
      const u = stack[top]!
      const k = cursor[u]!
      if (k === childStart[u + 1]!) {
        color[u] = 2
        top--
        continue
      }
      cursor[u] = k + 1
      const c = childList[k]!
      if (stuck[c] === 0 || color[c] === 2) continue
      if (color[c] === 1) {
        let from = top
        while (stack[from] !== c) from--
        return Array.from(stack.subarray(from, top + 1))
      }
      color[c] = 1
      cursor[c] = childStart[c]!
      stack[++top] = c
    }
  }
  throw new Error('graph: Kahn left nodes unordered but no cycle was found')
}

/**
 * The smallest topological order by id, or one cycle (ids in edge order) when
 * there is none. `parentStart[v + 1] - parentStart[v]` is v's in-degree; v's
 * children are `childList[childStart[v] .. childStart[v + 1])`.
 */
export const kahnOrder = (
  n: number,
  parentStart: Int32Array,
  childStart: Int32Array,
  childList: Int32Array,
): { readonly order: readonly number[] } | { readonly cycle: readonly number[] } => {
  const indegree = new Int32Array(n)
  for (let v = 0; v < n; v++) indegree[v] = parentStart[v + 1]! - parentStart[v]!
  const heap = new Int32Array(n)
  let size = 0
  for (let v = 0; v < n; v++) if (indegree[v] === 0) heapPush(heap, size++, v)
  const order: number[] = []
  while (size > 0) {
    const u = heapPop(heap, size--)
    order.push(u)
    for (let k = childStart[u]!; k < childStart[u + 1]!; k++) {
      const c = childList[k]!
      if (--indegree[c]! === 0) heapPush(heap, size++, c)
    }
  }
  if (order.length === n) return { order }
  const stuck = new Uint8Array(n)
  for (let v = 0; v < n; v++) if (indegree[v]! > 0) stuck[v] = 1
  return { cycle: findCycle(n, childStart, childList, stuck) }
}
