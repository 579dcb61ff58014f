/** @module The flagship as a child process for the benchmark: spawn `pipeline run|check`, find its embedded Postgres, read its peak memory, make sure nothing is left running. Linux only. */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { isAlive, readLock, stopPid } from '../plugins/sink-postgres/embedded-process.ts'

export const root = new URL('../', import.meta.url).pathname

/** Written by the child on exit: its peak resident memory and CPU time. A data: module needs no TypeScript loader. */
const EXIT_PROBE = `data:text/javascript,${encodeURIComponent(
  "import{readFileSync,writeFileSync}from'node:fs';process.on('exit',()=>{const s=readFileSync('/proc/self/status','utf8');const c=process.cpuUsage();writeFileSync(process.env.TALLY_BENCH_EXIT_FILE,JSON.stringify({hwmKb:Number(/VmHWM:\\s+(\\d+)/.exec(s)?.[1]),cpuMs:(c.user+c.system)/1000}))})",
)}`

/** The election config's environment for a benchmark run: embedded Postgres, a free dashboard port. */
export function flagshipEnv(overrides: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  return { ...env, DATABASE_URL: '', DATABASE_SCHEMA: '', DASHBOARD_PORT: '0', KAFKA_BROKERS: '', ...overrides }
}

/** A fresh state folder the Postgres server account can enter (so its data stays inside it, not under /var/tmp). */
export function freshStateDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tally-flagship-bench-${label}-`))
  chmodSync(dir, 0o755)
  return dir
}

/** A copy of `config` (a path under the project) with `from` replaced by `to`, in a folder of its own; `remove` deletes it. */
export function configVariant(config: string, from: string, to: string): { file: string; remove(): void } {
  const text = readFileSync(join(root, config), 'utf8')
  if (!text.includes(from)) throw new Error(`${config} has no \`${from}\` to change into \`${to}\``)
  const dir = mkdtempSync(join(tmpdir(), 'tally-flagship-config-'))
  const file = join(dir, config.split('/').pop()!)
  writeFileSync(file, text.replaceAll(from, to))
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** `<stateDir>/db/postgres`: the embedded server's folder of the `db` node. */
export const postgresDir = (stateDir: string) => join(stateDir, 'db', 'postgres')

/** The embedded server's URL once the run that owns it (`pid`) has started it; undefined before. */
export function embeddedUrl(stateDir: string, pid?: number): string | undefined {
  const dir = postgresDir(stateDir)
  const ownerFile = join(dir, 'owner.json')
  if (!existsSync(ownerFile) || !existsSync(join(dir, 'password'))) return undefined
  const owner = JSON.parse(readFileSync(ownerFile, 'utf8')) as { pid?: number; port?: number }
  if (owner.port === undefined || (pid !== undefined && owner.pid !== pid)) return undefined
  const password = readFileSync(join(dir, 'password'), 'utf8').trim()
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${owner.port}/postgres`
}

/** The pid of a live Postgres serving `stateDir`'s data, if any. */
export function livePostmaster(stateDir: string): number | undefined {
  const lock = readLock(join(postgresDir(stateDir), 'data'))
  return lock && isAlive(lock.pid, 'postgres') ? lock.pid : undefined
}

/**
 * Stops a server still running on `stateDir` (there should be none: it stops with the pipeline),
 * deletes the folder, and says what it had to stop.
 */
export async function cleanUp(stateDir: string): Promise<string | undefined> {
  const leftover = livePostmaster(stateDir)
  if (leftover !== undefined) await stopPid(leftover)
  rmSync(stateDir, { recursive: true, force: true })
  return leftover === undefined ? undefined : `a Postgres server (pid ${leftover}) was still running after the pipeline exited and was stopped by the benchmark`
}

export interface PipelineChild {
  child: ChildProcess
  /** `performance.timeOrigin + performance.now()` just before the spawn. */
  spawnedAt: number
  stdout: () => string
  stderr: () => string
  /** Resolves at exit with the code, the exit time and what the child wrote about itself. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number; hwmKb?: number; cpuMs?: number }>
}

/** Spawns `node bin/pipeline.js <args>` (Node through tsx, as `npx pipeline` does). */
export function spawnPipeline(args: string[], env: Record<string, string>): PipelineChild {
  const exitFile = join(tmpdir(), `tally-flagship-bench-exit-${process.pid}-${Math.random().toString(36).slice(2)}.json`)
  let stdout = ''
  let stderr = ''
  const spawnedAt = now()
  const child = spawn(process.execPath, ['--import', EXIT_PROBE, join(root, 'bin/pipeline.js'), ...args], { cwd: root, env: { ...env, TALLY_BENCH_EXIT_FILE: exitFile }, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk))
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => void (stdout += chunk))
  const exited = new Promise<Awaited<PipelineChild['exited']>>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => {
      const at = now()
      const probe = existsSync(exitFile) ? (JSON.parse(readFileSync(exitFile, 'utf8')) as { hwmKb?: number; cpuMs?: number }) : {}
      rmSync(exitFile, { force: true })
      resolve({ code, signal, at, ...probe })
    })
  })
  return { child, spawnedAt, stdout: () => stdout, stderr: () => stderr, exited }
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across threads. */
export function now(): number {
  return performance.timeOrigin + performance.now()
}

/** VmHWM (peak resident set) of a live process, in KiB; undefined once it is gone. */
export function peakRssKb(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : undefined
  } catch {
    return undefined // the process ended between two samples: its last sample stands
  }
}

/** CPU milliseconds of a Postgres server so far: the postmaster with its reaped children, plus its live children. */
export function serverCpuMs(postmaster: number): number {
  let ticks = 0
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
      if (Number(entry) === postmaster) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])
      else if (Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      continue // the process ended between listing and reading: the postmaster's reaped-children time holds it
    }
  }
  return ticks * 10
}

/** The 1-minute load average, one decimal. */
export function load(): string {
  return loadavg()[0]!.toFixed(1)
}

/** Ctrl-C (drain), then SIGKILL after 20 s. */
export function stopChild(run: PipelineChild): void {
  run.child.kill('SIGINT')
  const force = setTimeout(() => run.child.kill('SIGKILL'), 20_000)
  void run.exited.finally(() => clearTimeout(force))
}

/** How the run made its database, from the sink's log line: initdb (first on this machine) or a copy of the template. */
export function createdDatabase(log: string): { how: string; ms: number } {
  const match = /created its database \(([^)]*)\) in (\d+) ms/.exec(log)
  return match ? { how: match[1]!.startsWith('initdb') ? 'initdb' : 'template copy', ms: Number(match[2]) } : { how: 'kept', ms: 0 }
}

/** The last five lines of a process's output, on one line (for error messages). */
export function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ')
}
