import { loadNetwork } from '@chainrule/io'
import { DuckDBInstance } from '@duckdb/node-api'
const bn = loadNetwork('/work/shared/networks/alarm.bif.gz').right.network
const path = '/tmp/chainrule-bench-data/alarm-10000000-seed1.parquet'
const inst = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1GB' })
const c = await inst.connect()
const names = bn.dag.nodes
const states = bn.domain.variables.map((v) => v.states)
const q = (n) => `"${n}"`
const lit = (s) => `'${s}'`
const mode = process.argv[2]
const miss = (c) => `(coalesce(${c}, '') = '')`
const idx = (v) => {
  const col = `CAST(${q(names[v])} AS VARCHAR)`
  if (mode === 'list') return `CAST(CASE WHEN ${miss(col)} THEN -1 ELSE coalesce(list_position(CAST([${states[v].map(lit).join(',')}] AS VARCHAR[]), ${col}) - 1, -2) END AS SMALLINT)`
  if (mode === 'enum') return `CAST(CASE WHEN ${miss(col)} THEN -1 ELSE coalesce(enum_code(TRY_CAST(${col} AS ENUM(${states[v].map(lit).join(',')}))), -2) END AS SMALLINT)`
  if (mode === 'enum2') return `coalesce(enum_code(TRY_CAST(${col} AS ENUM(${states[v].map(lit).join(',')}))), CASE WHEN ${miss(col)} THEN -1 ELSE -2 END)`
  if (mode === 'case') return `CASE ${col} ${states[v].map((s, k) => `WHEN ${lit(s)} THEN ${k}`).join(' ')} ELSE CASE WHEN ${miss(col)} THEN -1 ELSE -2 END END`
}
const sql = `SELECT ${names.map((_, v) => `sum(${idx(v)})`).join(' + ')} FROM read_parquet('${path}')`
const t = performance.now()
const r = await c.runAndReadAll(sql)
console.log(mode, r.getRows()[0], performance.now() - t, 'ms')
