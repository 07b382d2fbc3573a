/**
 * Real ClickHouse servers for the tests and the `data` benchmark: N servers on loopback ports, each
 * with its data, logs and configuration under one temporary directory, and
 * a cluster `chainrule` whose shards are those servers (a `Distributed`
 * table over it spreads rows across them). Debian's `clickhouse-server`
 * (18.16, installed by `scripts/ensure-clickhouse.sh`) or a current release's
 * `clickhouse server`. Never a mock: the point is the engine's own SQL.
 *
 * `kill(k)` ends server k at once (SIGKILL), as a crash or a pulled cable
 * would; `restart(k)` starts it again on the same ports and data. With
 * `maxThreads`, every query of a server runs on that many threads (the
 * benchmark gives each server one, as if each were a one-core node).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** How to start a server: `clickhouse-server ...` (Debian) or `clickhouse server ...` (upstream). */
export const clickHouseCommand = (): readonly string[] | undefined => {
  const explicit = process.env.CLICKHOUSE_SERVER
  if (explicit !== undefined && explicit !== '') return [explicit]
  for (const path of ['/usr/sbin/clickhouse-server', '/usr/bin/clickhouse-server']) if (existsSync(path)) return [path]
  const which = (name: string) => spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim()
  const server = which('clickhouse-server')
  if (server !== '') return [server]
  const single = which('clickhouse')
  return single === '' ? undefined : [single, 'server']
}

/** A free loopback TCP port (the OS picks one; it is free again when we use it, barring a race). */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))))
    })
  })

interface Shard {
  readonly dir: string
  readonly httpPort: number
  readonly tcpPort: number
  process: ChildProcess | undefined
}

/** A running cluster of local servers. */
export interface ClickHouseCluster {
  /** The HTTP address of server k: `http://127.0.0.1:PORT`. */
  readonly url: (k: number) => string
  /** Run SQL on server k over HTTP (`body`: data after the query, e.g. rows to insert); the response text, or an error with the server's message. */
  readonly query: (k: number, sql: string, body?: string | ReadableStream<Uint8Array>) => Promise<string>
  readonly kill: (k: number) => Promise<void>
  readonly restart: (k: number) => Promise<void>
  readonly stop: () => Promise<void>
}

const configXml = (shard: Shard, all: readonly Shard[]): string => `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${shard.dir}/server.log</log><errorlog>${shard.dir}/server.err.log</errorlog><console>0</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${shard.httpPort}</http_port>
  <tcp_port>${shard.tcpPort}</tcp_port>
  <path>${shard.dir}/data/</path>
  <tmp_path>${shard.dir}/tmp/</tmp_path>
  <user_files_path>${shard.dir}/user_files/</user_files_path>
  <format_schema_path>${shard.dir}/format_schemas/</format_schema_path>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <remote_servers>
    <chainrule>
${all.map((s) => `      <shard><replica><host>127.0.0.1</host><port>${s.tcpPort}</port></replica></shard>`).join('\n')}
    </chainrule>
  </remote_servers>
</yandex>
`

const usersXml = (maxThreads: number | undefined): string => `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>4000000000</max_memory_usage><connect_timeout_with_failover_ms>200</connect_timeout_with_failover_ms>${maxThreads === undefined ? '' : `<max_threads>${maxThreads}</max_threads>`}</default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Start `count` servers as the shards of cluster `chainrule`, and wait until
 * each answers. Throws when no server binary is installed (with the command
 * that installs one) or a server does not come up within 60 s.
 */
export const startClickHouseCluster = async (count: number, options: { readonly maxThreads?: number } = {}): Promise<ClickHouseCluster> => {
  const command = clickHouseCommand()
  if (command === undefined)
    throw new Error('clickhouse-server is not installed: run scripts/ensure-clickhouse.sh (as root it installs Debian\'s clickhouse-server), or set CLICKHOUSE_SERVER')
  const root = mkdtempSync(join(tmpdir(), 'chainrule-clickhouse-'))
  const shards: Shard[] = []
  for (let k = 0; k < count; k++) {
    const dir = join(root, `shard${k}`)
    for (const sub of ['data', 'tmp', 'user_files', 'format_schemas']) mkdirSync(join(dir, sub), { recursive: true })
    shards.push({ dir, httpPort: await freePort(), tcpPort: await freePort(), process: undefined })
  }
  for (const shard of shards) {
    writeFileSync(join(shard.dir, 'config.xml'), configXml(shard, shards))
    writeFileSync(join(shard.dir, 'users.xml'), usersXml(options.maxThreads))
  }
  const url = (k: number) => `http://127.0.0.1:${shards[k]!.httpPort}`
  const query = async (k: number, sql: string, body?: string | ReadableStream<Uint8Array>): Promise<string> => {
    // Inserts into a Distributed table reach the shards before the call returns.
    const response = await fetch(body === undefined ? url(k) : `${url(k)}/?insert_distributed_sync=1&query=${encodeURIComponent(sql)}`, {
      method: 'POST',
      body: body ?? sql,
      ...(typeof body === 'object' ? { duplex: 'half' } : {}),
    } as RequestInit)
    const text = await response.text()
    if (!response.ok) throw new Error(`ClickHouse ${k}: ${text.trim()}`)
    return text
  }
  const start = async (k: number): Promise<void> => {
    const shard = shards[k]!
    const [binary, ...args] = command
    shard.process = spawn(binary!, [...args, `--config-file=${join(shard.dir, 'config.xml')}`], { cwd: shard.dir, stdio: 'ignore' })
    const deadline = Date.now() + 60_000
    for (;;) {
      try {
        if ((await fetch(`${url(k)}/ping`)).ok) return
      } catch {
        // not listening yet
      }
      if (shard.process.exitCode !== null) throw new Error(`ClickHouse server ${k} exited with status ${shard.process.exitCode} (logs in ${shard.dir})`)
      if (Date.now() > deadline) throw new Error(`ClickHouse server ${k} did not answer within 60 s (logs in ${shard.dir})`)
      await sleep(100)
    }
  }
  const kill = async (k: number): Promise<void> => {
    const child = shards[k]!.process
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
  await Promise.all(shards.map((_, k) => start(k)))
  return {
    url,
    query,
    kill,
    restart: async (k) => {
      await kill(k)
      await start(k)
    },
    stop: async () => {
      await Promise.all(shards.map((_, k) => kill(k)))
      rmSync(root, { recursive: true, force: true })
    },
  }
}
