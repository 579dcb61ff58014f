import { Kafka, logLevel } from 'kafkajs'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { systemClock } from '../../core/clock.ts'
import type { Event, PluginContext, SourceBatch, SourceInstance } from '../../core/plugin.ts'
import { testSourceConformance } from '../../core/testing/conformance.ts'
import { createTestContext, type TestContext } from '../../core/testing/test-context.ts'
import { produceRaw, uniqueName } from '../sink-kafka/raw-topic.ts'
import { vote } from './fixtures.ts'
import sourcePlugin from './index.ts'

const brokers = inject('KAFKA_BROKERS')
const defaults = { brokers, fromBeginning: true, validate: 'none', metadata: false, segmentSize: 1, maxBatchEvents: 5000, queueBatches: 4, createTopics: true, partitions: 3, replicationFactor: 1, sessionTimeoutMs: 30_000, maxWaitMs: 100, fetchMinBytes: 1, maxBytesPerPartition: 1_048_576 }

function createSource(config: Record<string, unknown>, ctx: TestContext = createTestContext({ nodeId: 'in', clock: systemClock })): SourceInstance {
  return sourcePlugin.create(ctx, { ...defaults, ...config } as never)
}

/** `n` votes with distinct voter ids `prefix-i`, keyed by voter id. */
function votes(prefix: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({ key: `${prefix}-${i}`, value: JSON.stringify({ ...vote, voter_id: `${prefix}-${i}` }) }))
}

async function committedOffsets(groupId: string, topic: string): Promise<Record<string, string>> {
  const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] })
  await admin.disconnect()
  return Object.fromEntries(offsets!.partitions.filter((p) => p.offset !== '-1').map((p) => [String(p.partition), p.offset]))
}

async function drain(source: SourceInstance, from?: unknown): Promise<SourceBatch[]> {
  const batches: SourceBatch[] = []
  for await (const batch of source.read(from, new AbortController().signal)) batches.push(batch)
  return batches
}

/** Polls `condition` until it holds, failing with `what` after `timeoutMs`. */
async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const ids = (batches: SourceBatch[]) => batches.flatMap((b) => b.events.map((e) => e.voter_id as string))

describe('kafka-source conformance with a prefilled topic', () => {
  const topic = uniqueName('conformance')
  beforeAll(() => produceRaw(brokers, topic, votes('c', 20)))
  testSourceConformance(sourcePlugin, { brokers, topics: [topic], groupId: uniqueName('g'), maxBatchEvents: 2 })
})

