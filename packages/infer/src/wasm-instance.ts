/**
 * Instantiating the WebAssembly modules of `wasm/` (the propagation kernels of
 * `arena.ts`, the pattern rows of `pattern-rows.ts`): each module compiled once
 * from its base64 bytes, each instance over a memory of its own whose size
 * never changes, so the views handed out over it stay valid. Undefined wherever
 * the runtime has no WebAssembly, or refuses the module or the memory: callers
 * then keep their typed-array code.
 */

/** The part of the WebAssembly API used here (typed locally: the package's libraries have no DOM). */
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object
  readonly Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => { readonly buffer: ArrayBufferLike }
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown }
}
const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly

const PAGE = 65_536
/** WebAssembly memories (32-bit) end at 4 GiB. */
const MAX_PAGES = 65_536

/** Each module by its base64 text, compiled once (null where the runtime refused it). */
const compiled = new Map<string, object | null>()

const compiledModule = (base64: string): object | null => {
  let module = compiled.get(base64)
  if (module === undefined) {
    try {
      module = wasm === undefined ? null : new wasm.Module(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)))
    } catch {
      module = null
    }
    compiled.set(base64, module)
  }
  return module
}

/** A memory of at least `bytes` (fixed size), shared or not; undefined where the runtime has no WebAssembly or refuses it. */
const memoryOf = (bytes: number, shared: boolean): { readonly buffer: ArrayBufferLike } | undefined => {
  const pages = Math.max(1, Math.ceil(bytes / PAGE))
  if (wasm === undefined || pages > MAX_PAGES) return undefined
  try {
    return new wasm.Memory({ initial: pages, maximum: pages, shared })
  } catch {
    // The runtime refused the memory (address space, no threads, or a limit of its own).
    return undefined
  }
}

/** The exports of module `base64` instantiated over `memory` (imported as `env.memory`), or undefined. */
const exportsOver = <Exports>(base64: string, memory: object): Exports | undefined => {
  const module = compiledModule(base64)
  if (module === null || wasm === undefined) return undefined
  try {
    return new wasm.Instance(module, { env: { memory } }).exports as Exports
  } catch {
    return undefined
  }
}

/**
 * The module `base64` instantiated over a fresh memory of at least `bytes` (imported as `env.memory`):
 * its exports and the memory's buffer, or undefined (see the module comment).
 *
 * Used as (package-internal, not exported):
 * const instance = instantiate<WasmKernels>(kernelsWasm, bytes)
 */
export const instantiate = <Exports>(base64: string, bytes: number): { readonly exports: Exports; readonly buffer: ArrayBuffer } | undefined => {
  if (wasm === undefined || compiledModule(base64) === null) return undefined
  const memory = memoryOf(bytes, false)
  const exports = memory === undefined ? undefined : exportsOver<Exports>(base64, memory)
  return memory === undefined || exports === undefined ? undefined : { exports, buffer: memory.buffer as ArrayBuffer }
}

/** A WebAssembly memory whose buffer is a `SharedArrayBuffer`: it can be handed to worker threads, which instantiate over it. */
export interface SharedMemory {
  readonly buffer: SharedArrayBuffer
}

/** A shared memory of at least `bytes`, or undefined where the runtime has no WebAssembly threads or refuses the memory. */
export const sharedMemory = (bytes: number): SharedMemory | undefined => memoryOf(bytes, true) as SharedMemory | undefined

/** The module `base64` (which imports a shared `env.memory`) instantiated over `memory`: its exports, or undefined (see the module comment). */
export const instantiateShared = <Exports>(base64: string, memory: SharedMemory): Exports | undefined => exportsOver<Exports>(base64, memory)
