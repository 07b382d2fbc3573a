// WebAssembly text assembled with wabt, as base64 (the kernels here, and learn's pattern rows and hidden
// units; `threads` lets a module import a shared memory).
import wabtInit from 'wabt'

export const assembleKernels = async (wat, name = 'kernels.wat') => {
  const wabt = await wabtInit()
  const module = wabt.parseWat(name, wat, { threads: true })
  module.validate({ threads: true })
  const { buffer } = module.toBinary({})
  module.destroy()
  return Buffer.from(buffer).toString('base64')
}
