/** @module Process and folder chores of the embedded server: where its data lives, whether a lock's server is alive, stopping it. Node-only edge file. */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { canTraverse, sharedTempDir, type ServerUser } from './embedded-binaries.ts'
import { parsePostmasterPid, type PostmasterLock } from './postmaster-pid.ts'

const OUTSIDE_PREFIX = 'tally-postgres-data-'

/**
 * `<dir>/data` when the server account can reach it; otherwise a folder under /var/tmp named after
 * `dir`, so it is still kept across runs. Such a folder records `dir` in `origin` and is deleted by a
 * later start once `dir` is gone (a test's temporary state folder, a deleted clone).
 */
export function dataDirFor(dir: string, user: ServerUser | undefined): string {
  sweepOutsideData()
  if (canTraverse(dir, user)) return join(dir, 'data')
  const hash = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16)
  const outside = join(sharedTempDir(), `${OUTSIDE_PREFIX}${hash}`)
  mkdirSync(outside, { recursive: true, mode: 0o755 })
  writeFileSync(join(outside, 'origin'), resolve(dir))
  return join(outside, 'data')
}

function sweepOutsideData(): void {
  for (const name of readdirSync(sharedTempDir())) {
    const outside = join(sharedTempDir(), name)
    if (!name.startsWith(OUTSIDE_PREFIX) || !existsSync(join(outside, 'origin'))) continue
    if (existsSync(readFileSync(join(outside, 'origin'), 'utf8'))) continue
    const lock = readLock(join(outside, 'data'))
    if (lock && isAlive(lock.pid, 'postgres')) continue
    rmSync(outside, { recursive: true, force: true })
  }
}

/** The data folder's lock, if any, naming a process that is a running Postgres (a stale lock returns its content too; check `isAlive`). */
export function readLock(dataDir: string): PostmasterLock | undefined {
  const file = join(dataDir, 'postmaster.pid')
  if (!existsSync(file)) return undefined
  return parsePostmasterPid(readFileSync(file, 'utf8'))
}

/** True when `pid` runs and is not a zombie (on Linux also: is not some other program that reused the pid of a Postgres lock). */
export function isAlive(pid: number, command?: string): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as { code?: string }).code === 'ESRCH') return false
    if ((error as { code?: string }).code !== 'EPERM') throw error
  }
  const proc = `/proc/${pid}`
  if (!existsSync(proc)) return existsSync('/proc') ? false : true
  const stat = readFileSync(`${proc}/stat`, 'utf8')
  if (/\) Z /.test(stat)) return false
  return command === undefined || readFileSync(`${proc}/comm`, 'utf8').trim() === command
}

/** Fast shutdown (SIGINT), then SIGKILL if the server has not exited within `timeoutMs`. */
export async function stopPid(pid: number, timeoutMs = 15_000): Promise<void> {
  if (!signal(pid, 'SIGINT')) return
  if (await waitFor(() => !isAlive(pid), timeoutMs)) return
  signal(pid, 'SIGKILL')
  await waitFor(() => !isAlive(pid), 5_000)
}

/** Polls `condition` every 10 ms until it holds (true) or the deadline passes (false). Only for external processes. */
export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs
  while (!condition()) {
    if (performance.now() > deadline) return false
    await new Promise((done) => setTimeout(done, 10))
  }
  return true
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name)
    return true
  } catch (error) {
    if ((error as { code?: string }).code === 'ESRCH') return false
    throw new Error(`embedded Postgres: could not signal server process ${pid}`, { cause: error })
  }
}
