import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, describe, expect, it } from 'vitest'
import { createPipeline } from '../../index.ts'
import type { Logger } from '../../core/plugin.ts'
import { startEmbeddedPostgres } from './embedded.ts'
import { isAlive, readLock, serverProcesses, waitFor } from './embedded-process.ts'
import { electionPipeline, registry } from './fixtures/election-pipeline.ts'

const root = mkdtempSync(join(tmpdir(), 'tally-supervisor-test-'))
chmodSync(root, 0o755) // as root, the server account must reach the data inside
afterAll(() => rmSync(root, { recursive: true, force: true }))

function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = []
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) }
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined })
  try {
    return (await sql.unsafe(text)) as unknown as T[]
  } finally {
    await sql.end({ timeout: 1 })
  }
}

/** SIGKILLs the postmaster serving `dataDir` (found from its postmaster.pid, as an operator would) and returns its pid. */
async function killPostmaster(dataDir: string): Promise<number> {
  const { pid } = readLock(dataDir)!
  process.kill(pid, 'SIGKILL')
  expect(await waitFor(() => !isAlive(pid), 5_000)).toBe(true)
  return pid
}

describe('embedded Postgres that dies', () => {
  it('is started again on the same port with its data, once the backends that outlive it are cleared', async () => {
    const log = recordingLog()
    const server = await startEmbeddedPostgres({ dir: join(root, 'killed'), log })
    try {
      const { port, url } = server
      await query(url, 'CREATE TABLE kept (x int); INSERT INTO kept VALUES (7)')
      // A backend busy computing does not notice its postmaster died: it lingers, holding the old shared memory.
      const busy = postgres(url, { max: 1, onnotice: () => undefined })
      const running = busy.unsafe('SELECT count(*) FROM generate_series(1, 3000000000)').catch((error: unknown) => error)
      const isRunning = async () => (await query<{ n: number }>(url, "SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%generate_series(1, 3000000000)'"))[0]!.n === 1
      const deadline = Date.now() + 10_000
      while (!(await isRunning()) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20))
      const killedAt = performance.now()
      const pid = await killPostmaster(server.dataDir)
      expect(serverProcesses(server.dataDir)!.length).toBeGreaterThan(0)
      expect(await waitFor(() => log.lines.some((l) => l.includes('is back on port')), 30_000)).toBe(true)
      await server.ready()
      expect(performance.now() - killedAt).toBeLessThan(10_000)
      expect(await running).toBeInstanceOf(Error)
      await busy.end({ timeout: 1 })
      expect(log.lines).toContain(`warn: embedded Postgres (pid ${pid}) exited unexpectedly (signal SIGKILL); restarting it (attempt 2)`)
      expect(log.lines.find((l) => l.includes('is back on port'))).toMatch(new RegExp(`^embedded Postgres is back on port ${port} `))
      expect([server.port, server.url]).toEqual([port, url])
      expect(await query(url, 'SELECT x FROM kept')).toEqual([{ x: 7 }])
    } finally {
      await server.stop()
    }
    expect(serverProcesses(server.dataDir)).toEqual([])
  }, 60_000)

  it('moves to another port when its own was taken while it was down, and its url follows', async () => {
    const log = recordingLog()
    const server = await startEmbeddedPostgres({ dir: join(root, 'moved'), log })
    const squatter = createServer()
    try {
      const { port } = server
      await killPostmaster(server.dataDir)
      await new Promise<void>((done) => squatter.listen(port, '127.0.0.1', done))
      expect(await waitFor(() => log.lines.some((l) => l.includes('is back on port')), 30_000)).toBe(true)
      await server.ready()
      expect(server.port).not.toBe(port)
      expect(server.url).toContain(`:${server.port}/`)
      expect(await query(server.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }])
    } finally {
      squatter.close()
      await server.stop()
    }
  }, 60_000)

  it('fails ready() with the reason from its log when it will not start again', async () => {
    const log = recordingLog()
    const server = await startEmbeddedPostgres({ dir: join(root, 'broken'), log, restart: { initialDelayMs: 10, maxAttempts: 3 } })
    try {
      appendFileSync(join(server.dataDir, 'postgresql.conf'), '\nthis line is not a setting\n')
      await killPostmaster(server.dataDir)
      let failure: unknown
      expect(await waitFor(() => log.lines.some((l) => l.startsWith('error: ')), 30_000)).toBe(true)
      await server.ready().catch((error: unknown) => (failure = error))
      expect((failure as Error).message).toMatch(/exited unexpectedly \(signal SIGKILL\) and did not start again in 2 attempts: .*syntax error in file .*postgresql\.conf/)
      expect(log.lines.filter((l) => l.startsWith('warn: embedded Postgres did not start again'))).toHaveLength(1)
    } finally {
      await server.stop()
    }
  }, 60_000)
})

describe('a pipeline writing to `url: embedded`', () => {
  it('completes with every row written once when its Postgres is SIGKILLed mid-run', async () => {
    const N = 20_000
    const stateDir = join(root, 'pipeline')
    const dir = join(stateDir, 'db', 'postgres')
    const log = recordingLog()
    const pipeline = createPipeline(electionPipeline({ url: 'embedded', schema: 'crash', count: N, intervalMs: 20 }), { registry, stateDir, log })
    await pipeline.start()
    const dataDir = join(dir, 'data')
    const url = () => `postgres://postgres:${encodeURIComponent(readFileSync(join(dir, 'password'), 'utf8').trim())}@127.0.0.1:${readLock(dataDir)!.port}/postgres`
    const votes = async () => Number((await query<{ n: string }>(url(), 'SELECT count(*) AS n FROM crash.votes').catch(() => [{ n: '0' }]))[0]!.n)
    const deadline = Date.now() + 60_000
    while ((await votes()) < N / 4 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20))
    const before = await votes()
    expect(before).toBeLessThan(N)
    const port = readLock(dataDir)!.port
    const killedAt = performance.now()
    const pid = await killPostmaster(dataDir)
    const result = await pipeline.done
    const runAfterKillMs = performance.now() - killedAt
    expect(result.error).toBeUndefined()
    expect(result.ok).toBe(true)
    expect(log.lines.some((l) => l.includes(`embedded Postgres (pid ${pid}) exited unexpectedly (signal SIGKILL); restarting it (attempt 2)`))).toBe(true)
    expect(log.lines.some((l) => l.includes(`embedded Postgres is back on port ${port} `))).toBe(true)
    const db = result.metrics.nodes.find((n) => n.id === 'db')!
    expect(db.dead).toBe(0)

    const after = await startEmbeddedPostgres({ dir })
    try {
      const [counts] = await query<Record<string, number>>(
        after.url,
        `SELECT (SELECT count(*)::int FROM crash.votes) AS votes, (SELECT count(DISTINCT voter_id)::int FROM crash.votes) AS distinct_votes,
                (SELECT count(*)::int FROM crash.voters) AS voters, (SELECT count(*)::int FROM crash.candidates) AS candidates,
                (SELECT sum(total_votes)::int FROM crash.by_candidate) AS total, (SELECT sum(count)::int FROM crash.by_state) AS by_state`,
      )
      expect(counts).toEqual({ votes: N, distinct_votes: N, voters: N, candidates: 3, total: N, by_state: N })
    } finally {
      await after.stop()
    }
    console.info(`killed at ${before} of ${N} votes; run finished ${Math.round(runAfterKillMs)} ms after the kill, ${db.retries} retried writes; ${log.lines.filter((l) => l.includes('embedded Postgres')).join(' / ')}`)
  }, 120_000)
})
