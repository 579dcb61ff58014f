/**
 * @module Votes per second through the multi-process layout as shipped: `vote.yaml` (voters_topic →
 * voting → Postgres votes + votes_topic) and `aggregate.yaml` (votes_topic → per-partition counts →
 * partial topics + Postgres) as `pipeline run` processes, broker and Postgres on the same machine.
 */
import { randomUUID } from 'node:crypto'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { Kafka, logLevel, type Admin } from 'kafkajs'
import postgres from 'postgres'
import { startTestKafka } from '../test/services/kafka.ts'
import { startTestPostgres } from '../test/services/postgres.ts'
import { freshStateDir, load, now, serverCpuMs, spawnPipeline, type PipelineChild } from './flagship-process.ts'
import type { BenchResult } from './result.ts'

const VOTERS = Number(process.env.MP_BENCH_VOTERS ?? 400_000)
const TARGET = '≥ 50,000 votes/s (2 cores, broker on the same machine)'
const mp = (stage: string) => `configs/multi-process/${stage}.yaml`
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** CPU milliseconds a live process has used (Linux /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** The local Postgres server listening on the URL's port (its postmaster), if it runs on this machine. */
function postmasterOf(url: string): number | undefined {
  const port = new URL(url).port
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let args: string[]
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')
    } catch {
      continue // the process ended between listing and reading
    }
    if (args[0]?.endsWith('/postgres') && args[args.indexOf('-p') + 1] === port) return Number(entry)
  }
  return undefined
}

/** CPU used by the broker and Postgres between `start()` and `stop()` (those found on this machine). */
function serviceMeter(brokerPid: number | undefined, postmaster: number | undefined) {
  const read = () => ({ broker: brokerPid === undefined ? undefined : cpuMs(brokerPid), postgres: postmaster === undefined ? undefined : serverCpuMs(postmaster) })
  const before = read()
  return () => {
    const after = read()
    return { broker: after.broker === undefined ? undefined : after.broker - before.broker!, postgres: after.postgres === undefined ? undefined : after.postgres - before.postgres! }
  }
}

async function finished(stage: PipelineChild, what: string): Promise<number | undefined> {
  const exit = await stage.exited
  if (exit.code !== 0) throw new Error(`multi-process bench: ${what} exited with ${exit.code ?? exit.signal}:\n${stage.stderr().slice(-2000)}`)
  return exit.cpuMs
}

/** Sum of the end offsets of `topic`: messages written so far. */
async function written(admin: Admin, topic: string): Promise<number> {
  return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0)
}

/**
 * Follows a partial-count topic as combine.yaml does (greatest count per candidate, partition and
 * segment) and remembers when the sum of the counts changed.
 */
async function followPartials(kafka: Kafka, topic: string) {
  const parts = new Map<string, number>()
  const history: { at: number; sum: number }[] = []
  let sum = 0
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 50 })
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const partial = JSON.parse(message.value!.toString()) as { candidate_id: string; partition: number; segment: string; total_votes: number }
        const key = `${partial.candidate_id}/${partial.partition}/${partial.segment}`
        const kept = parts.get(key) ?? 0
        if (partial.total_votes <= kept) continue
        sum += partial.total_votes - kept
        parts.set(key, partial.total_votes)
      }
      history.push({ at: now(), sum })
    },
  })
  return {
    /** The first time the counts were above 0, and how far they were then. */
    first: () => history.find((h) => h.sum > 0),
    /** When the counts first added up to `total`, waiting up to `timeoutMs` for it. */
    async reached(total: number, timeoutMs = 120_000): Promise<number> {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const at = history.find((h) => h.sum >= total)?.at
        if (at !== undefined) return at
        if (Date.now() > deadline) throw new Error(`multi-process bench: counted ${sum} of ${total} votes within ${timeoutMs} ms`)
        await sleep(50)
      }
    },
    stop: () => consumer.disconnect(),
  }
}

