/**
 * The two SQL dialects a source speaks: DuckDB and ClickHouse, written so
 * that the ClickHouse text runs on Debian's 18.16 as well as on current
 * releases. Everything here builds strings; nothing runs a query.
 *
 * Features avoided on ClickHouse because 18.16 lacks them (or spells them
 * differently): `GROUPING SETS` / `WITH CUBE` beyond rollup (grouped counts of
 * many families are one `UNION ALL` instead), window functions
 * (`row_number() OVER`), `JSONCompactEachRow` and the other newer formats
 * (results come as `JSONCompact` or `TabSeparated`), `LowCardinality` types,
 * `IN` on tuples of Nullable columns, `ON CLUSTER` DDL (it needs ZooKeeper),
 * `LIMIT n OFFSET m` is used only in its old `LIMIT m, n` form, and
 * `ALTER ... UPDATE` mutations. Supertypes in `UNION ALL` branches are not
 * assumed either: every branch casts to the same types.
 *
 * A cell is text: whatever the column's type, it is cast to a string and
 * compared with state names, so a column of integers 0/1 matches states
 * named "0"/"1". NULL and the empty string are missing (tested where needed,
 * rather than turned into NULL: `NULLIF` copies every string and made
 * DuckDB's counting five times slower on Parquet).
 */

/** The SQL features a source uses, spelled for one engine. */
export interface SqlDialect {
  readonly name: 'duckdb' | 'clickhouse'
  /** A quoted identifier. */
  readonly identifier: (name: string) => string
  /** A string literal. */
  readonly string: (text: string) => string
  /** Any value as the engine's own text (keys copied out and inserted back). */
  readonly asText: (expression: string) => string
  /** A column's cell as text (a no-op on text columns: no copy, so dictionary-encoded strings stay so). */
  readonly cell: (column: string) => string
  /** Is a cell missing: NULL or the empty string. */
  readonly isMissing: (cell: string) => string
  /** A literal double (finite), read back to the same bits. */
  readonly double: (value: number) => string
  /** A literal array of doubles (log-probabilities; -Infinity allowed). */
  readonly doubles: (values: ArrayLike<number>) => string
  /** A literal array of strings. */
  readonly strings: (values: readonly string[]) => string
  /** A cell's state index as a small integer: its 0-based position in `states`, -1 when missing, -2 when not a state. */
  readonly stateIndex: (cell: string, states: readonly string[]) => string
  /** Element `index` (0-based expression) of an array expression. */
  readonly element: (array: string, index: string) => string
  /** Count of rows where `condition` holds. */
  readonly countIf: (condition: string) => string
  /** Sum of `value` over rows where `condition` holds (0 when none). */
  readonly sumIf: (value: string, condition: string) => string
  /** Rows counted: `count(*)`. */
  readonly count: string
  /** A table created from a query. */
  readonly createTableAs: (table: string, select: string) => string
  /** Drop a table if it exists. */
  readonly dropTable: (table: string) => string
  /** Does the table of this (unquoted) name exist? One row, one column: 1 or 0. */
  readonly tableExists: (name: string) => string
  /** The columns of a relation: one row per column, its name first. */
  readonly describe: (relation: string) => string
  /** An aggregate: the distinct non-NULL values of a text expression, as an array (at most `limit`). */
  readonly distinct: (text: string, limit: number) => string
  /**
   * Grouped counts of several sets of columns in one query, over a subquery
   * `from` whose columns are the aliases named in `sets`. `read` turns a
   * result row into the set it belongs to, the cells of that set's columns
   * (in the set's order; NULL for missing) and the count.
   */
  readonly groupedCounts: (sets: readonly (readonly string[])[], from: string, options: { readonly filtered: boolean }) => GroupedCountsQuery
}

/** A grouped-counts query and how to read its rows. */
export interface GroupedCountsQuery {
  readonly sql: string
  readonly read: (row: readonly unknown[]) => { readonly set: number; readonly cells: readonly (string | null)[]; readonly count: number }
}

const asNumber = (x: unknown): number => (typeof x === 'bigint' ? Number(x) : typeof x === 'string' ? Number(x) : (x as number))
const asCell = (x: unknown): string | null => (x === null || x === undefined ? null : String(x))

