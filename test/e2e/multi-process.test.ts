import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import { Kafka, logLevel } from 'kafkajs'
import postgres from 'postgres'
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest'
import { readTopic } from '../../plugins/sink-kafka/raw-topic.ts'
import { shapes } from '../../plugins/source-kafka/shapes.ts'
import { shown, stored } from './dashboard-numbers.ts'
import { until } from './until.ts'

const root = new URL('../../', import.meta.url).pathname
const brokers = inject('KAFKA_BROKERS')
const databaseUrl = inject('DATABASE_URL')
const sql = postgres(databaseUrl, { onnotice: () => undefined, max: 2 })
const kafka = new Kafka({ clientId: 'tally-multi-process-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING })
const stateDir = mkdtempSync(join(tmpdir(), 'tally-multi-process-'))

interface Stage {
  child: ChildProcess
  stderr(): string
  exited: Promise<number | null>
}

/** Every child process still running; each test stops its own in `afterEach`, even when it fails. */
const running = new Set<Stage>()

/** `node bin/pipeline.js run <config>`, as a separate process with the given environment. */
function start(config: string, env: Record<string, string>): Stage {
  let stderr = ''
  const child = spawn(process.execPath, [join(root, 'bin/pipeline.js'), 'run', config, '--exit-when-done', '--progress', 'none', '--state-dir', stateDir], {
    cwd: root,
    env: { ...process.env, KAFKA_BROKERS: brokers, DATABASE_URL: databaseUrl, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk))
  const stage: Stage = { child, stderr: () => stderr, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) }
  running.add(stage)
  void stage.exited.then(() => running.delete(stage))
  return stage
}

/** Runs a stage to its end and expects success. */
async function run(config: string, env: Record<string, string>): Promise<string> {
  const stage = start(config, env)
  const code = await stage.exited
  expect(code, `${config} failed:\n${stage.stderr()}`).toBe(0)
  return stage.stderr()
}

async function stop(stage: Stage): Promise<void> {
  if (stage.child.exitCode === null && stage.child.signalCode === null) stage.child.kill('SIGTERM')
  const killer = setTimeout(() => stage.child.kill('SIGKILL'), 15_000)
  await stage.exited
  clearTimeout(killer)
}

afterEach(async () => {
  await Promise.all([...running].map(stop))
})
afterAll(async () => {
  await sql.end()
  rmSync(stateDir, { recursive: true, force: true })
})

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
const eventually = <T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000) => until(what, check, { timeoutMs, intervalMs: 200 })

/** What the election adds up to in `schema`: from the aggregate tables, and recounted from the votes themselves. */
async function totals(schema: string) {
  const rows = async <T extends Record<string, unknown>>(text: string) => (await sql.unsafe(text)) as unknown as T[]
  const byKey = (list: { key: string; n: number }[]) => Object.fromEntries(list.map((r) => [r.key, Number(r.n)]))
  const running = `window_start = '-infinity' AND window_end = 'infinity'`
  return {
    votes: Number((await rows<{ n: string }>(`SELECT count(*) AS n FROM ${schema}.votes`))[0]!.n),
    /** Who voted for whom: equal digests mean the very same votes. */
    digest: (await rows<{ d: string }>(`SELECT md5(string_agg(voter_id || ':' || candidate_id, ',' ORDER BY voter_id)) AS d FROM ${schema}.votes`))[0]!.d,
    byCandidate: byKey(await rows(`SELECT candidate_id AS key, total_votes AS n FROM ${schema}.by_candidate WHERE ${running}`)),
    byState: byKey(await rows(`SELECT state AS key, count AS n FROM ${schema}.by_state WHERE ${running}`)),
    recounted: {
      byCandidate: byKey(await rows(`SELECT candidate_id AS key, count(*) AS n FROM ${schema}.votes GROUP BY 1`)),
      byState: byKey(await rows(`SELECT r.address_state AS key, count(*) AS n FROM ${schema}.votes v JOIN ${schema}.voters r USING (voter_id) GROUP BY 1`)),
    },
  }
}

/** An isolated run: its own topics, consumer groups and Postgres schema. */
function isolated(label: string, env: Record<string, string> = {}) {
  const id = randomUUID().slice(0, 8)
  return { TOPIC_PREFIX: `${label}_${id}_`, DATABASE_SCHEMA: `${label}_${id}`, ...env }
}

async function createTopic(topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin()
  await admin.connect()
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] })
  } finally {
    await admin.disconnect()
  }
}