/** Polls `schema.partials_by_candidate` until its counts add up to `total`: the votes counted between the first and the last poll that moved, and the seconds between. */
async function followRows(url: string, schema: string, total: number, stage: PipelineChild): Promise<{ votes: number; seconds: number }> {
  const sql = postgres(url, { onnotice: () => undefined, max: 1 })
  let first: { at: number; sum: number } | undefined
  try {
    let exited = false
    void stage.exited.then(() => (exited = true))
    for (;;) {
      const rows = await sql.unsafe(`SELECT sum(total_votes)::float8 AS n FROM ${schema}.partials_by_candidate`).catch((error: { code?: string }) => {
        if (error.code === '42P01') return [{ n: 0 }] // undefined_table: it appears with the first partials
        throw error
      })
      const sum = Number((rows as unknown as { n: number | null }[])[0]?.n ?? 0)
      if (sum > 0) first ??= { at: now(), sum }
      if (first && sum >= total) return { votes: sum - first.sum, seconds: (now() - first.at) / 1000 }
      if (exited) throw new Error(`multi-process bench: the catching-up aggregate process ended with ${sum} of ${total} votes counted`)
      await sleep(50)
    }
  } finally {
    await sql.end()
  }
}

const perVote = (ms: number | undefined, votes: number) => (ms === undefined ? undefined : ((ms * 1000) / votes).toFixed(1))
const describeCpu = (shares: Record<string, number | undefined>, votes: number) =>
  Object.entries(shares).flatMap(([name, ms]) => (ms === undefined ? [] : [`${name} ${perVote(ms, votes)}`])).join(', ')

/** 2 cores divided by the CPU every process spent per vote: the layout's rate on two otherwise idle cores. */
function projection(shares: Record<string, number | undefined>, votes: number): BenchResult {
  const known = Object.values(shares).filter((ms): ms is number => ms !== undefined)
  const microsPerVote = (known.reduce((a, b) => a + b, 0) * 1000) / votes
  const missing = Object.entries(shares).flatMap(([name, ms]) => (ms === undefined ? [name] : []))
  return {
    name: 'multi-process layout (vote + aggregate), projected on 2 idle cores',
    value: Math.round(2e6 / microsPerVote),
    unit: 'votes/s',
    target: TARGET,
    notes: `2 cores ÷ ${microsPerVote.toFixed(1)} µs CPU per vote (${describeCpu(shares, votes)})${missing.length > 0 ? `; not counted: ${missing.join(', ')} (not started by the benchmark)` : ''}; wall-clock figures suffer when other work shares the machine`,
  }
}

