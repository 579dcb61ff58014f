import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../plugins/sink-postgres/embedded.ts'
import { isAlive, readLock } from '../../plugins/sink-postgres/embedded-process.ts'
import { until } from './until.ts'

const root = new URL('../../', import.meta.url).pathname
/** The flagship on its embedded Postgres (DATABASE_URL empty), voters paced so kills land mid-run. */
const env = { VOTERS: '60000', VOTES_PER_SEC: '6000', DASHBOARD_PORT: '0', DATABASE_URL: '' }
const folders: string[] = []
const servers: EmbeddedPostgres[] = []
afterAll(async () => {
  for (const server of servers) await server.stop()
  for (const folder of folders) rmSync(folder, { recursive: true, force: true })
})

interface Run {
  child: ChildProcess
  stderr(): string
  exited: Promise<number | null>
}

function start(stateDir: string): Run {
  let stderr = ''
  const child = spawn(process.execPath, [join(root, 'bin/pipeline.js'), 'run', 'configs/election.yaml', '--exit-when-done', '--progress', 'log', '--state-dir', stateDir], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()))
  return { child, stderr: () => stderr, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) }
}

/** The embedded server of a state folder: joined while a run serves it, started otherwise. */
async function database(stateDir: string) {
  const server = await startEmbeddedPostgres({ dir: join(stateDir, 'db', 'postgres') })
  servers.push(server)
  const sql = postgres(server.url, { max: 2, onnotice: () => undefined, connect_timeout: 30 })
  const one = async (text: string) => Number((await sql.unsafe<{ n: string | null }[]>(text).catch(() => [{ n: null }]))[0]?.n ?? -1)
  return {
    server,
    sql,
    votes: () => one('SELECT count(*) AS n FROM votes'),
    checkpoint: () => one(`SELECT max(id) AS n FROM tally_checkpoints WHERE pipeline = 'election'`),
  }
}

/** Every table the pipeline writes, each as a digest of its rows (in order, without the `updated_at` times) and a row count. */
async function tables(sql: postgres.Sql): Promise<Record<string, { rows: number; digest: string }>> {
  const names = await sql<{ table: string }[]>`SELECT table_name AS table FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'tally\\_%' ORDER BY 1`
  const out: Record<string, { rows: number; digest: string }> = {}
  for (const { table } of names) {
    const columns = await sql<{ column: string }[]>`SELECT column_name AS column FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${table} AND column_name <> 'updated_at' ORDER BY ordinal_position`
    const row = `(${columns.map((c) => `"${c.column}"`).join(', ')})::text`
    const [found] = await sql.unsafe<{ rows: string; digest: string }[]>(`SELECT count(*) AS rows, md5(coalesce(string_agg(${row}, E'\\n' ORDER BY ${row}), '')) AS digest FROM "${table}"`)
    out[table] = { rows: Number(found!.rows), digest: found!.digest }
  }
  return out
}

function stateFolder(label: string): string {
  const folder = mkdtempSync(join(tmpdir(), `tally-fault-${label}-`))
  folders.push(folder)
  return folder
}

function check(stateDir: string) {
  const result = spawnSync(process.execPath, [join(root, 'bin/pipeline.js'), 'check', 'configs/election.yaml', '--state-dir', stateDir], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120_000 })
  expect(result.status, result.stdout + result.stderr).toBe(0)
  expect(result.stdout).toContain('all checks passed')
  return result.stdout
}

async function completeRun(stateDir: string) {
  const run = start(stateDir)
  expect(await run.exited, run.stderr()).toBe(0)
  return run
}

