// Node-only entry (`@chainrule/io/node`): reading and writing network and
// influence diagram files (node:fs, node:zlib). The main entry reads and writes text and bundles for a
// browser.
export { readNetworkFile, readTextFile, writeNetworkFile } from './file.js'
export { loadNetwork } from './load.js'
export { readDiagramFile } from './diagram-file.js'