/**
 * DuckDB: one scan for every set, `GROUP BY GROUPING SETS`; `GROUPING(...)`
 * tells which set a row belongs to (a NULL cell may be a missing value or a
 * column the set leaves out). The caller keeps a query's union of columns
 * below 60, the width of the bit mask.
 */
const duckdbGroupedCounts = (sets: readonly (readonly string[])[], from: string): GroupedCountsQuery => {
  const union = [...new Set(sets.flat())].sort()
  if (union.length === 0)
    return { sql: `SELECT count(*) FROM ${from}`, read: (row) => ({ set: 0, cells: [], count: asNumber(row[0]) }) }
  const masks = new Map<number, number[]>()
  sets.forEach((set, k) => {
    let mask = 0
    union.forEach((alias, i) => {
      if (!set.includes(alias)) mask += 2 ** (union.length - 1 - i)
    })
    masks.set(mask, [...(masks.get(mask) ?? []), k])
  })
  const grouping = sets.map((set) => `(${set.join(', ')})`).join(', ')
  return {
    sql: `SELECT GROUPING(${union.join(', ')}) AS g, ${union.join(', ')}, count(*) AS n FROM ${from} GROUP BY GROUPING SETS (${grouping})`,
    read: (row) => {
      const set = masks.get(asNumber(row[0]))?.[0] ?? -1
      const cells = set < 0 ? [] : sets[set]!.map((alias) => asCell(row[1 + union.indexOf(alias)]))
      return { set, cells, count: asNumber(row[row.length - 1]) }
    },
  }
}

/**
 * ClickHouse 18.16 has no grouping sets: one `UNION ALL` branch per set, each
 * a plain `GROUP BY` (the branches run in parallel; each reads only its
 * columns). Every branch has the same types: a UInt32 set number and an
 * Array(Nullable(String)) of cells. When `from` filters on other columns
 * (complete cases), every branch would read and filter every column, and
 * 18.16 spends seconds analysing 37 copies of a 37-column filter: then one
 * scan instead, each kept row unfolded by `ARRAY JOIN` into one key per set.
 */
const clickhouseGroupedCounts = (sets: readonly (readonly string[])[], from: string, options: { readonly filtered: boolean }): GroupedCountsQuery => {
  const key = (set: readonly string[]) => (set.length === 0 ? 'CAST([] AS Array(Nullable(String)))' : `[${set.join(', ')}]`)
  if (options.filtered && sets.length > 1)
    return {
      sql: `SELECT f, k, count() AS n FROM (SELECT [${sets.map(key).join(', ')}] AS keys, range(${sets.length}) AS sets FROM ${from}) ARRAY JOIN keys AS k, sets AS f GROUP BY f, k`,
      read: (row) => ({ set: asNumber(row[0]), cells: (row[1] as unknown[]).map(asCell), count: asNumber(row[2]) }),
    }
  const branches = sets.map((set, k) =>
    set.length === 0
      ? `SELECT toUInt32(${k}) AS f, CAST([] AS Array(Nullable(String))) AS k, count() AS n FROM ${from}`
      : `SELECT toUInt32(${k}) AS f, [${set.join(', ')}] AS k, count() AS n FROM ${from} GROUP BY ${set.join(', ')}`,
  )
  return {
    sql: `SELECT f, k, n FROM (${branches.join(' UNION ALL ')})`,
    read: (row) => ({ set: asNumber(row[0]), cells: (row[1] as unknown[]).map(asCell), count: asNumber(row[2]) }),
  }
}

/** Shortest round-trip text of a double: both engines parse it back to the same bits (or within an ulp). */
const doubleText = (x: number, negativeInfinity: string): string => {
  if (x === -Infinity) return negativeInfinity
  if (!Number.isFinite(x)) throw new Error(`not a log-probability: ${x}`)
  const text = String(x)
  return /[.eE]/.test(text) ? text : `${text}.0`
}

