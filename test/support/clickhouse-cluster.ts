/** The ClickHouse servers the tests start: the benchmark's harness (one way to start them for both). */
export { clickHouseCommand, startClickHouseCluster, type ClickHouseCluster } from '../../bench/src/data/clickhouse-cluster.js'
