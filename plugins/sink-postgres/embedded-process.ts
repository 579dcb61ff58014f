/** @module Process and folder chores of the embedded server: where its data lives, whether a lock's server is alive, stopping it, clearing what a dead one left. Node-only edge file. */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { canTraverse, serverAccount, type ServerUser } from './embedded-binaries.ts'
import { ensurePrivateDir, writePrivateFile } from './embedded-private-dir.ts'
import { parsePostmasterPid, type PostmasterLock } from './postmaster-pid.ts'

const OUTSIDE_PREFIX = 'data-'

/**
 * `<dir>/data` when the server account can reach it; otherwise a folder in `root` (the server
 * account's private folder) named after `dir`, so it is still kept across runs. Such a folder records
 * `dir` in `origin` and is deleted by a later start once `dir` is gone (a test's temporary state
 * folder, a deleted clone).
 */
export function dataDirFor(dir: string, user: ServerUser | undefined, root: string): string {
  sweepOutsideData(root)
  if (canTraverse(dir, user)) return join(dir, 'data')
  const hash = createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16)
  const outside = join(root, `${OUTSIDE_PREFIX}${hash}`)
  ensurePrivateDir(outside, serverAccount(user))
  writePrivateFile(join(outside, 'origin'), resolve(dir))
  return join(outside, 'data')
}

function sweepOutsideData(root: string): void {
  for (const name of readdirSync(root)) {
    const outside = join(root, name)
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

/**
 * Clears what a server that died left in `dataDir`, so a new one can start there: its backends
 * outlive a SIGKILLed postmaster for a while and hold its shared memory (a new server refuses to
 * start while they do), so they are killed; then its stale lock goes. Does nothing when the lock
 * names a live server (another run started one meanwhile). Without /proc to find the backends, the
 * lock stays and Postgres judges it itself.
 */
export async function clearDeadServer(dataDir: string): Promise<void> {
  const lock = readLock(dataDir)
  if (lock && isAlive(lock.pid, 'postgres')) return
  const left = serverProcesses(dataDir)
  if (left === undefined) return
  for (const pid of left) signal(pid, 'SIGKILL')
  if (!(await waitFor(() => left.every((pid) => !isAlive(pid)), 10_000))) {
    throw new Error(`embedded Postgres: processes ${left.join(', ')} of a server that died still run in ${dataDir} and hold its shared memory; stop them (\`kill -9 ${left.join(' ')}\`) and start again`)
  }
  rmSync(join(dataDir, 'postmaster.pid'), { force: true })
}

/** Pids of the Postgres processes working in `dataDir` (postmaster and backends chdir there); undefined where there is no /proc to ask. */
export function serverProcesses(dataDir: string): number[] | undefined {
  if (!existsSync('/proc/self/cwd') || !existsSync(dataDir)) return existsSync('/proc/self/cwd') ? [] : undefined
  const target = realpathSync(dataDir)
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      if (readlinkSync(`/proc/${name}/cwd`) === target && readFileSync(`/proc/${name}/comm`, 'utf8').trim() === 'postgres') found.push(Number(name))
    } catch (error) {
      // Another account's process (EACCES) or one that just ended (ENOENT, ESRCH): not ours to clear.
      if (!['EACCES', 'EPERM', 'ENOENT', 'ESRCH'].includes((error as { code?: string }).code ?? '')) throw error
    }
  }
  return found
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