/** Every message of a topic, whatever it holds now. */
async function readAll(topic: string) {
  const admin = kafka.admin()
  await admin.connect()
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect())
  return readTopic(brokers, topic, ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0))
}

/** The last value per key of a changelog topic. */
async function latest(topic: string): Promise<Map<string, Record<string, unknown>>> {
  const records = await readAll(topic)
  return new Map(records.map((r) => [r.key!, JSON.parse(r.value!) as Record<string, unknown>]))
}

const mp = (stage: string) => `configs/multi-process/${stage}.yaml`

describe('the multi-process layout (generate → vote → aggregate → combine, connected by Kafka)', () => {
  it('gives the same votes and the same Postgres totals as the single-process flagship for the same seed, and the classic topics carry them', async () => {
    const size = { VOTERS: '2000', VOTES_PER_SEC: '0', DASHBOARD_PORT: '0' }
    const flagship = isolated('flag', size)
    await run('configs/election.yaml', flagship)

    const env = isolated('mp', { ...size, IDLE_STOP_MS: '2000' })
    // One partition keeps the voters in the order the flagship sees them: vote k's voting_time is
    // the k-th point of the polling day, and a voter's age band (which tilts the choice) is taken on
    // that day, so order matters for voters whose birthday falls on a midnight the day crosses.
    await createTopic(`${env.TOPIC_PREFIX}voters_topic`, 1)
    for (const stage of ['generate', 'vote', 'aggregate', 'combine']) await run(mp(stage), env)

    const single = await totals(flagship.DATABASE_SCHEMA)
    const multi = await totals(env.DATABASE_SCHEMA)
    expect(single.votes).toBeGreaterThan(1500)
    expect(multi).toEqual(single)
    expect(multi.byCandidate).toEqual(multi.recounted.byCandidate)
    expect(multi.byState).toEqual(multi.recounted.byState)

    const check = spawnSync(process.execPath, [join(root, 'bin/pipeline.js'), 'check', mp('combine'), '--json'], {
      cwd: root,
      env: { ...process.env, KAFKA_BROKERS: brokers, DATABASE_URL: databaseUrl, ...env },
      encoding: 'utf8',
    })
    expect(check.status, check.stdout + check.stderr).toBe(0)
    const report = JSON.parse(check.stdout) as { results: { name: string; detail: string }[] }
    const detail = (name: string) => report.results.find((r) => r.name === name)?.detail
    expect(detail('by_candidate: sum(total_votes) = count(votes)')).toBe(`${multi.votes} = ${multi.votes}`)
    expect(detail('by_state: sum(count) = count(votes)')).toBe(`${multi.votes} = ${multi.votes}`)

    // The classic demo's topics: every vote once, keyed by voter; running totals in exactly the classic shapes.
    const votes = await readAll(`${env.TOPIC_PREFIX}votes_topic`)
    expect(votes.length).toBe(multi.votes)
    expect(votes.every((r) => Value.Check(shapes.vote, JSON.parse(r.value!)) && r.key === (JSON.parse(r.value!) as { voter_id: string }).voter_id)).toBe(true)
    const perCandidate = await latest(`${env.TOPIC_PREFIX}aggregated_votes_per_candidate`)
    expect(Object.fromEntries([...perCandidate].map(([key, v]) => [key, v.total_votes]))).toEqual(single.byCandidate)
    for (const value of perCandidate.values()) expect(Object.keys(value)).toEqual(['candidate_id', 'candidate_name', 'party_affiliation', 'photo_url', 'total_votes'])
    const perState = await latest(`${env.TOPIC_PREFIX}aggregated_turnout_by_location`)
    expect(Object.fromEntries([...perState].map(([key, v]) => [key, v.count]))).toEqual(single.byState)
    for (const value of perState.values()) expect(Object.keys(value)).toEqual(['state', 'count'])

    // The dashboard stage shows those totals, read from Kafka alone; restarted, it shows them again.
    for (const run of ['first', 'restarted']) {
      const dashboard = start(mp('dashboard'), { ...env, IDLE_STOP_MS: '60000' })
      const url = await eventually(`the ${run} dashboard to listen`, async () => /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(dashboard.stderr())?.[1])
      await eventually(`the ${run} dashboard to show every candidate's total`, async () => {
        const page = await (await fetch(`${url}/`)).text()
        return Object.values(single.byCandidate).every((n) => page.includes(`<td class="num">${n.toLocaleString('en-US')}</td>`)) ? true : undefined
      })
      await stop(dashboard)
    }
  }, 180_000)

  it('gives the same totals with two aggregate processes in one consumer group as with one', async () => {
    const env = isolated('mp2', { VOTERS: '10000', VOTES_PER_SEC: '0', IDLE_STOP_MS: '2000' })
    await run(mp('generate'), env)
    // Both aggregate processes are in the group before the first vote: they split the partitions
    // and none moves while votes flow (the next test moves them). They wait up to 15 s for the
    // first vote, and end 15 s after the last.
    const aggregates = ['1', '2'].map((instance) => start(mp('aggregate'), { ...env, TALLY_INSTANCE: instance, IDLE_STOP_MS: '15000' }))
    const admin = kafka.admin()
    await admin.connect()
    try {
      await eventually('both aggregate processes to share the partitions', async () => {
        const [group] = (await admin.describeGroups([`${env.TOPIC_PREFIX}aggregate`])).groups
        return group?.state === 'Stable' && group.members.length === 2 ? true : undefined
      })
    } finally {
      await admin.disconnect()
    }
    await run(mp('vote'), env)
    for (const stage of aggregates) expect(await stage.exited, stage.stderr()).toBe(0)
    await run(mp('combine'), env)

    const result = await totals(env.DATABASE_SCHEMA)
    expect(result.votes).toBeGreaterThan(7500)
    expect(result.byCandidate).toEqual(result.recounted.byCandidate)
    expect(result.byState).toEqual(result.recounted.byState)
    // Each process counted its own partitions: its partials are disjoint from the other's.
    const counted = (await sql.unsafe(`SELECT pipeline, positions FROM ${env.DATABASE_SCHEMA}.tally_checkpoints WHERE pipeline LIKE 'aggregate-%' ORDER BY 1`)) as unknown as { pipeline: string; positions: { votes?: Record<string, Record<string, string>> } }[]
    expect(counted.map((c) => c.pipeline)).toEqual(['aggregate-1', 'aggregate-2'])
    for (const c of counted) expect(Object.keys(Object.values(c.positions.votes ?? {})[0] ?? {}).length).toBeGreaterThan(0)
    const [partials] = (await sql.unsafe(`SELECT sum(total_votes)::int AS n FROM ${env.DATABASE_SCHEMA}.partials_by_candidate`)) as unknown as { n: number }[]
    expect(partials!.n).toBe(result.votes)
  }, 180_000)

  it('gives the same totals when aggregate processes join, leave and come back while votes flow', async () => {
    // Small segments, so partitions move mid-segment and each process counts several of them.
    // More voters than the test needs (150 s of votes): the votes are stopped once every move is done.
    const env = isolated('mp3', { VOTERS: '150000', IDLE_STOP_MS: '20000', SEGMENT_SIZE: '1000' })
    await run(mp('generate'), env)
    const first = start(mp('aggregate'), { ...env, TALLY_INSTANCE: '1' })
    const vote = start(mp('vote'), { ...env, VOTES_PER_SEC: '1000' })
    const topic = `${env.TOPIC_PREFIX}votes_topic`
    const group = `${env.TOPIC_PREFIX}aggregate`
    const admin = kafka.admin()
    await admin.connect()
    // The broker may still be loading the group's coordinator (a retriable error): ask again.
    const retriable = <T>(fallback: T) => (error: { retriable?: boolean }) => {
      if (error.retriable) return fallback
      throw error
    }
    const members = async () => (await admin.describeGroups([group]).catch(retriable({ groups: [] }))).groups[0]
    try {
      await eventually('the first aggregate process to commit on every partition', async () => {
        if (!(await admin.listTopics()).includes(topic)) return undefined
        const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] }).catch(retriable([]))
        return offsets && offsets.partitions.length === 3 && offsets.partitions.every((p) => Number(p.offset) > 0) ? true : undefined
      })
      /** Waits until the group is stable with `count` members, then lets votes flow for 3 s. */
      const settled = async (count: number, what: string, ...stages: Stage[]) => {
        let seen = 'nothing yet'
        await eventually(what, async () => {
          const group = await members()
          seen = `${group?.state} with ${group?.members.length} members`
          return group?.members.length === count && group.state === 'Stable' ? true : undefined
        }, 90_000).catch((error: Error) => {
          const said = stages.map((stage, i) => `--- aggregate process ${i + 1} said:\n${stage.stderr().slice(-3000)}`).join('\n')
          throw new Error(`${error.message}; the group was ${seen}\n${said}`)
        })
        await new Promise((resolve) => setTimeout(resolve, 3000))
        expect(vote.child.exitCode, `the votes ended before ${what}: the test moved less than it should while votes flowed`).toBeNull()
      }
      // 1. A second process joins: some partitions move from the first to it (the first may not have committed all it counted).
      const second = start(mp('aggregate'), { ...env, TALLY_INSTANCE: '2' })
      await settled(2, 'the second process took its share', first, second)
      // 2. The first leaves: the second takes everything.
      await stop(first)
      expect(await first.exited).toBe(0)
      await settled(1, 'the second process took everything', second)
      // 3. The first comes back from its checkpoint and gets partitions back that it counted part of before.
      const again = start(mp('aggregate'), { ...env, TALLY_INSTANCE: '1' })
      await settled(2, 'the first process came back', second, again)
      // 4. The votes stop (a graceful stop: Postgres and votes_topic get the same votes); the aggregates end when idle.
      await stop(vote)
      for (const stage of [vote, second, again]) expect(await stage.exited, stage.stderr()).toBe(0)
    } finally {
      await admin.disconnect()
    }
    await run(mp('combine'), env)

    const result = await totals(env.DATABASE_SCHEMA)
    expect(result.votes).toBeGreaterThan(10_000)
    expect(result.byCandidate).toEqual(result.recounted.byCandidate)
    expect(result.byState).toEqual(result.recounted.byState)
    // Both processes read every partition at some point (the first all three, the second its share, then all): partitions moved.
    const positions = (await sql.unsafe(`SELECT pipeline, positions FROM ${env.DATABASE_SCHEMA}.tally_checkpoints WHERE pipeline LIKE 'aggregate-%' ORDER BY 1`)) as unknown as { pipeline: string; positions: { votes?: Record<string, Record<string, string>> } }[]
    expect(positions.map((c) => [c.pipeline, Object.keys(c.positions.votes?.[topic] ?? {}).length])).toEqual([['aggregate-1', 3], ['aggregate-2', 3]])
    const [partials] = (await sql.unsafe(`SELECT sum(total_votes)::int AS n FROM ${env.DATABASE_SCHEMA}.partials_by_candidate`)) as unknown as { n: number }[]
    expect(partials!.n).toBe(result.votes)
  }, 300_000)
})