/** DuckDB: standard SQL strings (a quote doubled, backslash literal), 1-based lists. */
export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  identifier: (name) => `"${name.replaceAll('"', '""')}"`,
  string: (text) => `'${text.replaceAll("'", "''")}'`,
  asText: (expression) => `CAST(${expression} AS VARCHAR)`,
  cell: (column) => `CAST(${column} AS VARCHAR)`,
  isMissing: (cell) => `(${cell} IS NULL OR ${cell} = '')`,
  // A decimal literal would be typed DECIMAL and compared as one: cast the text instead.
  double: (value) => `CAST('${doubleText(value, '-inf')}' AS DOUBLE)`,
  // Strings cast to DOUBLE[]: a list of decimal literals would be typed DECIMAL first.
  doubles: (values) => `CAST([${Array.from(values, (x) => `'${doubleText(x, '-inf')}'`).join(', ')}] AS DOUBLE[])`,
  strings: (values) => `CAST([${values.map((v) => `'${v.replaceAll("'", "''")}'`).join(', ')}] AS VARCHAR[])`,
  stateIndex: (cell, states) =>
    states.length === 0
      ? `CAST(CASE WHEN ${duckdbDialect.isMissing(cell)} THEN -1 ELSE -2 END AS SMALLINT)`
      : // A CASE over the names: a quarter faster than list_position on Parquet strings.
    `CAST(CASE ${cell} ${states.map((s, k) => `WHEN ${duckdbDialect.string(s)} THEN ${k}`).join(' ')} ELSE CASE WHEN ${duckdbDialect.isMissing(cell)} THEN -1 ELSE -2 END END AS SMALLINT)`,
  element: (array, index) => `${array}[(${index}) + 1]`,
  countIf: (condition) => `count(*) FILTER (WHERE ${condition})`,
  sumIf: (value, condition) => `coalesce(sum(${value}) FILTER (WHERE ${condition}), 0)`,
  count: 'count(*)',
  createTableAs: (table, select) => `CREATE TABLE ${table} AS ${select}`,
  dropTable: (table) => `DROP TABLE IF EXISTS ${table}`,
  tableExists: (name) => `SELECT count(*) FROM information_schema.tables WHERE table_name = ${duckdbDialect.string(name)}`,
  describe: (relation) => `DESCRIBE SELECT * FROM ${relation}`,
  distinct: (text, limit) => `list_slice(list(DISTINCT ${text}) FILTER (WHERE NOT ${duckdbDialect.isMissing(text)}), 1, ${limit})`,
  groupedCounts: duckdbGroupedCounts,
}

/** ClickHouse: backslash escapes in strings, 1-based arrays, `-If` aggregate combinators. */
export const clickhouseDialect: SqlDialect = {
  name: 'clickhouse',
  identifier: (name) => `"${name.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`,
  string: (text) => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`,
  // TabSeparated output is already the text that TabSeparated input reads back.
  asText: (expression) => expression,
  // Always Nullable(String), so that every UNION ALL branch has the same array type.
  cell: (column) => `toNullable(toString(${column}))`,
  isMissing: (cell) => `(ifNull(${cell}, '') = '')`,
  double: (value) => doubleText(value, '-inf'),
  doubles: (values) => `[${Array.from(values, (x) => doubleText(x, '-inf')).join(', ')}]`,
  strings: (values) => `CAST([${values.map((v) => clickhouseDialect.string(v)).join(', ')}] AS Array(String))`,
  stateIndex: (cell, states) =>
    states.length === 0
      ? `if(${clickhouseDialect.isMissing(cell)}, toInt16(-1), toInt16(-2))`
      : `if(${clickhouseDialect.isMissing(cell)}, toInt16(-1), transform(ifNull(${cell}, ''), ${clickhouseDialect.strings(states)}, CAST([${states.map((_, k) => k).join(', ')}] AS Array(Int16)), toInt16(-2)))`,
  element: (array, index) => `arrayElement(${array}, (${index}) + 1)`,
  countIf: (condition) => `countIf(${condition})`,
  sumIf: (value, condition) => `sumIf(${value}, ${condition})`,
  count: 'count()',
  createTableAs: (table, select) => `CREATE TABLE ${table} ENGINE = MergeTree ORDER BY tuple() AS ${select}`,
  dropTable: (table) => `DROP TABLE IF EXISTS ${table}`,
  tableExists: (name) => `EXISTS TABLE ${clickhouseDialect.identifier(name)}`,
  describe: (relation) => `DESCRIBE TABLE ${relation}`,
  distinct: (text, limit) => `groupUniqArray(${limit})(if(${clickhouseDialect.isMissing(text)}, NULL, ${text}))`,
  groupedCounts: clickhouseGroupedCounts,
}
