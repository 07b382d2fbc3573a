import { loadNetwork } from '@chainrule/io'
import { DuckDBInstance } from '@duckdb/node-api'
const bn = loadNetwork('/work/shared/networks/alarm.bif.gz').right.network
const path = '/tmp/chainrule-bench-data/alarm-10000000-seed1.parquet'
const inst = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1GB' })
const c = await inst.connect()
const names = bn.dag.nodes
const fams = names.map((_, v) => [...bn.dag.parentIds[v], v])
const q = (n) => `"${n}"`
const mode = process.argv[2]
let sql
if (mode === 'union') {
  sql = fams.map((f, k) => `SELECT ${k} AS f, [${f.map((v) => `NULLIF(CAST(${q(names[v])} AS VARCHAR), '')`).join(', ')}] AS k, count(*) AS n FROM read_parquet('${path}') GROUP BY ALL`).join(' UNION ALL ')
} else if (mode === 'union-raw') {
  sql = fams.map((f, k) => `SELECT ${k} AS f, [${f.map((v) => q(names[v])).join(', ')}] AS k, count(*) AS n FROM read_parquet('${path}') GROUP BY ${f.map((v) => q(names[v])).join(', ')}`).join(' UNION ALL ')
} else {
  const all = names.map(q)
  sql = `SELECT GROUPING(${all.join(',')}), ${all.join(',')}, count(*) FROM read_parquet('${path}') GROUP BY GROUPING SETS (${fams.map((f) => `(${f.map((v) => q(names[v])).join(',')})`).join(', ')})`
}
const t = performance.now()
const r = await c.runAndReadAll(sql)
console.log(mode, r.currentRowCount, performance.now() - t, 'ms', process.resourceUsage().maxRSS / 1024, 'MB')
