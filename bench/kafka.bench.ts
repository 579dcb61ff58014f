/** @module Votes through a real Kafka hop: produce (kafka-sink), consume (kafka-source), and the multi-process layout (a vote process and an aggregate process at once). */
import { fork } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Type } from '@sinclair/typebox'
import { definePlugin, type Event, type Logger, type SinkInstance, type SourceInstance } from '../core/plugin.ts'
import { systemClock } from '../core/clock.ts'
import { runPipeline } from '../index.ts'
import { createTestContext } from '../core/testing/test-context.ts'
import sinkPlugin from '../plugins/sink-kafka/index.ts'
import { uniqueName } from '../plugins/sink-kafka/raw-topic.ts'
import { vote } from '../plugins/source-kafka/fixtures.ts'
import sourcePlugin from '../plugins/source-kafka/index.ts'
import windowPlugin from '../plugins/window/index.ts'
import { votesPerCandidate } from '../plugins/window/presets.ts'
import { startTestKafka } from '../test/services/kafka.ts'
import type { BenchResult } from './result.ts'

const VOTES = 200_000
const BATCH = 5000
const TARGET = '≥ 50,000 votes/s (2 cores, broker on the same machine)'
const STATES = ['Kent', 'Essex', 'Surrey', 'Devon', 'Cumbria', 'Durham', 'Dorset', 'Norfolk']
const quiet: Logger = { info: () => undefined, warn: (m) => console.error(m), error: (m) => console.error(m) }

/** Vote-shaped events (about 700 bytes of JSON each), three candidates, distinct voters. */
function votes(n: number, first = 0): Event[] {
  return Array.from({ length: n }, (_, i) => ({
    ...vote,
    voter_id: `bench-${first + i}`,
    address: { ...vote.address, state: STATES[i % STATES.length]! },
    candidate_id: `c-${i % 3}`,
  }))
}

const sinkConfig = (brokers: string, topic: string) => ({ brokers, topics: { votes: topic }, keys: {}, key: 'voter_id', createTopics: true, partitions: 3, replicationFactor: 1, maxBatchBytes: 900_000 })
const sourceConfig = (brokers: string, topic: string) => ({
  brokers, topics: [topic], groupId: uniqueName('bench'), fromBeginning: true, validate: 'none', metadata: false, segmentSize: 1, maxBatchEvents: 5000, queueBatches: 4,
  maxMessages: VOTES, createTopics: true, partitions: 3, replicationFactor: 1, sessionTimeoutMs: 30_000, maxWaitMs: 200, fetchMinBytes: 65_536, maxBytesPerPartition: 1_048_576,
})

async function produce(brokers: string, topic: string, events: Event[]): Promise<number> {
  const sink = sinkPlugin.create(createTestContext({ nodeId: 'out', clock: systemClock }), sinkConfig(brokers, topic) as never) as SinkInstance
  await sink.start!()
  const started = performance.now()
  for (let i = 0; i < events.length; i += BATCH) await sink.write(events.slice(i, i + BATCH), { role: 'in', from: 'votes' }, () => undefined)
  const seconds = (performance.now() - started) / 1000
  await sink.stop!()
  return events.length / seconds
}

async function consume(brokers: string, topic: string): Promise<number> {
  const source = sourcePlugin.create(createTestContext({ nodeId: 'in', clock: systemClock }), sourceConfig(brokers, topic) as never) as SourceInstance
  await source.start!()
  let count = 0
  let started = 0
  let batches = 0
  for await (const batch of source.read(undefined, new AbortController().signal)) {
    if (count === 0) started = performance.now()
    count += batch.events.length
    if (++batches % 20 === 0) await source.commit!(batch.position)
  }
  const seconds = (performance.now() - started) / 1000
  await source.stop!()
  return count / seconds
}

/** Generated votes as a source, so a large run does not go through config validation as one inline array. */
const benchVotes = definePlugin({
  name: 'bench-votes',
  kind: 'source',
  description: 'Emits `count` generated votes in batches (kafka benchmark only).',
  config: Type.Object({ count: Type.Integer({ minimum: 0, description: 'Votes to emit.' }) }, { additionalProperties: false }),
  create: (_ctx, { count }) => ({
    async *read(from) {
      for (let next = typeof from === 'number' ? from : 0; next < count; next += BATCH) yield { events: votes(Math.min(BATCH, count - next), next), position: next + BATCH }
    },
  }),
})

/** The vote process of the multi-process layout: generated votes → kafka-sink. Runs in a child process. */
async function produceProcess(brokers: string, topic: string, count: number): Promise<void> {
  process.send?.('producing')
  const before = process.cpuUsage()
  const result = await runPipeline(
    { name: 'vote', nodes: { votes: { use: 'bench-votes', with: { count } }, out: { use: 'kafka-sink', from: 'votes', with: sinkConfig(brokers, topic) } } },
    { registry: [benchVotes, sinkPlugin], log: quiet },
  )
  if (result.error) throw result.error
  const used = process.cpuUsage(before)
  process.send?.({ cpuMicros: used.user + used.system })
}

