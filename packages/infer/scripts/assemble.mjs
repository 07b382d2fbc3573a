// The WebAssembly text of the kernels, assembled with wabt, as base64.
import wabtInit from 'wabt'

export const assembleKernels = async (wat) => {
  const wabt = await wabtInit()
  const module = wabt.parseWat('kernels.wat', wat)
  module.validate()
  const { buffer } = module.toBinary({})
  module.destroy()
  return Buffer.from(buffer).toString('base64')
}
