import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { renderMetricsDoc } from '../../docs/metrics.ts'
import { startRun, until, type RunProcess } from '../cli/run-process.ts'
import { ensurePrometheus, freePort, promtoolPath, startPrometheus, type RunningPrometheus } from '../services/prometheus.ts'

const schema = `prometheus_${Date.now()}`
const databaseUrl = inject('DATABASE_URL')
const votesOut = 'tally_node_events_out_total{job="tally",node="votes",port="out"}'

let prometheus: RunningPrometheus | undefined
let flagship: RunProcess | undefined
let stateDir: string

beforeAll(() => {
  ensurePrometheus()
  stateDir = mkdtempSync(join(tmpdir(), 'tally-prometheus-flagship-'))
})

afterAll(async () => {
  if (flagship?.child.exitCode === null) flagship.child.kill('SIGKILL')
  await prometheus?.stop()
  rmSync(stateDir, { recursive: true, force: true })
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined })
  await sql.unsafe(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await sql.end()
})

describe('a real Prometheus scraping the flagship', () => {
  it('sees the votes node\'s events-out counter rise to count(votes), from an exposition promtool accepts', { timeout: 240_000 }, async () => {
    const port = await freePort()
    const target = `127.0.0.1:${port}`
    prometheus = await startPrometheus([target], 1)
    // Prometheus starts scraping a few seconds after it is ready: the run starts once it has tried (and found nothing yet).
    await until(async () => (await prometheus!.targets()).some((t) => t.health !== 'unknown'), 30_000, 'Prometheus to scrape its target once')
    flagship = startRun('node', ['configs/election.yaml', '--http', target, '--progress', 'log', '--state-dir', stateDir], {
      VOTERS: '20000', VOTES_PER_SEC: '4000', DASHBOARD_PORT: '0', DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema,
    })
    expect(await flagship.operatorUrl()).toBe(`http://${target}`)

    // While votes flow: Prometheus scrapes (OpenMetrics, as it asks first) and stores a counter that moves.
    const seen: number[] = []
    await until(async () => {
      const [sample] = await prometheus!.query(votesOut)
      if (sample && sample.value !== seen.at(-1)) seen.push(sample.value)
      return seen.length >= 3
    }, 60_000, 'three different scraped values of the votes counter')
    expect(seen).toEqual([...seen].sort((a, b) => a - b))

    // Complete: `pipeline run` holds the flagship (its dashboard serves), so a last scrape sees the final count.
    await flagship.line(/^still serving/, 120_000)
    const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined })
    const [{ votes }] = await sql.unsafe<[{ votes: string }]>(`SELECT count(*) AS votes FROM "${schema}".votes`)
    await sql.end()
    expect(Number(votes)).toBeGreaterThan(15_000)
    await until(async () => (await prometheus!.query(votesOut))[0]?.value === Number(votes), 15_000, `the scraped votes counter to reach count(votes) = ${votes}`)
    expect((await prometheus.query(`changes(${votesOut}[10m])`))[0]!.value).toBeGreaterThanOrEqual(2)
    expect((await prometheus.query('up{job="tally"}'))[0]!.value).toBe(1)
    expect((await prometheus.query('tally_pipeline_ready'))[0]!.value).toBe(1)
    expect((await prometheus.query('tally_checkpoints_total'))[0]!.value).toBeGreaterThan(0)
    expect((await prometheus.query('tally_sink_write_duration_seconds_count{node="db"}'))[0]!.value).toBeGreaterThan(0)
    expect((await prometheus.query('tally_plugin_postgres_rows_total{node="db"}'))[0]!.value).toBeGreaterThan(Number(votes))

    // The text exposition passes promtool's checks, and every plugin metric is in docs/metrics.md.
    const text = await (await fetch(`http://${target}/metrics`)).text()
    const check = spawnSync(promtoolPath, ['check', 'metrics'], { input: text, encoding: 'utf8' })
    expect(check.status, check.stdout + check.stderr).toBe(0)
    expect(check.stdout + check.stderr).toBe('')
    const doc = renderMetricsDoc()
    const families = [...new Set([...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]!))]
    expect(families.filter((f) => !doc.includes(`\`${f}`))).toEqual([])

    flagship.child.kill('SIGTERM')
    expect(await flagship.exited).toBe(0)
  })
})