describe('the flagship under faults (single process, embedded Postgres)', () => {
  let calmRun: Promise<Record<string, { rows: number; digest: string }>> | undefined
  /** The tables of a run nothing disturbed (made once, by whichever test asks first). */
  const baseline = () => (calmRun ??= (async () => {
    const calm = stateFolder('calm')
    await completeRun(calm)
    check(calm)
    const calmDb = await database(calm)
    const found = await tables(calmDb.sql)
    await calmDb.sql.end()
    await calmDb.server.stop()
    return found
  })())

  it('writes every table exactly as an undisturbed run does after SIGKILLs before the first checkpoint, right at a checkpoint and mid-stream', async () => {
    const undisturbed = await baseline()
    expect(Object.keys(undisturbed)).toEqual(expect.arrayContaining(['by_age_band', 'by_candidate', 'by_gender', 'by_party', 'by_state', 'candidates', 'per_minute', 'per_minute_late', 'voters', 'votes']))
    expect(undisturbed.votes!.rows).toBeGreaterThan(20_000)
    expect(undisturbed.per_minute_late!.rows).toBeGreaterThan(0)

    const faulty = stateFolder('faulty')
    const kills: string[] = []
    /** A run and a connection to the server it started (each run may get another port). */
    const begin = async () => {
      const run = start(faulty)
      const db = await until('the embedded server', async () => (/embedded Postgres (started|joined)/.test(run.stderr()) ? database(faulty) : undefined), { context: run.stderr, intervalMs: 20, timeoutMs: 120_000 })
      return { run, db }
    }
    const kill = async ({ run, db }: Awaited<ReturnType<typeof begin>>, where: string) => {
      run.child.kill('SIGKILL')
      await run.exited
      kills.push(`${where}: ${await db.votes()} votes, checkpoint ${await db.checkpoint()}`)
      await db.sql.end()
    }

    // 1. Before the first checkpoint: votes stored, no checkpoint yet.
    const first = await begin()
    await until('votes before any checkpoint', async () => ((await first.db.votes()) >= 2000 ? true : undefined), { context: first.run.stderr, intervalMs: 20, timeoutMs: 120_000 })
    expect(await first.db.checkpoint()).toBeLessThanOrEqual(0)
    await kill(first, 'before the first checkpoint')

    // 2. The moment a checkpoint is saved.
    const second = await begin()
    const before = await second.db.checkpoint()
    await until('a checkpoint', async () => ((await second.db.checkpoint()) > before ? true : undefined), { context: second.run.stderr, intervalMs: 20, timeoutMs: 120_000 })
    await kill(second, 'at a checkpoint')

    // 3. Mid-stream, between checkpoints.
    const third = await begin()
    await until('resuming', async () => (third.run.stderr().includes('resuming from checkpoint') ? true : undefined), { context: third.run.stderr, intervalMs: 20, timeoutMs: 120_000 })
    const resumedAt = await third.db.votes()
    await until('votes flowing', async () => ((await third.db.votes()) > resumedAt + 3000 ? true : undefined), { context: third.run.stderr, intervalMs: 20, timeoutMs: 120_000 })
    await kill(third, 'mid-stream')

    await completeRun(faulty)
    check(faulty)
    const after = await database(faulty)
    expect({ kills: kills.length, tables: await tables(after.sql) }).toEqual({ kills: 3, tables: undisturbed })
    await after.sql.end()
    await after.server.stop()
  }, 600_000)

  it('rides out its embedded Postgres being SIGKILLed mid-run: no restart of the pipeline, the same tables', async () => {
    const folder = stateFolder('postmaster')
    const run = start(folder)
    const db = await until('the embedded server', async () => (/embedded Postgres (started|joined)/.test(run.stderr()) ? database(folder) : undefined), { context: run.stderr, intervalMs: 20, timeoutMs: 120_000 })
    await until('votes flowing', async () => ((await db.votes()) >= 8000 ? true : undefined), { context: run.stderr, intervalMs: 20, timeoutMs: 120_000 })
    const { pid } = readLock(db.server.dataDir)!
    process.kill(pid, 'SIGKILL')
    expect(await run.exited, run.stderr()).toBe(0)
    expect(isAlive(pid)).toBe(false)
    expect(run.stderr()).toMatch(/restarting it/)
    await db.sql.end()
    check(folder)
    const after = await database(folder)
    expect(await tables(after.sql)).toEqual(await baseline())
    await after.sql.end()
    await after.server.stop()
  }, 300_000)
})