describe('kafka-source against a real broker', () => {
  it('dead-letters malformed and schema-invalid messages while good ones flow', async () => {
    const topic = uniqueName('votes_topic')
    const good = JSON.stringify(vote)
    await produceRaw(brokers, topic, [
      { value: good, partition: 0 },
      { value: '{"voter_id": "truncated', partition: 0 },
      { value: JSON.stringify({ ...vote, vote: 2 }), partition: 0 },
      { value: '"just a string"', partition: 0 },
      { value: good, partition: 0 },
    ])
    const source = createSource({ topics: [topic], groupId: uniqueName('g'), validate: 'vote', maxMessages: 5 })
    await source.start!()
    const batches = await drain(source)
    await source.stop!()
    expect(batches.flatMap((b) => b.events)).toEqual([vote, vote])
    const dead = batches.flatMap((b) => b.ports?.dead ?? [])
    expect(dead.map((d) => [d.offset, String(d.reason).split(':')[0]])).toEqual([
      ['1', 'malformed JSON'],
      ['2', 'does not match schema `vote`'],
      ['3', 'not a JSON object'],
    ])
    expect(dead[0]).toMatchObject({ topic, partition: 0, value: '{"voter_id": "truncated' })
    expect(batches.at(-1)!.position).toEqual({ [topic]: { '0': '5' } })
  })

  it('validates against a schema module named by path', async () => {
    const topic = uniqueName('turnout')
    await produceRaw(brokers, topic, [{ value: '{"state":"Kent","count":3}', partition: 0 }, { value: '{"state":"","count":3}', partition: 0 }])
    const source = createSource({ topics: [topic], groupId: uniqueName('g'), schemaModule: 'plugins/source-kafka/fixture-schema.ts', maxMessages: 2 })
    await source.start!()
    const batches = await drain(source)
    await source.stop!()
    expect(batches.flatMap((b) => b.events)).toEqual([{ state: 'Kent', count: 3 }])
    expect(String(batches.flatMap((b) => b.ports?.dead ?? [])[0]!.reason)).toMatch(/^does not match schema `plugins\/source-kafka\/fixture-schema.ts`: \/state/)
  })

  it('says which module when a schema module cannot be loaded', async () => {
    const source = createSource({ topics: ['unused'], schemaModule: 'plugins/source-kafka/no-such-schema.ts' })
    await expect(source.start!()).rejects.toThrow(/cannot load schemaModule plugins\/source-kafka\/no-such-schema.ts/)
    await source.stop!()
  })

  it('commits offsets only in commit(): a consumer stopped mid-stream and restarted loses nothing', async () => {
    const topic = uniqueName('votes_topic')
    const groupId = uniqueName('g')
    await produceRaw(brokers, topic, votes('v', 300))

    const first = createSource({ topics: [topic], groupId, maxBatchEvents: 20 })
    await first.start!()
    const seen: SourceBatch[] = []
    const reading = first.read(undefined, new AbortController().signal)[Symbol.asyncIterator]()
    for (let i = 0; i < 5; i++) seen.push((await reading.next()).value as SourceBatch)
    await first.commit!(seen[2]!.position)
    // Two batches were read but never committed: the process "dies" here.
    await reading.return?.(undefined)
    await first.stop!()
    const committed = seen[2]!.position as Record<string, Record<string, string>>
    expect(await committedOffsets(groupId, topic)).toEqual(committed[topic])

    const second = createSource({ topics: [topic], groupId, maxBatchEvents: 50, stopWhenIdleMs: 1500 })
    await second.start!()
    const rest = await drain(second)
    await second.stop!()
    const replayed = ids(seen.slice(3))
    const after = ids(rest)
    expect(new Set([...ids(seen.slice(0, 3)), ...after]).size).toBe(300)
    expect(after).toEqual(expect.arrayContaining(replayed))
    expect(after.length).toBe(300 - ids(seen.slice(0, 3)).length)
  })

  it('resumes from a position handed back by the engine, ahead of the group\'s commits', async () => {
    const topic = uniqueName('votes_topic')
    await produceRaw(brokers, topic, votes('p', 10).map((m) => ({ ...m, partition: 0 })))
    const source = createSource({ topics: [topic], groupId: uniqueName('g'), stopWhenIdleMs: 1500 })
    await source.start!()
    const batches = await drain(source, { [topic]: { '0': '7' } })
    await source.stop!()
    expect(ids(batches)).toEqual(['p-7', 'p-8', 'p-9'])
  })

  it('goes on from the group\'s commit when another member read further than the position handed back', async () => {
    const topic = uniqueName('votes_topic')
    const groupId = uniqueName('g')
    await produceRaw(brokers, topic, votes('q', 10).map((m) => ({ ...m, partition: 0 })))
    const admin = new Kafka({ brokers: [brokers], logLevel: logLevel.NOTHING }).admin()
    await admin.connect()
    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '8' }] })
    await admin.disconnect()
    const source = createSource({ topics: [topic], groupId, stopWhenIdleMs: 1500 })
    await source.start!()
    const batches = await drain(source, { [topic]: { '0': '5' } })
    await source.stop!()
    expect(ids(batches)).toEqual(['q-8', 'q-9'])
  })

  it('commits segment starts with segmentSize, so the next reader of a partition starts at one, and names each message\'s segment', async () => {
    const topic = uniqueName('votes_topic')
    const groupId = uniqueName('g')
    await produceRaw(brokers, topic, votes('g', 30).map((m) => ({ ...m, partition: 0 })))
    const first = createSource({ topics: [topic], groupId, segmentSize: 10, metadata: true, maxMessages: 25, maxBatchEvents: 25 })
    await first.start!()
    const [batch] = await drain(first)
    await first.commit!(batch!.position)
    await first.stop!()
    expect(batch!.position).toEqual({ [topic]: { '0': '25' } })
    expect(await committedOffsets(groupId, topic)).toEqual({ '0': '20' })
    expect(batch!.events.map((e) => (e._kafka as { segment: string }).segment)).toEqual([...Array(10).fill('0'), ...Array(10).fill('10'), ...Array(5).fill('20')])
    // A new owner counts segment 20 again from its start.
    const next = createSource({ topics: [topic], groupId, segmentSize: 10, stopWhenIdleMs: 1500 })
    await next.start!()
    const rest = await drain(next)
    await next.stop!()
    expect(ids(rest)).toEqual(Array.from({ length: 10 }, (_, i) => `g-${20 + i}`))
  })

  it('never hands out an offset twice, also when a partition comes back after another member had it', async () => {
    const topic = uniqueName('votes_topic')
    const groupId = uniqueName('g')
    await produceRaw(brokers, topic, Array.from({ length: 3000 }, (_, i) => ({ key: `m-${i}`, value: JSON.stringify({ voter_id: `m-${i}` }), partition: i % 2 })), 2)
    // Nobody commits: a partition that comes back starts at the beginning for the client, so only
    // the member's own memory of what it handed out keeps it from reading it again.
    const settings = { topics: [topic], groupId, metadata: true, maxBatchEvents: 10, queueBatches: 1, sessionTimeoutMs: 6000 }
    const ctxA = createTestContext({ nodeId: 'a', clock: systemClock })
    // Small fetches, so `a` reads both partitions side by side and has read some of whichever moves.
    const a = createSource({ ...settings, maxBytesPerPartition: 1024, stopWhenIdleMs: 4000 }, ctxA)
    await a.start!()
    const fromA: { partition: number; offset: number }[] = []
    const readingA = (async () => {
      for await (const batch of a.read(undefined, new AbortController().signal)) {
        for (const e of batch.events) fromA.push({ partition: (e._kafka as { partition: number }).partition, offset: Number((e._kafka as { offset: string }).offset) })
        await new Promise((resolve) => setTimeout(resolve, 15)) // a slow pipeline: the partitions move while `a` is mid-stream
      }
    })()
    await until(() => fromA.length >= 100, 'member a read its first messages')
    const b = createSource(settings)
    await b.start!()
    const readingB = b.read(undefined, new AbortController().signal)[Symbol.asyncIterator]()
    await readingB.next() // b owns a partition now
    const rebalancesBeforeLeave = ctxA.counters.rebalances ?? 0
    await readingB.return?.(undefined)
    await b.stop!() // … and leaves: `a` gets the partition back
    await readingA
    await a.stop!()
    for (const partition of [0, 1]) {
      const offsets = fromA.filter((m) => m.partition === partition).map((m) => m.offset)
      const back = offsets.findIndex((offset, i) => i > 0 && offset <= offsets[i - 1]!)
      expect(back, `partition ${partition}: offset ${offsets[back]} handed out again after ${offsets[back - 1]}`).toBe(-1)
      expect(offsets.at(-1)).toBe(1499)
    }
    // `a` joined, gave a partition to `b`, and got it back.
    expect(rebalancesBeforeLeave).toBeGreaterThanOrEqual(2)
    expect(ctxA.counters.rebalances).toBeGreaterThan(rebalancesBeforeLeave)
  })

  it('replays the topics from the beginning on every start and commits nothing with replayOnStart', async () => {
    const topic = uniqueName('votes_topic')
    const groupId = uniqueName('g')
    await produceRaw(brokers, topic, votes('s', 40))
    for (let run = 0; run < 2; run++) {
      const source = createSource({ topics: [topic], groupId, replayOnStart: true, stopWhenIdleMs: 1500 })
      await source.start!()
      const batches = await drain(source)
      for (const batch of batches) await source.commit!(batch.position)
      await source.stop!()
      expect(ids(batches).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `s-${i}`).sort())
    }
    expect(await committedOffsets(groupId, topic)).toEqual({})
  })

  it('reports consumer lag per partition and ends after maxMessages exactly', async () => {
    const topic = uniqueName('votes_topic')
    await produceRaw(brokers, topic, votes('l', 100).map((m) => ({ ...m, partition: 1 })))
    const ctx = createTestContext({ nodeId: 'in', clock: systemClock })
    const source = createSource({ topics: [topic], groupId: uniqueName('g'), maxMessages: 30, maxBatchEvents: 30 }, ctx)
    await source.start!()
    const batches = await drain(source)
    await source.stop!()
    expect(ids(batches)).toHaveLength(30)
    expect(batches.at(-1)!.position).toEqual({ [topic]: { '1': '30' } })
    expect(ctx.gauges[`lag.${topic}.1`]).toBe(70)
  })

  it('drains and commits what it handed out before giving partitions to a new group member', async () => {
    const topic = uniqueName('votes_topic')
    const groupId = uniqueName('g')
    await produceRaw(brokers, topic, votes('r', 600))
    let latest: unknown
    let flushes = 0
    const ctxA: TestContext = Object.assign(createTestContext({ nodeId: 'a', clock: systemClock }), {
      flushed: async () => {
        flushes++
        if (latest !== undefined) await a.commit!(latest)
      },
    }) satisfies PluginContext
    const a = createSource({ topics: [topic], groupId, maxBatchEvents: 10, queueBatches: 1, sessionTimeoutMs: 6000, stopWhenIdleMs: 3000 }, ctxA)
    await a.start!()
    const readingA = a.read(undefined, new AbortController().signal)[Symbol.asyncIterator]()
    const fromA: Event[] = []
    for (let i = 0; i < 3; i++) {
      const batch = (await readingA.next()).value as SourceBatch
      fromA.push(...batch.events)
      latest = batch.position
    }
    // `a` is now blocked with a full hand-off; a second member joins and the group rebalances.
    const ctxB = createTestContext({ nodeId: 'b', clock: systemClock })
    const b = createSource({ topics: [topic], groupId, maxBatchEvents: 50, sessionTimeoutMs: 6000, stopWhenIdleMs: 3000 }, ctxB)
    await b.start!()
    const drainB = drain(b)
    await until(() => flushes > 0, 'member a drained before the rebalance')
    const fromB = (await drainB).flatMap((batch) => batch.events)
    for (let r = await readingA.next(); !r.done; r = await readingA.next()) {
      fromA.push(...r.value.events)
      latest = r.value.position
      await a.commit!(latest)
    }
    await Promise.all([a.stop!(), b.stop!()])
    expect(flushes).toBeGreaterThanOrEqual(1)
    // The partitions `b` took are `b`'s to report lag for: `a` reports 0 for them (if it had read any).
    const taken = Object.keys(ctxB.gauges).filter((name) => name.startsWith('lag.'))
    expect(taken.length).toBeGreaterThan(0)
    for (const name of taken) expect(ctxA.gauges[name] ?? 0).toBe(0)
    const all = [...fromA, ...fromB].map((e) => e.voter_id)
    expect(new Set(all).size).toBe(600)
    expect(all.length).toBe(600)
  })
})
