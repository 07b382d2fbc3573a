import { loadNetwork } from '@chainrule/io'
import { parquetSample } from './dist/data/generate.js'
import { openDataSource } from '@chainrule/data/open'
import { learnTablesFromSource } from '@chainrule/learn'
const bn = loadNetwork('/work/shared/networks/alarm.bif.gz').right.network
const rows = Number(process.argv[2])
let t = performance.now()
const path = await parquetSample(bn, 'alarm', rows, 1)
console.log('gen', performance.now() - t)
t = performance.now()
const src = (await openDataSource(path, { domain: bn.domain, threads: 2, memoryLimit: '1GB' })).right
const learned = await learnTablesFromSource(src, bn)
console.log('learn', performance.now() - t, learned._tag, process.resourceUsage().maxRSS / 1024)
await src.close()
