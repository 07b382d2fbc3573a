import { loadNetwork } from '@chainrule/io'
import { startClickHouseCluster } from './dist/data/clickhouse-cluster.js'
import { openDataSource } from '@chainrule/data/open'
import { learnTablesFromSource, scoreSource } from '@chainrule/learn'
import { createReadStream } from 'node:fs'
import { Readable } from 'node:stream'
const bn = loadNetwork('/work/shared/networks/alarm.bif.gz').right.network
const cluster = await startClickHouseCluster(1, { maxThreads: 1 })
try {
  const columns = bn.dag.nodes.map((name) => `"${name}" String`).join(', ')
  await cluster.query(0, `CREATE TABLE e (${columns}) ENGINE = MergeTree ORDER BY tuple()`)
  await cluster.query(0, `INSERT INTO e FORMAT TabSeparated`, Readable.toWeb(createReadStream('/tmp/chainrule-bench-data/alarm-100000-seed1.tsv')))
  const spec = `clickhouse://127.0.0.1:${new URL(cluster.url(0)).port}/default?table=e`
  const src = (await openDataSource(spec, { domain: bn.domain })).right
  let t = performance.now()
  console.log((await src.counts([[0]]))._tag, 'one family', performance.now() - t)
  t = performance.now()
  console.log((await src.counts([[0], [1]]))._tag, 'two families', performance.now() - t)
  t = performance.now()
  console.log((await src.counts([[0]], { missing: 'available-case' }))._tag, 'one family available', performance.now() - t)
  t = performance.now()
  const l = await learnTablesFromSource(src, bn, { missing: 'available-case' })
  console.log(l._tag, 'learn available', performance.now() - t)
  t = performance.now()
  const s = await scoreSource(bn, src)
  console.log(s._tag, 'score', performance.now() - t)
  await src.close()
} finally { await cluster.stop() }
