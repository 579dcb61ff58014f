/**
 * @module The Kafka read path of the multi-process aggregate stage (configs/multi-process/aggregate.yaml
 * as shipped, on a real broker and Postgres): votes/s and CPU per vote catching up on a full
 * votes_topic; vote → aggregate output latency at a steady 5k votes/s, and vote → the combine
 * stage's classic totals (aggregate.yaml → combine.yaml, each in its own process); and the consumer side of
 * each candidate client (kafkajs as kafka-source uses it, @platformatic/kafka on Node 22), CPU per
 * message. Every measured part runs in a process of its own (this file, with `--kafka-read-child`).
 */
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { Type } from '@sinclair/typebox'
import { systemClock } from '../core/clock.ts'
import { createEngine } from '../core/engine/engine.ts'
import type { NodeSpec } from '../core/engine/spec.ts'
import { definePlugin, type Event, type Logger, type SinkInstance } from '../core/plugin.ts'
import { createTestContext } from '../core/testing/test-context.ts'
import { loadConfig } from '../index.ts'
import sinkPlugin from '../plugins/sink-kafka/index.ts'
import { uniqueName } from '../plugins/sink-kafka/raw-topic.ts'
import { vote } from '../plugins/source-kafka/fixtures.ts'
import { startTestKafka } from '../test/services/kafka.ts'
import { startTestPostgres } from '../test/services/postgres.ts'
import { voteLatencies, type CounterSeries } from './flagship-latency.ts'
import type { BenchResult } from './result.ts'

const VOTES = Number(process.env.KAFKA_READ_VOTES ?? 200_000)
const RATE = 5000
const WARMUP_S = 3
const MEASURE_S = Number(process.env.KAFKA_READ_LATENCY_S ?? 12)
/** Votes per produce in the paced run: the vote stage's sink writes what the voting node emits, a few ms' worth at a time. */
const PACED_BATCH = 25
const STATES = ['Kent', 'Essex', 'Surrey', 'Devon', 'Cumbria', 'Durham', 'Dorset', 'Norfolk']
const self = fileURLToPath(import.meta.url)
const node22 = process.env.PRODUCER_BENCH_NODE22 === 'node' ? ['node'] : ['npx', '-y', '-p', 'node@22', 'node']
const quiet: Logger = { info: () => undefined, warn: (m) => console.error(m), error: (m) => console.error(m) }
const wallMs = () => performance.timeOrigin + performance.now()
const cpuMicros = () => {
  const used = process.cpuUsage()
  return used.user + used.system
}

/** Vote-shaped events (~700 bytes of JSON), three candidates, eight states, distinct voters. */
function votes(n: number, first: number): Event[] {
  return Array.from({ length: n }, (_, i) => ({ ...vote, voter_id: `bench-${first + i}`, address: { ...vote.address, state: STATES[(first + i) % STATES.length]! }, candidate_id: `c-${(first + i) % 3}` }))
}

/** A kafka-sink as the vote stage configures it (key voter_id). */
async function voteSink(brokers: string, topic: string): Promise<{ write(events: Event[]): Promise<void>; stop(): Promise<void> }> {
  const config = { brokers, topics: { votes: topic }, keys: { votes: 'voter_id' }, createTopics: true, partitions: 3, replicationFactor: 1, maxBatchBytes: 900_000 }
  const sink = sinkPlugin.create(createTestContext({ nodeId: 'kafka', clock: systemClock }), config as never) as SinkInstance
  await sink.start!()
  return { write: (events) => sink.write(events, { role: 'in', from: 'votes' }, () => undefined) as Promise<void>, stop: async () => void (await sink.stop!()) }
}

// ── children ────────────────────────────────────────────────────────────────────────────────────

/** Sums the latest per-candidate partial counts it is sent: the votes the aggregate stage has counted, over time. */
function countingProbe(series: CounterSeries, onCount: (count: number) => void) {
  return definePlugin({
    name: 'bench-probe',
    kind: 'sink',
    description: 'Records when the aggregate stage\'s per-candidate counts reach each total (kafka-read benchmark only).',
    config: Type.Object({}, { additionalProperties: false }),
    create: () => {
      const latest = new Map<string, number>()
      let sum = 0
      return {
        write(events) {
          for (const e of events) {
            const key = `${String(e.candidate_id)}|${String(e.partition)}|${String(e.segment)}`
            const count = Number(e.total_votes)
            sum += count - (latest.get(key) ?? 0)
            latest.set(key, count)
          }
          series.at.push(wallMs())
          series.count.push(sum)
          onCount(sum)
        },
      }
    },
  })
}

