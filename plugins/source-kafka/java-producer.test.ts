import { describe, expect, inject, it } from 'vitest'
import { systemClock } from '../../core/clock.ts'
import type { SourceBatch } from '../../core/plugin.ts'
import { createTestContext } from '../../core/testing/test-context.ts'
import { javaProduce, type JavaCodec } from '../../test/services/kafka-console.ts'
import { produceRaw, uniqueName } from '../sink-kafka/raw-topic.ts'
import { vote } from './fixtures.ts'
import sourcePlugin from './index.ts'

const brokers = inject('KAFKA_BROKERS')
const defaults = { brokers, fromBeginning: true, validate: 'vote', metadata: false, segmentSize: 1, maxBatchEvents: 5000, queueBatches: 4, createTopics: true, partitions: 1, replicationFactor: 1, sessionTimeoutMs: 30_000, maxWaitMs: 100, fetchMinBytes: 1, maxBytesPerPartition: 1_048_576 }

describe('kafka-source reading topics the Java producer wrote', () => {
  it('reads record batches in every codec the Java client writes: gzip, snappy (xerial framing), lz4 (frames), zstd', { timeout: 180_000 }, async () => {
    const codecs: JavaCodec[] = ['gzip', 'snappy', 'lz4', 'zstd']
    const prefix = uniqueName('java')
    const topics = codecs.map((codec) => `${prefix}-${codec}`)
    const votes = (codec: string) => Array.from({ length: 300 }, (_, i) => JSON.stringify({ ...vote, voter_id: `${codec}-${i}` }))
    for (const topic of topics) await produceRaw(brokers, topic, [], 1)
    // One JVM per codec (the console producer takes one), side by side.
    await Promise.all(codecs.map((codec, i) => javaProduce(brokers, topics[i]!, votes(codec), codec)))

    const source = sourcePlugin.create(createTestContext({ nodeId: 'in', clock: systemClock }), { ...defaults, topics, groupId: uniqueName('g'), maxMessages: 1200 } as never)
    await source.start!()
    const batches: SourceBatch[] = []
    try {
      for await (const batch of source.read(undefined, new AbortController().signal)) batches.push(batch)
    } finally {
      await source.stop!()
    }
    expect(batches.flatMap((b) => b.ports?.dead ?? [])).toEqual([])
    const read = batches.flatMap((b) => b.events.map((e) => e.voter_id as string))
    expect(read.sort()).toEqual(codecs.flatMap((codec) => votes(codec).map((v) => JSON.parse(v).voter_id as string)).sort())
  })
})
