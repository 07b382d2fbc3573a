export { describeError } from './errors.js'
export type { IoError, Location } from './errors.js'
export { DEFAULT_MAX_TABLE_ENTRIES } from './assemble.js'
export type { ReadOptions } from './assemble.js'
export { readBif } from './bif-read.js'
export { writeBif } from './bif-write.js'
export { readXmlBif } from './xmlbif-read.js'
export { readHuginNet } from './net-read.js'
export { readUai, readUaiNetwork, readUaiEvidence } from './uai-read.js'
export type { UaiModel, UaiFactor, EvidenceOptions } from './uai-read.js'
export { interpretUai, isMarkovSpec, uaiReadingNote } from './uai-model.js'
export type { InterpretedUai, ModelSpec, UaiReading } from './uai-model.js'
export { readJson } from './json-read.js'
export { writeJson, JSON_FORMAT, JSON_VERSION } from './json-write.js'
export { formatOfPath, readNetworkText, READABLE, WRITABLE } from './formats.js'
export type { NetworkFormat } from './formats.js'
export {
  readTextFile,
  readNetworkFile,
  writeNetworkText,
  writeNetworkFile,
} from './file.js'
export { loadNetwork } from './load.js'
export { FILE_RENORMALIZE_TOLERANCE, describeLoadError, networkFromText, renormalizationNote } from './network-text.js'
export type { LoadError, LoadedNetwork, LoadOptions } from './network-text.js'
