import { loadNetwork } from '@chainrule/io'
import { DuckDBInstance } from '@duckdb/node-api'
const bn = loadNetwork('/work/shared/networks/alarm.bif.gz').right.network
const path = '/tmp/chainrule-bench-data/alarm-10000000-seed1.parquet'
const inst = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1GB' })
const c = await inst.connect()
const names = bn.dag.nodes
const fams = names.map((_, v) => [...bn.dag.parentIds[v], v])
const q = (n) => `"${n}"`
const inner = `(SELECT ${names.map((n, v) => `CAST(${q(n)} AS VARCHAR) AS c${v}`).join(', ')} FROM read_parquet('${path}')) cells WHERE ${names.map((_, v) => `c${v} IS NOT NULL AND c${v} <> ''`).join(' AND ')}`
const all = names.map((_, v) => `c${v}`)
const sql = `SELECT GROUPING(${all.join(',')}), ${all.join(',')}, count(*) FROM ${inner} GROUP BY GROUPING SETS (${fams.map((f) => `(${f.map((v) => `c${v}`).join(',')})`).join(', ')})`
const t = performance.now()
const r = await c.runAndReadAll(sql)
console.log(r.currentRowCount, performance.now() - t, 'ms', process.resourceUsage().maxRSS / 1024, 'MB')