/**
 * A multi-process stage as shipped (`aggregate`: configs/multi-process/aggregate.yaml, ends after
 * `total` votes read; `combine`: combine.yaml, ends once its totals count `total` votes), plus a
 * probe beside its sinks reading `by_candidate`. Prints the probe's series and the CPU used from
 * the first count to the last. KAFKA_READ_OVERRIDES (aggregate) and KAFKA_READ_COMBINE_OVERRIDES
 * (combine), e.g. '{"by_candidate":{"emitIntervalMs":50}}', try options without editing the configs.
 */
async function stageChild(stage: 'aggregate' | 'combine', env: Record<string, string>, total: number): Promise<void> {
  const series: CounterSeries = { at: [], count: [] }
  let firstCpu: number | undefined
  let pipeline: ReturnType<typeof createEngine> | undefined
  const probe = countingProbe(series, (count) => {
    firstCpu ??= cpuMicros()
    if (stage === 'combine' && count >= total) void pipeline?.stop()
  })
  const { spec } = await loadConfig(fileURLToPath(new URL(`../configs/multi-process/${stage}.yaml`, import.meta.url)), { env: { ...process.env, ...env } })
  if (stage === 'aggregate') (spec.nodes.find((n) => n.id === 'votes')!.config as { maxMessages?: number }).maxMessages = total
  const overrides = JSON.parse(process.env[stage === 'aggregate' ? 'KAFKA_READ_OVERRIDES' : 'KAFKA_READ_COMBINE_OVERRIDES'] ?? '{}') as Record<string, Record<string, unknown>>
  for (const [id, options] of Object.entries(overrides)) Object.assign(spec.nodes.find((n) => n.id === id)!.config as object, options)
  spec.nodes.push({ id: 'probe', plugin: probe, config: {}, inputs: [{ role: 'in', from: 'by_candidate' }], retry: spec.nodes[0]!.retry } satisfies NodeSpec)
  pipeline = createEngine(spec, { log: quiet })
  await pipeline.start()
  console.log('ready')
  const result = await pipeline.done
  if (result.error) throw result.error
  console.log(`result ${JSON.stringify({ series, cpuMicros: cpuMicros() - firstCpu!, peakRssMiB: process.resourceUsage().maxRSS / 1024, runtime: `Node ${process.versions.node}` })}`)
  process.exit(0)
}

/** One client consuming `total` messages from the start of `topic` in a new group; CPU and time from the first message to the last. */
async function clientChild(client: string, brokers: string, topic: string, total: number): Promise<void> {
  let count = 0
  let bytes = 0
  let first: { at: number; cpu: number } | undefined
  let finish!: () => void
  const done = new Promise<void>((resolve) => (finish = resolve))
  const take = (value: Buffer | null | undefined) => {
    first ??= { at: performance.now(), cpu: cpuMicros() }
    bytes += value?.length ?? 0
    if (++count === total) finish()
  }
  let close: () => Promise<void>
  const groupId = uniqueName(`bench-read-${client}`)
  if (client === 'kafkajs') {
    // kafkajs as kafka-source drives it: eachBatch, its fetch settings, no decoding.
    const { Kafka, logLevel } = await import('kafkajs')
    const { consumerConfig } = await import('../plugins/source-kafka/consumer-config.ts')
    const consumer = new Kafka({ clientId: 'bench-read', brokers: brokers.split(','), logLevel: logLevel.NOTHING }).consumer(consumerConfig({ groupId, sessionTimeoutMs: 30_000, maxWaitMs: 200, fetchMinBytes: 65_536, maxBytesPerPartition: 1_048_576 }))
    await consumer.connect()
    await consumer.subscribe({ topics: [topic], fromBeginning: true })
    await consumer.run({ autoCommit: false, eachBatch: async ({ batch }) => batch.messages.forEach((m) => take(m.value)) })
    close = () => consumer.disconnect()
  } else if (client === 'platformatic') {
    // Needs Node >= 22.22 (its engines field): run through the `node` npm package.
    const { Consumer, MessagesStreamModes } = await import('@platformatic/kafka')
    const consumer = new Consumer({ clientId: 'bench-read', groupId, bootstrapBrokers: brokers.split(','), minBytes: 65_536, maxWaitTime: 200, maxBytesPerPartition: 1_048_576 })
    const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false })
    stream.on('data', (message: { value: Buffer }) => take(message.value))
    close = async () => {
      await stream.close()
      await consumer.close(true)
    }
  } else {
    // kafka-source itself: the client plus JSON decoding, `_kafka` metadata and segments, as aggregate.yaml reads.
    const source = (await import('../plugins/source-kafka/index.ts')).default
    const instance = source.create(createTestContext({ nodeId: 'votes', clock: systemClock }), {
      brokers, topics: [topic], groupId, fromBeginning: true, replayOnStart: false, validate: 'none', metadata: true, segmentSize: 10_000, maxBatchEvents: 5000, queueBatches: 4,
      maxMessages: total, createTopics: false, partitions: 3, replicationFactor: 1, sessionTimeoutMs: 30_000, maxWaitMs: 200, fetchMinBytes: 65_536, maxBytesPerPartition: 1_048_576,
    } as never)
    await instance.start!()
    void (async () => {
      for await (const batch of instance.read!(undefined, new AbortController().signal)) for (const _ of batch.events) take(Buffer.alloc(0))
    })()
    close = async () => void (await instance.stop!())
  }
  await done
  const seconds = (performance.now() - first!.at) / 1000
  const used = cpuMicros() - first!.cpu
  await close()
  console.log(`result ${JSON.stringify({ messages: count, bytes, seconds, cpuMicros: used, runtime: `Node ${process.versions.node}` })}`)
  process.exit(0)
}

