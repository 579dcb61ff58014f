import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { shown, stored as storedIn, streamed, unescapeHtml } from './dashboard-numbers.ts'
import { until } from './until.ts'

const root = new URL('../../', import.meta.url).pathname
const sql = postgres(inject('DATABASE_URL'), { max: 2, onnotice: () => undefined })
const stored = (schema: string) => storedIn(sql, schema)
const stateDirs: string[] = []
afterAll(async () => {
  await sql.end()
  for (const dir of stateDirs) rmSync(dir, { recursive: true, force: true })
})

interface Flagship {
  child: ChildProcess
  stderr(): string
  exited: Promise<number | null>
  /** The dashboard's address, once it printed it. */
  url(): Promise<string>
}

/** `pipeline run configs/election.yaml` as its own process. */
function start(env: Record<string, string>, stateDir: string, ...args: string[]): Flagship {
  let stderr = ''
  const child = spawn(process.execPath, [join(root, 'bin/pipeline.js'), 'run', 'configs/election.yaml', '--progress', 'log', '--state-dir', stateDir, ...args], {
    cwd: root,
    env: { ...process.env, DASHBOARD_PORT: '0', DATABASE_URL: inject('DATABASE_URL'), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return {
    child,
    stderr: () => stderr,
    exited,
    url: () => until(`the dashboard's address`, () => /dashboard `dashboard` on (http:\/\/[^/\s]+)\//.exec(stderr)?.[1], { timeoutMs: 60_000, context: () => stderr }),
  }
}

/** Dashboard and database agree exactly (nothing flowing). */
async function expectAgreement(url: string, schema: string) {
  const [page, sse, db] = [await shown(url), await streamed(url), await stored(schema)]
  expect({ votes: page.votes, voters: page.voters, byCandidate: page.byCandidate, byState: page.byState }).toEqual(db)
  expect(sse).toEqual({ votes: db.votes, voters: db.voters })
  expect(page.turnout).toBeCloseTo((db.votes / db.voters) * 100, 1)
  return page
}

/** While votes flow, the dashboard is live: within a few seconds of votes of the database, and never past 100% turnout. */
async function expectCloseWhileFlowing(url: string, schema: string, votesPerSec: number) {
  const before = await stored(schema)
  const page = await shown(url)
  const after = await stored(schema)
  const slack = votesPerSec * 3
  expect(page.turnout).toBeLessThanOrEqual(100)
  expect(page.voters).toBeGreaterThanOrEqual(before.voters - slack)
  expect(page.voters).toBeLessThanOrEqual(after.voters + slack)
  expect(page.votes).toBeGreaterThanOrEqual(before.votes - slack)
  expect(page.votes).toBeLessThanOrEqual(after.votes + slack)
}

const storedVotes = async (schema: string) => (await stored(schema).catch(() => ({ votes: 0 }))).votes

function isolated(size: Record<string, string>) {
  const stateDir = mkdtempSync(join(tmpdir(), 'tally-dashboard-e2e-'))
  stateDirs.push(stateDir)
  return { stateDir, env: { ...size, DATABASE_SCHEMA: `dash_${randomUUID().slice(0, 8)}` } }
}

describe('the dashboard across restarts and after the election (flagship, one process)', () => {
  it('shows the database\'s numbers after a Ctrl-C and after a SIGKILL mid-run, and keeps agreeing while votes flow', async () => {
    const rate = 2000
    const { stateDir, env } = isolated({ VOTERS: '24000', VOTES_PER_SEC: String(rate) })
    const schema = env.DATABASE_SCHEMA

    const first = start(env, stateDir)
    await first.url()
    await until('4,000 votes stored', async () => (await storedVotes(schema)) >= 4000 || undefined, { timeoutMs: 90_000, context: first.stderr })
    first.child.kill('SIGINT')
    expect(await first.exited, first.stderr()).toBe(0)

    const second = start(env, stateDir)
    const secondUrl = await second.url()
    await until('the second run to resume', () => second.stderr().includes('resuming from checkpoint') || undefined, { timeoutMs: 60_000, context: second.stderr })
    const resumedAt = await storedVotes(schema)
    await until('votes flowing again', async () => (await storedVotes(schema)) > resumedAt + 1000 || undefined, { timeoutMs: 60_000, context: second.stderr })
    await expectCloseWhileFlowing(secondUrl, schema, rate)
    // Past a checkpoint (every 5 s), then killed with no chance to drain.
    await until('a checkpoint after the restart', () => (second.stderr().match(/\[\d+s\]/g)?.length ?? 0) >= 2 || undefined, { timeoutMs: 60_000, context: second.stderr })
    second.child.kill('SIGKILL')
    await second.exited

    const third = start(env, stateDir)
    const thirdUrl = await third.url()
    await until('the third run to resume', () => third.stderr().includes('resuming from checkpoint') || undefined, { timeoutMs: 60_000, context: third.stderr })
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await expectCloseWhileFlowing(thirdUrl, schema, rate)
    await until('the election to complete', () => third.stderr().includes('still serving') || undefined, { timeoutMs: 120_000, context: third.stderr })
    const final = await expectAgreement(thirdUrl, schema)
    expect(final.voters).toBe(24_000)
    expect(final.closed).toBe(true)
    third.child.kill('SIGTERM')
    expect(await third.exited, third.stderr()).toBe(0)
  })

  it('keeps serving the final result once the election is over, shows it again when started again, and starts over with --fresh', async () => {
    const { stateDir, env } = isolated({ VOTERS: '3000', VOTES_PER_SEC: '0' })
    const schema = env.DATABASE_SCHEMA

    const run = start(env, stateDir)
    const url = await run.url()
    await until('the election to complete', () => run.stderr().includes('still serving') || undefined, { timeoutMs: 90_000, context: run.stderr })
    expect(run.stderr()).toMatch(/still serving `dashboard` on http:\/\/127\.0\.0\.1:\d+: press Ctrl-C to exit/)
    const page = await expectAgreement(url, schema)
    expect(page.closed).toBe(true)
    expect(page.page).toContain('Election closed')
    expect(page.page).toContain('Winner')
    // The time series (per-minute windows) holds every vote but the late ones.
    const series = JSON.parse(unescapeHtml(/<div id="timeseries"[^>]*>([^<]*)<\/div>/.exec(page.page)![1]!)) as { series: { values: number[] }[] }
    const charted = series.series.flatMap((s) => s.values).reduce((a, b) => a + b, 0)
    const perMinute = await sql.unsafe<{ n: string }[]>(`SELECT sum(votes) AS n FROM "${schema}".per_minute`)
    expect(charted).toBe(Number(perMinute[0]!.n))
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(run.child.exitCode).toBe(null) // still up
    run.child.kill('SIGINT')
    expect(await run.exited, run.stderr()).toBe(0)

    // Started again, a finished election shows its result (restored from the checkpoint), votes nothing new.
    const again = start(env, stateDir)
    const againUrl = await again.url()
    await until('the restored election to complete', () => again.stderr().includes('still serving') || undefined, { timeoutMs: 60_000, context: again.stderr })
    expect((await expectAgreement(againUrl, schema)).votes).toBe(page.votes)
    again.child.kill('SIGTERM')
    expect(await again.exited, again.stderr()).toBe(0)

    // --exit-when-done: for scripts; exits 0 once complete.
    const scripted = start(env, stateDir, '--exit-when-done')
    expect(await scripted.exited, scripted.stderr()).toBe(0)
    expect(scripted.stderr()).toContain('done: everything flushed')

    // --fresh: says what it deletes, then a new election on empty tables.
    const fresh = start({ ...env, VOTERS: '1000' }, stateDir, '--fresh', '--exit-when-done')
    expect(await fresh.exited, fresh.stderr()).toBe(0)
    expect(fresh.stderr()).toMatch(/deleting from .*tables .*"votes".* and the checkpoint of this pipeline/)
    expect((await stored(schema)).voters).toBe(1000)
  })
})
