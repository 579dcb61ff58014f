import { spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres, { type Sql } from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { createPipeline, runPipeline } from '../../index.ts'
import { isRetryable } from '../../core/plugin.ts'
import { range, vote, voter } from './election-fixtures.ts'
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.ts'
import { electionPipeline, registry } from './fixtures/election-pipeline.ts'
import { startTestSink, type TestSink } from './test-sink.ts'

const N = 20_000
const root = mkdtempSync(join(tmpdir(), 'tally-fault-test-'))
chmodSync(root, 0o755)
let server: EmbeddedPostgres
let undisturbed: Record<string, unknown[]>

/** Every table of the election, in a stable order, without the write timestamps. */
async function dump(sql: Sql, schema: string): Promise<Record<string, unknown[]>> {
  const q = (text: string) => sql.unsafe(text.replaceAll('S.', `"${schema}".`)).then((rows) => [...rows])
  return {
    candidates: await q('SELECT * FROM S.candidates ORDER BY candidate_id'),
    voters: await q('SELECT * FROM S.voters ORDER BY voter_id'),
    votes: await q('SELECT * FROM S.votes ORDER BY voter_id'),
    by_candidate: await q('SELECT window_key, window_final, candidate_name, total_votes FROM S.by_candidate ORDER BY window_key'),
    by_state: await q('SELECT window_key, window_final, state, count FROM S.by_state ORDER BY window_key'),
  }
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((done) => setTimeout(done, 20))
  }
}

const votesIn = async (url: string, schema: string) => {
  const sql = postgres(url, { max: 1, onnotice: () => undefined })
  try {
    return Number((await sql.unsafe(`SELECT count(*) AS n FROM "${schema}".votes`))[0]!.n)
  } finally {
    await sql.end({ timeout: 1 })
  }
}

beforeAll(async () => {
  server = await startEmbeddedPostgres({ dir: join(root, 'server') })
  const schema = `undisturbed_${Math.random().toString(36).slice(2, 8)}`
  const result = await runPipeline(electionPipeline({ url: inject('DATABASE_URL'), schema, count: N }), { registry })
  expect(result.error).toBeUndefined()
  const sql = postgres(inject('DATABASE_URL'), { max: 1 })
  undisturbed = await dump(sql, schema)
  await sql.unsafe(`DROP SCHEMA "${schema}" CASCADE`)
  await sql.end()
  expect(undisturbed.votes).toHaveLength(N)
  expect(undisturbed.by_candidate!.map((r) => (r as { total_votes: number }).total_votes).reduce((a, b) => a + b)).toBe(N)
}, 120_000)

afterAll(async () => {
  await server?.stop()
  rmSync(root, { recursive: true, force: true })
})

describe('postgres sink under faults', () => {
  let t: TestSink | undefined
  afterAll(async () => t?.close())

  it('a write while the server is down fails as retryable; retried after the restart it writes everything once', async () => {
    t = await startTestSink({ url: server.url })
    await t.write(range(0, 100, voter), 'voters')
    await server.stop()
    const failure = await t.write(range(100, 200, voter), 'voters').catch((e: unknown) => e)
    expect(isRetryable(failure)).toBe(true)
    expect((failure as Error).message).toMatch(/Postgres is unreachable or restarting/)
    server = await startEmbeddedPostgres({ dir: join(root, 'server'), port: server.port })
    await t.write(range(100, 200, voter), 'voters')
    expect(Number((await t.sql`SELECT count(*) AS n FROM voters`)[0]!.n)).toBe(200)
  })

  it('a connection killed in the middle of a batch statement leaves nothing behind; the retry writes it once', async () => {
    await t?.close()
    t = await startTestSink({ url: server.url, chunkRows: 50_000 })
    const votes = range(0, 30_000, (i) => vote(i))
    const writing = t.write(votes, 'votes', 'votes').catch((e: unknown) => e)
    await until(async () => (await t!.sql`SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE query LIKE 'WITH c AS (INSERT INTO%' AND pid <> pg_backend_pid()`).some((r) => r.killed), 10_000)
    const failure = await writing
    expect(isRetryable(failure)).toBe(true)
    expect(Number((await t.sql`SELECT count(*) AS n FROM votes`)[0]!.n)).toBe(0)
    await t.write(votes, 'votes', 'votes')
    await t.write(votes, 'votes', 'votes')
    expect(Number((await t.sql`SELECT count(*) AS n FROM votes`)[0]!.n)).toBe(30_000)
    expect(t.dead).toEqual([])
  })

  it('Postgres stopped and restarted in the middle of a pipeline run: the run completes with the same tables as an undisturbed one', async () => {
    const schema = `restart_${Math.random().toString(36).slice(2, 8)}`
    const pipeline = createPipeline(electionPipeline({ url: server.url, schema, count: N, intervalMs: 20 }), { registry })
    await pipeline.start()
    await until(async () => (await votesIn(server.url, schema)) >= N / 4, 60_000)
    await server.stop()
    server = await startEmbeddedPostgres({ dir: join(root, 'server'), port: server.port })
    const result = await pipeline.done
    expect(result.error).toBeUndefined()
    expect(result.metrics.nodes.find((n) => n.id === 'db')!.retries).toBeGreaterThan(0)
    const sql = postgres(server.url, { max: 1 })
    expect(await dump(sql, schema)).toEqual(undisturbed)
    await sql.end()
  }, 120_000)

  it('the pipeline process killed with SIGKILL mid-run and started again: same tables as an undisturbed run', async () => {
    const stateDir = join(root, 'state')
    const schema = 'killed'
    const options = JSON.stringify({ url: 'embedded', schema, count: N, intervalMs: 20, stateDir })
    const run = () => spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'run-election.ts'), options], { stdio: ['ignore', 'ignore', 'inherit'] })
    const exited = (child: ReturnType<typeof run>) => new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
    const first = run()
    const firstExit = exited(first)
    const dir = join(stateDir, 'db', 'postgres')
    const owner = () => (JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')) as { pid: number }).pid
    await until(async () => owner() === first.pid, 60_000)
    const peek = await startEmbeddedPostgres({ dir })
    expect(peek.owned).toBe(false)
    await until(async () => (await votesIn(peek.url, schema)) >= N / 4, 60_000)
    first.kill('SIGKILL')
    await firstExit
    expect(await votesIn(peek.url, schema)).toBeLessThan(N)
    const second = run()
    expect(await exited(second)).toBe(0)
    const after = await startEmbeddedPostgres({ dir })
    const sql = postgres(after.url, { max: 1 })
    expect(await dump(sql, schema)).toEqual(undisturbed)
    await sql.end()
    await after.stop()
  }, 180_000)
})
