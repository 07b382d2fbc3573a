import { loadNetwork } from '@chainrule/io'
import { DuckDBInstance } from '@duckdb/node-api'
const bn = loadNetwork('/work/shared/networks/alarm.bif.gz').right.network
const path = '/tmp/chainrule-bench-data/alarm-10000000-seed1.parquet'
const inst = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1GB' })
const c = await inst.connect()
const names = bn.dag.nodes
const states = bn.domain.variables.map((v) => v.states)
const fams = names.map((_, v) => [...bn.dag.parentIds[v], v])
const q = (n) => `"${n}"`
const lit = (s) => `'${s}'`
const mode = process.argv[2]
const idx = (v) => mode === 'case'
  ? `CAST(CASE ${q(names[v])} ${states[v].map((s, k) => `WHEN ${lit(s)} THEN ${k}`).join(' ')} WHEN '' THEN -1 ELSE (CASE WHEN ${q(names[v])} IS NULL THEN -1 ELSE -2 END) END AS SMALLINT)`
  : `CAST(CASE WHEN ${q(names[v])} IS NULL THEN -1 ELSE coalesce(list_position([${states[v].map(lit).join(',')}], ${q(names[v])}) - 1, -2) END AS SMALLINT)`
const inner = `(SELECT ${names.map((_, v) => `${idx(v)} AS i${v}`).join(', ')} FROM read_parquet('${path}'))`
const all = names.map((_, v) => `i${v}`)
const sql = process.argv[3] === 'union'
  ? fams.map((f, k) => `SELECT ${k} AS f, ${f.map((v) => `i${v}`).join(', ')}, count(*) FROM ${inner} GROUP BY ALL`).join(' UNION ALL ')
  : `SELECT GROUPING(${all.join(',')}), ${all.join(',')}, count(*) FROM ${inner} GROUP BY GROUPING SETS (${fams.map((f) => `(${f.map((v) => `i${v}`).join(',')})`).join(', ')})`
const t = performance.now()
const r = await c.runAndReadAll(sql)
console.log(mode, process.argv[3], r.currentRowCount, performance.now() - t, 'ms', process.resourceUsage().maxRSS / 1024, 'MB')
