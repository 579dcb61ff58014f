import { Kafka, logLevel } from 'kafkajs'
import { describe, expect, inject, it } from 'vitest'
import { systemClock } from '../../core/clock.ts'
import { defaultRetryPolicy, withRetry } from '../../core/engine/retry.ts'
import { isRetryable, type SinkInstance } from '../../core/plugin.ts'
import { testSinkConformance } from '../../core/testing/conformance.ts'
import { createTestContext } from '../../core/testing/test-context.ts'
import { findFreePort } from '../../services/kafka/free-port.ts'
import { asWindowEmission, candidateTotals, stateTurnout, vote, voter } from '../source-kafka/fixtures.ts'
import sinkPlugin from './index.ts'
import { readTopic, uniqueName } from './raw-topic.ts'

const brokers = inject('KAFKA_BROKERS')
const emit = () => undefined

function createSink(config: Record<string, unknown>): SinkInstance {
  return sinkPlugin.create(createTestContext({ nodeId: 'out' }), { brokers, topics: {}, keys: {}, createTopics: true, partitions: 3, replicationFactor: 1, maxBatchBytes: 900_000, ...config } as never)
}

testSinkConformance(sinkPlugin, { brokers, topics: { upstream: uniqueName('conformance') } })

describe('kafka-sink against a real broker', () => {
  it('with dedupe: key, does not write again after a resume what it wrote after the checkpoint', async () => {
    const topic = uniqueName('votes_topic')
    const input = { role: 'in', from: 'votes' }
    const votes = (prefix: string, n: number, time = '10:00') => Array.from({ length: n }, (_, i) => ({ ...vote, voter_id: `${prefix}${i}`, voting_time: time }))
    const first = createSink({ topics: { votes: topic }, key: 'voter_id', dedupe: 'key' })
    await first.start!()
    await first.write(votes('a', 100), input, emit)
    // Hooks as the engine calls them: retried with backoff when Kafka is busy (a new group's coordinator may take a while).
    const asEngine = <T>(hook: () => T | Promise<T>) => withRetry(hook, { policy: defaultRetryPolicy, clock: systemClock, signal: new AbortController().signal, onRetry: () => undefined })
    const checkpoint = await asEngine(() => first.snapshot!())
    await first.write(votes('b', 50), input, emit) // after the checkpoint: the pipeline dies here
    await first.stop!()

    const ctx = createTestContext({ nodeId: 'out' })
    const second = sinkPlugin.create(ctx, { brokers, topics: { votes: topic }, keys: {}, key: 'voter_id', dedupe: 'key', createTopics: true, partitions: 3, replicationFactor: 1, maxBatchBytes: 900_000 } as never)
    await second.start!()
    await asEngine(() => second.restore!(JSON.parse(JSON.stringify(checkpoint))))
    // The resumed pipeline sends the b votes again (stamped later), then new ones.
    await second.write([...votes('b', 50, '10:05'), ...votes('c', 50)], input, emit)
    await second.write(votes('b', 1, '10:09'), input, emit) // the replay is over: a key written again is written
    await second.stop!()

    const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING }).admin()
    await admin.connect()
    const held = (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high) - Number(p.low), 0)
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId)
    await admin.disconnect()
    expect(groups.filter((g) => g.startsWith('tally-read-back-'))).toEqual([]) // the read-back's own group is gone
    expect(ctx.logs.filter((l) => l.message.includes('read-back group'))).toEqual([])
    expect(held).toBe(201) // not 251: the 50 replayed b votes were not written again
    const records = await readTopic(brokers, topic, 201)
    const keys = records.map((r) => r.key)
    expect(keys.filter((k) => k!.startsWith('a'))).toHaveLength(100)
    expect(keys.filter((k) => k!.startsWith('c'))).toHaveLength(50)
    expect(records.filter((r) => r.key!.startsWith('b')).map((r) => (JSON.parse(r.value!) as { voting_time: string }).voting_time).sort()).toEqual([...Array(50).fill('10:00'), '10:09'].sort())
    expect(records).toHaveLength(201)
    expect(ctx.counters.replaysSkipped).toBe(50)
  })

  it('writes each classic topic shape exactly, keyed as the classic demo keys it', async () => {
    const t = { voters: uniqueName('voters_topic'), votes: uniqueName('votes_topic'), by_candidate: uniqueName('aggregated_votes_per_candidate'), by_state: uniqueName('aggregated_turnout_by_location') }
    const sink = createSink({ topics: t, keys: { voters: 'voter_id', votes: 'voter_id' } })
    await sink.start!()
    await sink.write([voter], { role: 'in', from: 'voters' }, emit)
    await sink.write([vote], { role: 'in', from: 'votes' }, emit)
    await sink.write([asWindowEmission(candidateTotals, candidateTotals.candidate_id)], { role: 'in', from: 'by_candidate' }, emit)
    await sink.write([asWindowEmission(stateTurnout, 'Kent')], { role: 'in', from: 'by_state' }, emit)
    await sink.stop!()

    const [voters, votes, totals, turnout] = await Promise.all(Object.values(t).map((topic) => readTopic(brokers, topic, 1)))
    expect(voters!.map((r) => [r.key, r.value])).toEqual([[voter.voter_id, JSON.stringify(voter)]])
    expect(votes!.map((r) => [r.key, r.value])).toEqual([[vote.voter_id, JSON.stringify(vote)]])
    expect(totals!.map((r) => [r.key, r.value])).toEqual([[candidateTotals.candidate_id, JSON.stringify(candidateTotals)]])
    expect(turnout!.map((r) => [r.key, r.value])).toEqual([['Kent', JSON.stringify(stateTurnout)]])
  })

  it('names the topic after the upstream node when the input is not mapped, creating it with the configured partitions', async () => {
    const upstream = uniqueName('node')
    const sink = createSink({ partitions: 2 })
    await sink.start!()
    await sink.write([{ a: 1 }, { a: 2 }], { role: 'in', from: upstream }, emit)
    await sink.stop!()
    const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING }).admin()
    await admin.connect()
    const { topics } = await admin.fetchTopicMetadata({ topics: [upstream] })
    await admin.disconnect()
    expect(topics[0]!.partitions).toHaveLength(2)
    expect((await readTopic(brokers, upstream, 2)).map((r) => r.value).sort()).toEqual(['{"a":1}', '{"a":2}'])
  })

  it('splits a batch larger than the broker accepts in one request, losing nothing and keeping per-key order', async () => {
    const topic = uniqueName('big')
    const sink = createSink({ topics: { votes: topic }, key: 'voter_id' })
    await sink.start!()
    const votes = Array.from({ length: 5000 }, (_, i) => ({ ...vote, voter_id: `v${i % 50}`, seq: i }))
    await sink.write(votes, { role: 'in', from: 'votes' }, emit)
    await sink.stop!()
    const records = await readTopic(brokers, topic, votes.length)
    expect(records).toHaveLength(votes.length)
    const seqByKey = new Map<string, number[]>()
    for (const r of records) seqByKey.set(r.key!, [...(seqByKey.get(r.key!) ?? []), (JSON.parse(r.value!) as { seq: number }).seq])
    for (const seqs of seqByKey.values()) expect(seqs).toEqual([...seqs].sort((a, b) => a - b))
  })

  it('splits a write bigger than the broker takes in one batch for a single partition', async () => {
    const topic = uniqueName('one_partition')
    const sink = createSink({ topics: { votes: topic }, partitions: 1 })
    await sink.start!()
    const votes = Array.from({ length: 6000 }, (_, i) => ({ ...vote, voter_id: `s${i}` }))
    await sink.write(votes, { role: 'in', from: 'votes' }, emit)
    await sink.stop!()
    const records = await readTopic(brokers, topic, votes.length)
    expect(records.map((r) => (JSON.parse(r.value!) as { voter_id: string }).voter_id)).toEqual(votes.map((v) => v.voter_id))
  })

  it('dead-letters an event JSON cannot encode and writes the rest', async () => {
    const topic = uniqueName('dead')
    const sink = createSink({ topics: { in: topic } })
    await sink.start!()
    const dead: unknown[] = []
    await sink.write([{ ok: 1 }, { bad: 1n }], { role: 'in', from: 'in' }, (events, port) => port === 'dead' && dead.push(...events))
    await sink.stop!()
    expect(dead).toHaveLength(1)
    expect((await readTopic(brokers, topic, 1)).map((r) => r.value)).toEqual(['{"ok":1}'])
  })

  it('reports an unreachable broker as retryable, naming the node and the address', async () => {
    const address = `127.0.0.1:${await findFreePort()}`
    const sink = createSink({ brokers: address })
    const error = await sink.start!().then(() => undefined, (e: unknown) => e)
    await sink.stop!()
    expect(isRetryable(error)).toBe(true)
    expect((error as Error).message).toContain(`kafka-sink \`out\` could not connect to ${address}`)
  })
})
