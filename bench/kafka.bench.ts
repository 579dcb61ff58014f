/** @module Votes through a real Kafka hop: produce (kafka-sink), consume (kafka-source), and both pipelines at once with aggregation. */
import type { Event, Logger, SinkInstance, SourceInstance } from '../core/plugin.ts'
import { systemClock } from '../core/clock.ts'
import { runPipeline } from '../core/pipeline.ts'
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
function votes(n: number): Event[] {
  return Array.from({ length: n }, (_, i) => ({
    ...vote,
    voter_id: `bench-${i}`,
    address: { ...vote.address, state: STATES[i % STATES.length]! },
    candidate_id: `c-${i % 3}`,
  }))
}

const sinkConfig = (brokers: string, topic: string) => ({ brokers, topics: { votes: topic }, keys: {}, key: 'voter_id', createTopics: true, partitions: 3, replicationFactor: 1, maxRequestBytes: 500_000 })
const sourceConfig = (brokers: string, topic: string) => ({
  brokers, topics: [topic], groupId: uniqueName('bench'), fromBeginning: true, validate: 'none', metadata: false, maxBatchEvents: 5000, queueBatches: 4,
  maxMessages: VOTES, createTopics: true, partitions: 3, replicationFactor: 1, sessionTimeoutMs: 30_000, maxWaitMs: 100, maxBytesPerPartition: 1_048_576,
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

/** A vote pipeline writing to Kafka and an aggregate pipeline reading it, running at the same time. */
async function endToEnd(brokers: string, topic: string, events: Event[]): Promise<number> {
  const registry = [sinkPlugin, sourcePlugin, windowPlugin]
  const started = performance.now()
  const [produced, consumed] = await Promise.all([
    runPipeline({ name: 'vote', nodes: { votes: { use: 'memory-source', with: { events, batchSize: BATCH } }, out: { use: 'kafka-sink', from: 'votes', with: sinkConfig(brokers, topic) } } }, { registry, log: quiet }),
    runPipeline(
      {
        name: 'aggregate',
        nodes: {
          votes: { use: 'kafka-source', with: sourceConfig(brokers, topic) },
          by_candidate: { use: 'window', from: 'votes', with: votesPerCandidate as unknown as Record<string, unknown> },
          db: { use: 'memory-sink', from: ['votes', 'by_candidate'], with: { keep: false } },
        },
      },
      { registry, log: quiet },
    ),
  ])
  if (produced.error ?? consumed.error) throw produced.error ?? consumed.error
  const consumedVotes = consumed.metrics.nodes.find((n) => n.id === 'votes')!.eventsOut
  if (consumedVotes !== events.length) throw new Error(`kafka bench: consumed ${consumedVotes} of ${events.length} votes`)
  return events.length / ((performance.now() - started) / 1000)
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
    const e2eRate = await endToEnd(brokers, uniqueName('bench_votes'), events)
    const notes = `${VOTES.toLocaleString('en')} votes, 3 partitions, acks=all idempotent producer`
    const results: BenchResult[] = [
      { name: 'kafka-sink produce', value: Math.round(produceRate), unit: 'votes/s', target: TARGET, notes: `${notes}, batches of ${BATCH}` },
      { name: 'kafka-source consume', value: Math.round(consumeRate), unit: 'votes/s', target: TARGET, notes: `${notes}, JSON decode, commit every 20 batches` },
      { name: 'vote → Kafka → aggregate, two pipelines at once', value: Math.round(e2eRate), unit: 'votes/s', target: TARGET, notes: `${notes}; memory-source → kafka-sink ∥ kafka-source → window(per candidate) → memory-sink` },
    ]
    if (service) results.push({ name: 'kafka broker start (jars cached)', value: Math.round(startupMs), unit: 'ms', notes: 'format KRaft storage + JVM start until ApiVersions answers' })
    return results
  } finally {
    await service?.stop()
  }
}