export async function run(): Promise<BenchResult[]> {
  const kafkaService = process.env.KAFKA_BROKERS ? undefined : await startTestKafka()
  const postgresService = process.env.DATABASE_URL ? undefined : await startTestPostgres()
  const brokers = process.env.KAFKA_BROKERS ?? kafkaService!.url
  const databaseUrl = process.env.DATABASE_URL ?? postgresService!.url
  const id = randomUUID().slice(0, 8)
  const stateDir = freshStateDir('multi-process')
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v
  Object.assign(env, { KAFKA_BROKERS: brokers, DATABASE_URL: databaseUrl, DATABASE_SCHEMA: `bench_mp_${id}`, TOPIC_PREFIX: `bench_mp_${id}_`, VOTERS: String(VOTERS), VOTES_PER_SEC: '0' })
  const votesTopic = `${env.TOPIC_PREFIX}votes_topic`
  const partialsTopic = `${env.TOPIC_PREFIX}tally_partials_by_candidate`
  const kafka = new Kafka({ clientId: 'tally-multi-process-bench', brokers: brokers.split(','), logLevel: logLevel.NOTHING })
  const admin = kafka.admin()
  await admin.connect()
  const postmaster = postmasterOf(databaseUrl)
  const running: PipelineChild[] = []
  const spawn = (config: string, extra: Record<string, string> = {}) => {
    const child = spawnPipeline(['run', config, '--exit-when-done', '--progress', 'none', '--state-dir', stateDir], { ...env, ...extra })
    running.push(child)
    return child
  }
  try {
    // Not measured: the voters are registered first, so the vote stage reads a full voters_topic.
    await finished(spawn(mp('generate')), 'generate.yaml')
    await admin.createTopics({ waitForLeaders: true, topics: [votesTopic, partialsTopic].map((topic) => ({ topic, numPartitions: 3, replicationFactor: 1 })) })

    // 1. The layout live: vote.yaml and aggregate.yaml at once, from the first vote in votes_topic to every vote counted.
    const aggregate = spawn(mp('aggregate'))
    const partials = await followPartials(kafka, partialsTopic)
    await sleep(3000) // the aggregate process is up and in its group before the first vote
    const aggregateCpuBefore = cpuMs(aggregate.child.pid!)
    const services = serviceMeter(kafkaService?.pid, postmaster)
    const vote = spawn(mp('vote'), { IDLE_STOP_MS: '1000' })
    let firstVoteAt: number | undefined
    let lastVoteAt = 0
    let produced = 0
    let voteExited = false
    void vote.exited.then(() => (voteExited = true))
    while (!voteExited) {
      const n = await written(admin, votesTopic)
      if (n > 0) firstVoteAt ??= now()
      if (n > produced) (produced = n), (lastVoteAt = now())
      await sleep(20)
    }
    const voteCpu = await finished(vote, 'vote.yaml')
    produced = await written(admin, votesTopic)
    const countedAt = await partials.reached(produced)
    const live = { vote: voteCpu, aggregate: cpuMs(aggregate.child.pid!) - aggregateCpuBefore, ...services() }
    await partials.stop()
    aggregate.child.kill('SIGTERM')
    await finished(aggregate, 'aggregate.yaml')
    if (firstVoteAt === undefined) throw new Error('multi-process bench: no vote reached votes_topic')

    // 2. One aggregate process catching up on the full votes_topic (fresh group and schema): what one process consumes.
    // Its progress is read from its Postgres partial rows (written with every emission, 200 ms apart).
    await admin.deleteGroups([`${env.TOPIC_PREFIX}aggregate`])
    const replaySchema = `bench_mp_${id}_replay`
    const replayServices = serviceMeter(kafkaService?.pid, postmaster)
    const replay = spawn(mp('aggregate'), { DATABASE_SCHEMA: replaySchema, IDLE_STOP_MS: '1000' })
    const progress = await followRows(databaseUrl, replaySchema, produced, replay)
    const replayCpu = await finished(replay, 'aggregate.yaml (catching up)')
    const replayed = { aggregate: replayCpu, ...replayServices() }

    const notes = `${produced.toLocaleString('en')} votes (${VOTERS.toLocaleString('en')} voters, turnout 0.85), 3 partitions, load ${load()}`
    return [
      {
        name: 'multi-process layout: vote.yaml → votes_topic → aggregate.yaml, every vote counted',
        value: Math.round(produced / ((countedAt - firstVoteAt) / 1000)),
        unit: 'votes/s',
        target: TARGET,
        notes: `${notes}; first vote in votes_topic → the partial counts (read from tally_partials_by_candidate as combine.yaml does) add up to every vote; µs CPU per vote: ${describeCpu(live, produced)} (vote includes its start-up)`,
      },
      {
        name: 'multi-process layout: vote.yaml alone (voters_topic → voting → Postgres votes + votes_topic)',
        value: Math.round(produced / ((lastVoteAt - firstVoteAt) / 1000)),
        unit: 'votes/s',
        target: TARGET,
        notes: `${notes}; first to last vote in votes_topic (end offsets polled every 20 ms), same run as above`,
      },
      {
        name: 'multi-process layout: one aggregate.yaml process catching up on votes_topic',
        value: Math.round(progress.votes / progress.seconds),
        unit: 'votes/s',
        target: TARGET,
        notes: `${notes}; first to last partial count of a fresh consumer group; µs CPU per vote: ${describeCpu(replayed, produced)} (aggregate includes its start-up)`,
      },
      projection(live, produced),
    ]
  } finally {
    for (const child of running) if (child.child.exitCode === null) child.child.kill('SIGTERM')
    await Promise.all(running.map((c) => c.exited))
    await admin.disconnect()
    await postgresService?.stop()
    await kafkaService?.stop()
    rmSync(stateDir, { recursive: true, force: true })
  }
}
