export type { DataError } from './errors.js'
export { describeError } from './errors.js'
export type { DataSet } from './data-set.js'
export {
  MISSING,
  MAX_STATES,
  dataSet,
  fromSamples,
  sliceRows,
  splitRows,
  selectRows,
  rowMajor,
  fromRowMajor,
  missingCells,
  hideCells,
} from './data-set.js'
export { alignToDomain } from './align.js'
export type { CsvOptions } from './csv.js'
export { parseCsv, writeCsv } from './csv.js'
export type { IdxArray } from './idx.js'
export { parseIdx } from './idx.js'
export type { ImageSet, ImageSets, MnistSplit, Binarization, BinaryImages } from './mnist.js'
export {
  MNIST_FILES,
  MNIST_SEEDS,
  MNIST_PROTOCOL,
  binarizeMnist,
  sliceImages,
  pixelNames,
  imageDataSet,
} from './mnist.js'
export type {
  BatchOptions,
  CompleteRowsSum,
  CountOptions,
  CountTable,
  DataSource,
  LogTable,
  MissingPolicy,
  RowBatch,
  ScoreIncomplete,
  ScoreTarget,
  SumOptions,
  WrittenScores,
} from './source.js'
export { checkFamily, memorySource, readAllRows } from './source.js'
export type { CachedSource, CountCacheStats } from './count-cache.js'
export { cachedSource, projectCounts } from './count-cache.js'