// ── the parent ──────────────────────────────────────────────────────────────────────────────────

interface ChildResult {
  messages?: number
  seconds?: number
  cpuMicros: number
  runtime: string
  series?: CounterSeries
  peakRssMiB?: number
}

/** Spawns this file as a child; `onLine` sees its other stdout lines ('ready'). */
function child(command: string[], args: string[], onLine: (line: string) => void = () => undefined): Promise<ChildResult> {
  const proc = spawn(command[0]!, [...command.slice(1), '--import', 'tsx', self, '--kafka-read-child', ...args], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let result: ChildResult | undefined
    createInterface({ input: proc.stdout }).on('line', (line) => (line.startsWith('result ') ? (result = JSON.parse(line.slice(7)) as ChildResult) : onLine(line)))
    proc.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`kafka-read bench: child ${args.join(' ')} exited with ${code}`))))
  })
}

/** Spawns a stage child (`aggregate` or `combine`) and resolves once its pipeline has started; `result` is what it prints at its end. */
async function startedStage(stage: 'aggregate' | 'combine', env: Record<string, string>, total: number): Promise<{ result: Promise<ChildResult> }> {
  let ready!: () => void
  const isReady = new Promise<void>((resolve) => (ready = resolve))
  const result = child([process.execPath], [stage, JSON.stringify(env), String(total)], (line) => line === 'ready' && ready())
  await Promise.race([isReady, result])
  return { result }
}

/** Produces at `RATE` votes/s for warm-up + measurement, recording when each batch was created. */
async function producePaced(brokers: string, topic: string): Promise<CounterSeries> {
  const sink = await voteSink(brokers, topic)
  const total = RATE * (WARMUP_S + MEASURE_S)
  const emitted: CounterSeries = { at: [], count: [] }
  const started = performance.now()
  let sent = 0
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE))
    if (due - sent < PACED_BATCH) {
      await new Promise((resolve) => setTimeout(resolve, 2))
      continue
    }
    const n = Math.min(PACED_BATCH, due - sent)
    emitted.at.push(wallMs())
    await sink.write(votes(n, sent))
    sent += n
    emitted.count.push(sent)
  }
  await sink.stop()
  return emitted
}

