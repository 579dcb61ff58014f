import { Kafka, logLevel } from 'kafkajs'
import { describe, expect, inject, it } from 'vitest'
import { Type } from '@sinclair/typebox'
import { definePlugin, type Logger } from '../../core/plugin.ts'
import { createPipeline, runPipeline } from '../../index.ts'
import { memoryCollection } from '../../core/testing/memory-sink.ts'
import sinkPlugin from '../sink-kafka/index.ts'
import { produceRaw, uniqueName } from '../sink-kafka/raw-topic.ts'
import { vote } from './fixtures.ts'
import sourcePlugin from './index.ts'

const brokers = inject('KAFKA_BROKERS')
const registry = [sinkPlugin, sourcePlugin]
const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }

/** Sum of committed offsets of `groupId` on `topic` (what a restarted member would skip). */
async function committedTotal(groupId: string, topic: string): Promise<number> {
  const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] })
  await admin.disconnect()
  return offsets!.partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0)
}

describe('kafka-sink → Kafka → kafka-source through the engine', () => {
  it('carries votes from one pipeline to another, and commits exactly what the sink wrote', async () => {
    const topic = uniqueName('votes_topic')
    const groupId = uniqueName('aggregate')
    const events = Array.from({ length: 2000 }, (_, i) => ({ ...vote, voter_id: `e2e-${i}` }))
    const produced = await runPipeline(
      {
        name: 'vote',
        nodes: {
          votes: { use: 'memory-source', with: { events, batchSize: 250 } },
          out: { use: 'kafka-sink', from: 'votes', with: { brokers, topics: { votes: topic }, key: 'voter_id' } },
        },
      },
      { registry, log: quiet },
    )
    expect(produced.error).toBeUndefined()

    const received = uniqueName('received')
    const consumed = await runPipeline(
      {
        name: 'aggregate',
        nodes: {
          votes: { use: 'kafka-source', with: { brokers, topics: [topic], groupId, validate: 'vote', stopWhenIdleMs: 2000 } },
          db: { use: 'memory-sink', from: 'votes', with: { collection: received } },
        },
      },
      { registry, log: quiet },
    )
    expect(consumed.error).toBeUndefined()
    expect(memoryCollection(received).events.map((e) => e.voter_id).sort()).toEqual(events.map((e) => e.voter_id).sort())
    expect(memoryCollection(received).events[0]).toEqual(events.find((e) => e.voter_id === memoryCollection(received).events[0]!.voter_id))
    expect(await committedTotal(groupId, topic)).toBe(2000)
  })

  it('loses nothing when the consuming pipeline is killed mid-stream and started again', async () => {
    const topic = uniqueName('votes_topic')
    const groupId = uniqueName('aggregate')
    await produceRaw(brokers, topic, Array.from({ length: 3000 }, (_, i) => ({ key: `k-${i}`, value: JSON.stringify({ ...vote, voter_id: `kill-${i}` }) })))
    const first = uniqueName('first')
    const config = (collection: string, extra: Record<string, unknown>) => ({
      name: 'aggregate',
      settings: { checkpointIntervalMs: 100, tickMs: 50, queueCapacity: 2 },
      nodes: {
        votes: { use: 'kafka-source', with: { brokers, topics: [topic], groupId, maxBatchEvents: 100, ...extra } },
        db: { use: 'memory-sink', from: 'votes', with: { collection, delayMs: 20 } },
      },
    })
    const killed = createPipeline(config(first, {}), { registry, log: quiet })
    await killed.start()
    const deadline = Date.now() + 30_000
    while (memoryCollection(first).events.length < 1000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    await killed.kill('simulated crash')
    expect(memoryCollection(first).events.length).toBeLessThan(3000)

    const second = uniqueName('second')
    const resumed = await runPipeline(config(second, { stopWhenIdleMs: 2000 }), { registry, log: quiet })
    expect(resumed.error).toBeUndefined()
    const seen = new Set([...memoryCollection(first).events, ...memoryCollection(second).events].map((e) => e.voter_id))
    expect(seen.size).toBe(3000)
    expect(await committedTotal(groupId, topic)).toBe(3000)
  })

  it('routes bad messages to the dead port, counted, while the good ones reach the sink', async () => {
    const topic = uniqueName('votes_topic')
    await produceRaw(brokers, topic, [{ value: JSON.stringify(vote) }, { value: 'not json' }, { value: JSON.stringify({ ...vote, vote: 'yes' }) }])
    const good = uniqueName('good')
    const dead = uniqueName('dead')
    const result = await runPipeline(
      {
        name: 'aggregate',
        nodes: {
          votes: { use: 'kafka-source', with: { brokers, topics: [topic], groupId: uniqueName('g'), validate: 'vote', maxMessages: 3 } },
          db: { use: 'memory-sink', from: 'votes', with: { collection: good } },
          dlq: { use: 'memory-sink', from: 'votes.dead', with: { collection: dead } },
        },
      },
      { registry, log: quiet },
    )
    expect(result.error).toBeUndefined()
    expect(memoryCollection(good).events).toEqual([vote])
    const reasons = memoryCollection(dead).events.map((d) => String(d.reason)).sort()
    expect(reasons).toEqual([expect.stringMatching(/^does not match schema `vote`: \/vote/), expect.stringMatching(/^malformed JSON/)])
    expect(result.metrics.nodes.find((n) => n.id === 'votes')!.dead).toBe(2)
  })

  it('decodes only the fields the nodes downstream read; malformed messages still go to dead with JSON.parse\'s reason', async () => {
    const topic = uniqueName('votes_topic')
    const broken = '{"candidate_id": "c1", "address": {"state": "Kent",}}'
    await produceRaw(brokers, topic, [{ value: JSON.stringify(vote) }, { value: broken }, { value: JSON.stringify({ ...vote, address: 'nowhere' }) }])
    // Reads two fields and, to show what the source decoded, passes its input on as it came.
    const peek = definePlugin({
      name: 'peek', kind: 'transform', description: 'Passes events on.', config: Type.Object({}),
      reads: () => ({ fields: ['candidate_id', 'address.state'] }),
      create: () => ({ process: (events, _input, emit) => emit(events) }),
    })
    const seen = uniqueName('seen')
    const dead = uniqueName('dead')
    const result = await runPipeline(
      {
        name: 'aggregate',
        nodes: {
          votes: { use: 'kafka-source', with: { brokers, topics: [topic], groupId: uniqueName('g'), maxMessages: 3, metadata: true } },
          peek: { use: 'peek', from: 'votes' },
          out: { use: 'memory-sink', from: 'peek', with: { collection: seen } },
          dlq: { use: 'memory-sink', from: 'votes.dead', with: { collection: dead } },
        },
      },
      { registry: [...registry, peek], log: quiet },
    )
    expect(result.error).toBeUndefined()
    const events = memoryCollection(seen).events.map(({ _kafka, ...rest }) => ({ ...rest, topic: (_kafka as { topic: string }).topic }))
    expect(events).toHaveLength(2)
    expect(events).toContainEqual({ candidate_id: vote.candidate_id, address: { state: vote.address.state }, topic })
    expect(events).toContainEqual({ candidate_id: vote.candidate_id, address: 'nowhere', topic })
    const parseError = (() => { try { JSON.parse(broken) } catch (error) { return (error as Error).message } })()
    expect(memoryCollection(dead).events).toMatchObject([{ reason: `malformed JSON: ${parseError}`, value: broken }])
  })
})
