import { describe, expect, inject, it } from 'vitest'
import type { SinkInstance } from '../../core/plugin.ts'
import { createTestContext } from '../../core/testing/test-context.ts'
import { javaConsume } from '../../test/services/kafka-console.ts'
import { vote } from '../source-kafka/fixtures.ts'
import { compressionUnavailable, type Compression } from './compression.ts'
import sinkPlugin from './index.ts'
import { uniqueName } from './raw-topic.ts'

const brokers = inject('KAFKA_BROKERS')
const emit = () => undefined

function createSink(topic: string, compression: Compression): SinkInstance {
  return sinkPlugin.create(createTestContext({ nodeId: 'out' }), { brokers, topics: { votes: topic }, keys: {}, key: 'voter_id', createTopics: true, partitions: 3, replicationFactor: 1, maxBatchBytes: 900_000, compression } as never)
}

describe('kafka-sink writing topics the Java consumer reads', () => {
  const zstd = compressionUnavailable('zstd')
  it(`compresses record batches with gzip, snappy, lz4${zstd ? '' : ' and zstd'} as the Java client reads them${zstd ? ', and refuses zstd at start on this runtime, saying where it works' : ''}`, { timeout: 180_000 }, async () => {
    const prefix = uniqueName('java')
    const codecs: Compression[] = zstd ? ['gzip', 'snappy', 'lz4'] : ['gzip', 'snappy', 'lz4', 'zstd']
    const votes = (codec: string) => Array.from({ length: 300 }, (_, i) => ({ ...vote, voter_id: `${codec}-${i}` }))
    for (const codec of codecs) {
      const sink = createSink(`${prefix}-${codec}`, codec)
      await sink.start!()
      await sink.write(votes(codec), { role: 'in', from: 'votes' }, emit)
      await sink.stop!()
    }
    const values = await javaConsume(brokers, `${prefix}-.*`, codecs.length * 300)
    expect(values.map((v) => JSON.parse(v).voter_id as string).sort()).toEqual(codecs.flatMap((codec) => votes(codec).map((v) => v.voter_id)).sort())
    if (zstd) {
      const sink = createSink(`${prefix}-zstd`, 'zstd')
      await expect(sink.start!()).rejects.toThrow(`kafka-sink \`out\` cannot write with compression zstd: ${zstd}`)
      await sink.stop!()
    }
  })
})
