// WebAssembly text assembled with wabt, as base64 (the kernels here, and learn's pattern rows).
import wabtInit from 'wabt'

export const assembleKernels = async (wat, name = 'kernels.wat') => {
  const wabt = await wabtInit()
  const module = wabt.parseWat(name, wat)
  module.validate()
  const { buffer } = module.toBinary({})
  module.destroy()
  return Buffer.from(buffer).toString('base64')
}