describe('a vote process killed mid-stream (SIGKILL) and started again', () => {
  it('writes each vote to votes_topic once, so the aggregates still equal a recount', async () => {
    const env = isolated('mp5', { VOTERS: '20000', IDLE_STOP_MS: '5000' })
    await run(mp('generate'), env)
    const voting = { ...env, VOTES_PER_SEC: '1000' }
    const killed = start(mp('vote'), voting)
    const topic = `${env.TOPIC_PREFIX}votes_topic`
    const sum = (offsets: Record<string, string>) => Object.values(offsets).reduce((n, o) => n + Number(o), 0)
    const admin = kafka.admin()
    await admin.connect()
    try {
      // Killed once votes_topic holds at least 300 votes more than the last checkpoint recorded.
      await eventually('votes in votes_topic after a checkpoint of the vote process', async () => {
        const rows = (await sql.unsafe(`SELECT states FROM ${env.DATABASE_SCHEMA}.tally_checkpoints WHERE pipeline = 'vote-1'`).catch(() => [])) as unknown as { states: { kafka?: Record<string, Record<string, string>> } }[]
        const recorded = rows[0]?.states.kafka?.[topic]
        if (!recorded) return undefined
        const ends = Object.fromEntries((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]))
        return sum(ends) - sum(recorded) >= 300 ? true : undefined
      }, 90_000)
      killed.child.kill('SIGKILL')
    } finally {
      await admin.disconnect()
    }
    await killed.exited
    const again = start(mp('vote'), voting)
    expect(await again.exited, again.stderr()).toBe(0)
    // It resumed from its checkpoint and found votes it had sent after it.
    const resumed = /resuming: (\d+) messages written after the checkpoint are not written again/.exec(again.stderr())
    expect(resumed, again.stderr()).not.toBeNull()
    expect(Number(resumed![1])).toBeGreaterThan(0)
    // The aggregates count whatever votes_topic holds (they would have counted a duplicate twice).
    await run(mp('aggregate'), { ...env, TALLY_INSTANCE: '1' })
    await run(mp('combine'), env)

    const result = await totals(env.DATABASE_SCHEMA)
    const reader = kafka.admin()
    await reader.connect()
    const held = (await reader.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0)
    await reader.disconnect()
    expect(held).toBe(result.votes)
    expect(result.byCandidate).toEqual(result.recounted.byCandidate)
    expect(result.byState).toEqual(result.recounted.byState)

    // The dashboard stage, fed by Kafka alone, shows exactly what Postgres holds after the crash.
    const db = await stored(sql, env.DATABASE_SCHEMA)
    const dashboard = start(mp('dashboard'), { ...env, IDLE_STOP_MS: '60000' })
    const url = await eventually('the dashboard to listen', async () => /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(dashboard.stderr())?.[1])
    const page = await eventually('the dashboard to show every vote and voter', async () => {
      const now = await shown(url)
      return now.votes === db.votes && now.voters === db.voters ? now : undefined
    }, 60_000)
    expect({ votes: page.votes, voters: page.voters, byCandidate: page.byCandidate, byState: page.byState }).toEqual(db)
    await stop(dashboard)
  }, 300_000)
})