/** CPU seconds a process has used (Linux /proc), for the broker's share of the work. */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/**
 * The aggregate process in this process (kafka-source → window per candidate → sink) while a child
 * process produces. Returns votes/s and the CPU time all processes spent per vote (the broker's
 * when `brokerPid` is known), which says more than wall time on a busy machine.
 */
async function multiProcess(brokers: string, topic: string, brokerPid?: number): Promise<{ rate: number; cpuMicrosPerVote?: number; shares?: Record<string, number> }> {
  let started = performance.now()
  let ownCpu = process.cpuUsage()
  let brokerCpu = brokerPid ? processCpuSeconds(brokerPid) : 0
  let childCpuMicros = 0
  const child = fork(fileURLToPath(import.meta.url), ['--kafka-bench-produce', brokers, topic, String(VOTES)], { execArgv: process.execArgv, stdio: 'inherit' })
  // Clock starts when the vote process is loaded and begins producing (process start-up is not throughput).
  child.on('message', (message: unknown) => {
    if (message === 'producing') {
      started = performance.now()
      ownCpu = process.cpuUsage()
      brokerCpu = brokerPid ? processCpuSeconds(brokerPid) : 0
    } else childCpuMicros = (message as { cpuMicros: number }).cpuMicros
  })
  const produced = new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`kafka bench: the vote process exited with ${code}`)))))
  const consumed = await runPipeline(
    {
      name: 'aggregate',
      nodes: {
        votes: { use: 'kafka-source', with: sourceConfig(brokers, topic) },
        by_candidate: { use: 'window', from: 'votes', with: votesPerCandidate as unknown as Record<string, unknown> },
        db: { use: 'memory-sink', from: ['votes', 'by_candidate'], with: { keep: false } },
      },
    },
    { registry: [sourcePlugin, windowPlugin], log: quiet },
  )
  await produced
  if (consumed.error) throw consumed.error
  const consumedVotes = consumed.metrics.nodes.find((n) => n.id === 'votes')!.eventsOut
  if (consumedVotes !== VOTES) throw new Error(`kafka bench: consumed ${consumedVotes} of ${VOTES} votes`)
  const rate = VOTES / ((performance.now() - started) / 1000)
  const own = process.cpuUsage(ownCpu)
  if (!brokerPid) return { rate }
  const shares = { vote: childCpuMicros / VOTES, aggregate: (own.user + own.system) / VOTES, broker: ((processCpuSeconds(brokerPid) - brokerCpu) * 1e6) / VOTES }
  return { rate, cpuMicrosPerVote: shares.vote + shares.aggregate + shares.broker, shares }
}

export async function run(): Promise<BenchResult[]> {
  const started = performance.now()
  const service = process.env.KAFKA_BROKERS ? undefined : await startTestKafka()
  const startupMs = performance.now() - started
  const brokers = process.env.KAFKA_BROKERS ?? service!.url
  try {
    const events = votes(VOTES)
    const topic = uniqueName('bench_votes')
    const produceRate = await produce(brokers, topic, events)
    const consumeRate = await consume(brokers, topic)
    const e2e = await multiProcess(brokers, uniqueName('bench_votes'), service?.pid)
    const notes = `${VOTES.toLocaleString('en')} votes, 3 partitions, acks=all idempotent producer`
    const results: BenchResult[] = [
      { name: 'kafka-sink produce', value: Math.round(produceRate), unit: 'votes/s', target: TARGET, notes: `${notes}, batches of ${BATCH}` },
      { name: 'kafka-source consume', value: Math.round(consumeRate), unit: 'votes/s', target: TARGET, notes: `${notes}, JSON decode, commit every 20 batches` },
      { name: 'vote process → Kafka → aggregate process (multi-process layout)', value: Math.round(e2e.rate), unit: 'votes/s', target: TARGET, notes: `${notes}; votes → kafka-sink in a child process ∥ kafka-source → window(per candidate) → memory-sink, first produced to last consumed` },
    ]
    if (e2e.cpuMicrosPerVote !== undefined) {
      results.push({
        name: 'multi-process layout, projected on 2 idle cores',
        value: Math.round(2e6 / e2e.cpuMicrosPerVote),
        unit: 'votes/s',
        target: TARGET,
        notes: `CPU per vote ${e2e.cpuMicrosPerVote.toFixed(1)} µs (${Object.entries(e2e.shares ?? {}).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}); 2 cores ÷ that (wall-clock figures suffer when other work shares the machine)`,
      })
    }
    if (service) results.push({ name: 'kafka broker start (jars cached)', value: Math.round(startupMs), unit: 'ms', notes: 'format KRaft storage + JVM start until ApiVersions answers' })
    return results
  } finally {
    await service?.stop()
  }
}

const produceArgs = process.argv.indexOf('--kafka-bench-produce')
if (produceArgs >= 0) {
  const [brokers, topic, count] = process.argv.slice(produceArgs + 1)
  await produceProcess(brokers!, topic!, Number(count))
}
