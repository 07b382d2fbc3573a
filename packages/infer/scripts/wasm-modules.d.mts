/** The WebAssembly modules of src/wasm: file name, exported constant, and what the constant's comment says. */
export declare const WASM_MODULES: readonly { readonly name: string; readonly constant: string; readonly what: string }[]