export async function run(): Promise<BenchResult[]> {
  const kafka = process.env.KAFKA_BROKERS ? undefined : await startTestKafka()
  const pg = process.env.DATABASE_URL ? undefined : await startTestPostgres()
  const brokers = process.env.KAFKA_BROKERS ?? kafka!.url
  // A schema per run: combine's pipeline name is fixed, and its checkpoint must not carry over from an earlier run.
  const env = (prefix: string) => ({ KAFKA_BROKERS: brokers, DATABASE_URL: process.env.DATABASE_URL ?? pg!.url, TOPIC_PREFIX: prefix, TALLY_INSTANCE: prefix, DATABASE_SCHEMA: prefix.replace(/\W/g, '_').replace(/_+$/, '') })
  const results: BenchResult[] = []
  try {
    const sections = (process.env.KAFKA_READ_BENCH ?? 'catch-up,latency,end-to-end,clients').split(',')
    const full = `${uniqueName('kr')}_`
    if (sections.includes('catch-up') || sections.includes('clients')) {
      const sink = await voteSink(brokers, `${full}votes_topic`)
      for (let i = 0; i < VOTES; i += 5000) await sink.write(votes(Math.min(5000, VOTES - i), i))
      await sink.stop()
    }
    if (sections.includes('catch-up')) {
      const r = await child([process.execPath], ['aggregate', JSON.stringify(env(full)), String(VOTES)])
      const s = r.series!
      const seconds = (s.at.at(-1)! - s.at[0]!) / 1000
      const counted = s.count.at(-1)! - s.count[0]!
      results.push({
        name: 'aggregate stage catching up on votes_topic', value: Math.round(counted / seconds), unit: 'votes/s',
        notes: `CPU ${(r.cpuMicros / counted).toFixed(2)} µs per vote in the aggregate process (${r.runtime}), peak RSS ${Math.round(r.peakRssMiB!)} MiB; configs/multi-process/aggregate.yaml as shipped (Postgres and Kafka sinks), ${VOTES.toLocaleString('en')} votes of ~700 B in 3 partitions, first count to last`,
      })
    }
    if (sections.includes('latency')) {
      const prefix = `${uniqueName('krl')}_`
      const total = RATE * (WARMUP_S + MEASURE_S)
      const aggregate = await startedStage('aggregate', env(prefix), total)
      const emitted = await producePaced(brokers, `${prefix}votes_topic`)
      const seen = (await aggregate.result).series!
      const l = voteLatencies(emitted, seen, RATE * WARMUP_S, total)
      results.push({
        name: `vote → aggregate stage output, p99 at ${RATE / 1000}k votes/s`, value: Math.round(l.p99), unit: 'ms', target: '≤ 100 ms',
        notes: `p50 ${Math.round(l.p50)} ms, p90 ${Math.round(l.p90)} ms, max ${Math.round(l.max)} ms, ${l.unseen} unseen; created = before the vote stage's kafka-sink write (${PACED_BATCH} votes each), output = a by_candidate emission reaching the stage's sinks; ${MEASURE_S} s after ${WARMUP_S} s warm-up, aggregate.yaml as shipped`,
      })
    }
    if (sections.includes('end-to-end')) {
      // vote → the classic totals: aggregate stage → partial topics → combine stage, both as shipped.
      const prefix = `${uniqueName('kre')}_`
      const total = RATE * (WARMUP_S + MEASURE_S)
      const combine = await startedStage('combine', env(prefix), total)
      const aggregate = await startedStage('aggregate', env(prefix), total)
      const emitted = await producePaced(brokers, `${prefix}votes_topic`)
      await aggregate.result
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`kafka-read bench: the combine stage did not count all ${total} votes within 60 s of the aggregate stage ending`)), 60_000).unref())
      const seen = (await Promise.race([combine.result, timeout])).series!
      const l = voteLatencies(emitted, seen, RATE * WARMUP_S, total)
      results.push({
        name: `vote → classic totals (aggregate → combine), p99 at ${RATE / 1000}k votes/s`, value: Math.round(l.p99), unit: 'ms', target: '≤ 100 ms',
        notes: `p50 ${Math.round(l.p50)} ms, p90 ${Math.round(l.p90)} ms, max ${Math.round(l.max)} ms, ${l.unseen} unseen; created = before the vote stage's kafka-sink write, seen = a combine by_candidate total reaching the combine stage's sinks; aggregate.yaml and combine.yaml as shipped, each its own process${process.env.KAFKA_READ_COMBINE_OVERRIDES ? `; combine overrides ${process.env.KAFKA_READ_COMBINE_OVERRIDES}` : ''}`,
      })
    }
    if (sections.includes('clients')) {
      const runs: [string, string[]][] = [['kafka-source', [process.execPath]], ['kafkajs', [process.execPath]], ['kafkajs', node22], ['platformatic', node22]]
      for (const [client, command] of runs) {
        const r = await child(command, ['client', client, brokers, `${full}votes_topic`, String(VOTES)])
        results.push({
          name: `consumer: ${client} (${r.runtime})`, value: Math.round(r.messages! / r.seconds!), unit: 'msgs/s',
          notes: `CPU ${(r.cpuMicros / r.messages!).toFixed(2)} µs per message; ${client === 'kafka-source' ? 'with JSON decoding and `_kafka` metadata' : 'messages counted, not decoded'}; fetches of ≥ 64 KiB or 200 ms, ≤ 1 MiB per partition`,
        })
      }
    }
    return results
  } finally {
    await pg?.stop()
    await kafka?.stop()
  }
}

const childArgs = process.argv.indexOf('--kafka-read-child')
if (childArgs >= 0) {
  const [mode, ...args] = process.argv.slice(childArgs + 1)
  if (mode === 'aggregate' || mode === 'combine') await stageChild(mode, JSON.parse(args[0]!) as Record<string, string>, Number(args[1]))
  else await clientChild(args[0]!, args[1]!, args[2]!, Number(args[3]))
}
