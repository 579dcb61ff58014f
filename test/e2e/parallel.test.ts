/**
 * End to end: `settings.parallelism` on a real broker and Postgres. Running totals of one votes
 * topic counted in two worker threads equal those of one thread; a process SIGKILLed mid-stream and
 * started again, and a worker thread ended mid-stream, still end with the exact totals.
 */
import type { ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Kafka, logLevel } from 'kafkajs'
import postgres from 'postgres'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { loadConfigFile } from '../../core/config/load-config.ts'
import { planParallel } from '../../core/parallel/plan.ts'
import { createParallelEngine } from '../../core/parallel/run-parallel.ts'
import { builtinPlugins } from '../../plugins/index.ts'
import { createProducer } from '../../plugins/sink-kafka/producer.ts'
import { startRun } from '../cli/run-process.ts'
import { until } from './until.ts'

const brokers = inject('KAFKA_BROKERS')
const databaseUrl = inject('DATABASE_URL')
const sql = postgres(databaseUrl, { onnotice: () => undefined, max: 2 })
const kafka = new Kafka({ clientId: 'tally-parallel-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING })
const dir = mkdtempSync(join(tmpdir(), 'tally-parallel-'))
const topic = `parallel-votes-${randomUUID().slice(0, 8)}`
const VOTES = 300_000
/** Malformed messages among the votes: each must reach the dead-letter file. */
const MALFORMED = 12
const STATES = ['Kent', 'Essex', 'Devon', 'Surrey', 'Norfolk', 'Cumbria', 'Dorset']
const CANDIDATES = ['c-1', 'c-2', 'c-3']
/** What the topic adds up to. */
const expected = { candidates: new Map<string, number>(), states: new Map<string, number>() }

// Counted per candidate and per state in Postgres (the sink is also the checkpoint store).
const config = join(dir, 'count.yaml')
writeFileSync(config, `
name: parallel-\${RUN}
settings:
  parallelism: \${PAR}
  checkpointIntervalMs: 500
nodes:
  votes:
    use: kafka-source
    with: { brokers: '\${KAFKA_BROKERS}', topics: [${topic}], groupId: 'group-\${RUN}', stopWhenIdleMs: 3000, sessionTimeoutMs: 6000, maxBatchEvents: 2000 }
  by_candidate:
    use: window
    from: votes
    with: { groupBy: [candidate_id], carry: [candidate_name], measures: [{ count: true, as: total_votes }], emitIntervalMs: 50 }
  by_state:
    use: window
    from: votes
    with: { groupBy: [{ field: address.state, as: state }], measures: [count], emitIntervalMs: 50 }
  # A time window does not split: it runs on the main thread, reading the votes the workers pass on
  # (each once, though a partition moved to another worker is read again from its last commit).
  by_hour:
    use: window
    from: votes
    with: { window: { tumblingMs: 3600000 }, measures: [count], emitIntervalMs: 50 }
  db:
    use: postgres
    from: [by_candidate, by_state, by_hour]
    with: { url: '\${DATABASE_URL}', schema: 'p_\${RUN}' }
  dead:
    use: file-sink
    from: votes.dead
    with: { path: '${dir}/dead-\${RUN}.jsonl' }
`)

const running = new Set<ChildProcess>()

/** `pipeline run` of the config as a separate process (under `runtime`), its stderr as text. */
function start(run: string, parallelism: number, runtime = 'node'): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const env = { KAFKA_BROKERS: brokers, DATABASE_URL: databaseUrl, RUN: run, PAR: String(parallelism) }
  const { child, exited, lines } = startRun(runtime, [config, '--exit-when-done', '--progress', 'none', '--http', 'off', '--state-dir', join(dir, run)], env)
  running.add(child)
  void exited.then(() => running.delete(child))
  return { child, exited, stderr: () => lines.join('\n') }
}

async function runToEnd(run: string, parallelism: number, runtime = 'node'): Promise<string> {
  const stage = start(run, parallelism, runtime)
  const code = await stage.exited
  expect(code, stage.stderr()).toBe(0)
  return stage.stderr()
}

/** The totals a run stored. */
async function totals(run: string) {
  const candidates = await sql.unsafe(`SELECT candidate_id AS key, total_votes AS n, candidate_name FROM p_${run}.by_candidate ORDER BY 1`)
  const states = await sql.unsafe(`SELECT state AS key, count AS n FROM p_${run}.by_state ORDER BY 1`)
  const hours = await sql.unsafe(`SELECT sum(count) AS n FROM p_${run}.by_hour`)
  return {
    hourly: Number(hours[0]!.n),
    candidates: Object.fromEntries(candidates.map((r) => [r.key, Number(r.n)])),
    names: candidates.map((r) => r.candidate_name as string),
    states: Object.fromEntries(states.map((r) => [r.key, Number(r.n)])),
  }
}

/** Starts a run in two worker threads and waits until it stored a quarter of the votes. */
async function startAndCount(run: string) {
  const stage = start(run, 2)
  await until('a quarter of the votes stored', async () => {
    const rows = await sql.unsafe(`SELECT sum(total_votes) AS n FROM p_${run}.by_candidate`).catch(() => [])
    return Number(rows[0]?.n ?? 0) > VOTES / 4
  }, { timeoutMs: 90_000, intervalMs: 50, context: stage.stderr })
  return stage
}

const expectedTotals = () => ({ hourly: VOTES, candidates: Object.fromEntries(expected.candidates), states: Object.fromEntries(expected.states) })

beforeAll(async () => {
  const admin = kafka.admin()
  await admin.connect()
  await admin.createTopics({ topics: [{ topic, numPartitions: 4 }] })
  await admin.disconnect()
  const producer = createProducer({ brokers: brokers.split(','), clientId: 'tally-parallel-test' })
  await producer.connect()
  for (let first = 0; first < VOTES; first += 5000) {
    const batch = Array.from({ length: 5000 }, (_, k) => {
      const i = first + k
      const vote = { voter_id: `v-${i}`, candidate_id: CANDIDATES[(i * 7) % 3]!, candidate_name: `Name ${(i * 7) % 3}`, voting_time: '2026-12-05 10:00:00', address: { state: STATES[(i * 13) % STATES.length]! } }
      expected.candidates.set(vote.candidate_id, (expected.candidates.get(vote.candidate_id) ?? 0) + 1)
      expected.states.set(vote.address.state, (expected.states.get(vote.address.state) ?? 0) + 1)
      return { key: Buffer.from(vote.voter_id), value: JSON.stringify(vote) }
    })
    await producer.send(topic, batch)
    if (first % 25_000 === 0) await producer.send(topic, [{ key: Buffer.from(`bad-${first}`), value: `{not json ${first}` }])
  }
  producer.close()
}, 120_000)

afterEach(() => {
  for (const child of running) child.kill('SIGKILL')
})
afterAll(async () => {
  await sql.end()
  rmSync(dir, { recursive: true, force: true })
})

describe('settings.parallelism', () => {
  it('two worker threads store the same totals as one thread', async () => {
    const log = await runToEnd('two', 2)
    expect(log).toContain('in 2 worker threads')
    await runToEnd('one', 1)
    expect(await totals('two')).toEqual(await totals('one'))
    expect(await totals('two')).toMatchObject(expectedTotals())
    // Dead letters leave the workers as they are: every malformed message once (a partition taken
    // over is read again from a segment start; the main thread passes on only what it had not).
    const dead = (run: string) => readFileSync(join(dir, `dead-${run}.jsonl`), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { value: string })
    for (const run of ['one', 'two']) {
      expect(dead(run)).toHaveLength(MALFORMED)
      expect(new Set(dead(run).map((d) => d.value)).size).toBe(MALFORMED)
    }
  }, 180_000)

  it('two worker threads under bun store the exact totals', async () => {
    expect(await runToEnd('bun', 2, 'bun')).toContain('in 2 worker threads')
    expect(await totals('bun')).toMatchObject(expectedTotals())
  }, 180_000)

  it('under deno, which stalls worker threads, runs on one thread, says so, and stores the exact totals', async () => {
    const log = await runToEnd('deno', 2, 'deno')
    expect(log).toContain('settings.parallelism: runs on one thread (on Deno, whose node:worker_threads stall a parallel run, pipelines run on one thread)')
    expect(log).not.toContain('worker threads\n')
    expect(await totals('deno')).toMatchObject(expectedTotals())
  }, 180_000)

  it('a process SIGKILLed mid-stream and started again ends with exact totals', async () => {
    const first = await startAndCount('killed')
    first.child.kill('SIGKILL')
    await first.exited
    await runToEnd('killed', 2)
    expect(await totals('killed')).toMatchObject(expectedTotals())
  }, 180_000)

  it('a stop (SIGTERM) drains the workers and exits cleanly; the next run ends with exact totals', async () => {
    const first = await startAndCount('stopped')
    first.child.kill('SIGTERM')
    expect(await first.exited, first.stderr()).toBe(0)
    expect(first.stderr()).toContain('draining')
    await runToEnd('stopped', 2)
    expect(await totals('stopped')).toMatchObject(expectedTotals())
  }, 180_000)

  it('a worker thread that dies mid-stream is restarted and the totals stay exact', async () => {
    const env = { KAFKA_BROKERS: brokers, DATABASE_URL: databaseUrl, RUN: 'restarted', PAR: '2' }
    const { spec } = await loadConfigFile(config, builtinPlugins, env)
    Object.assign(process.env, env) // worker threads read the config with this environment
    const split = planParallel(spec, 2)
    if (!split.parallel) throw new Error(split.reason)
    const logs: string[] = []
    const log = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) }
    const pipeline = createParallelEngine(spec, split, { file: config, pluginsModule: new URL('../../plugins/index.ts', import.meta.url).href }, 2, { log, stateDir: join(dir, 'restarted') })
    await pipeline.start()
    await until('the workers counting', () => pipeline.metrics().nodes.find((n) => n.id === 'votes' && n.plugin === 'kafka-source' && n.eventsOut > VOTES / 5), { timeoutMs: 90_000, intervalMs: 20, context: () => logs.join('\n') })
    await pipeline.pool.threads[0]!.terminate()
    const result = await pipeline.done
    expect(result.ok, `${result.error?.message}\n${logs.join('\n')}`).toBe(true)
    expect(logs.join('\n')).toContain('worker 1 stopped unexpectedly')
    expect(await totals('restarted')).toMatchObject(expectedTotals())
  }, 180_000)
})
