// Node-only entry (`@chainrule/data/node`): the readers of files and
// directories (node:fs, node:zlib). The main entry parses text and bytes and
// bundles for a browser.
export { readBytes, readCsvFile, readIdxFile } from './files.js'
export { FASHION_MNIST_DIRECTORY, readFashionMnist, readImageSet, readMnistDirectory } from './mnist-files.js'