describe('configs/election-kafka.yaml', () => {
  it('runs the flagship and writes the classic demo\'s topics: every voter and vote keyed by voter, totals equal to Postgres\'', async () => {
    const env = isolated('ek', { VOTERS: '2000', VOTES_PER_SEC: '0', DASHBOARD_PORT: '0' })
    await run('configs/election-kafka.yaml', env)
    const result = await totals(env.DATABASE_SCHEMA)
    const voters = await readAll(`${env.TOPIC_PREFIX}voters_topic`)
    expect(voters.length).toBe(2000)
    expect(voters.every((r) => Value.Check(shapes.voter, JSON.parse(r.value!)) && r.key === (JSON.parse(r.value!) as { voter_id: string }).voter_id)).toBe(true)
    expect((await readAll(`${env.TOPIC_PREFIX}votes_topic`)).length).toBe(result.votes)
    expect((await readAll(`${env.TOPIC_PREFIX}candidates_topic`)).length).toBe(3)
    const perCandidate = await latest(`${env.TOPIC_PREFIX}aggregated_votes_per_candidate`)
    expect(Object.fromEntries([...perCandidate].map(([key, v]) => [key, v.total_votes]))).toEqual(result.byCandidate)
    for (const value of perCandidate.values()) expect(Value.Check(shapes.candidateTotals, value)).toBe(true)
    const perState = await latest(`${env.TOPIC_PREFIX}aggregated_turnout_by_location`)
    expect(Object.fromEntries([...perState].map(([key, v]) => [key, v.count]))).toEqual(result.byState)
  }, 120_000)
})
