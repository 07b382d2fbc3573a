// The WebAssembly modules of src/wasm: file name, exported constant, and what the constant's comment says.
export const WASM_MODULES = [
  { name: 'kernels', constant: 'kernelsWasm', what: 'The WebAssembly kernels module (kernels.wat)' },
  { name: 'hidden-units', constant: 'hiddenUnitsWasm', what: "The WebAssembly module of a binary chain's hidden units (hidden-units.wat)" },
  { name: 'pattern-rows', constant: 'patternRowsWasm', what: "The WebAssembly module adding a binary chain's dense pattern rows (pattern-rows.wat)" },
]
