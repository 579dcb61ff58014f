import { Kafka, logLevel } from 'kafkajs'
import { describe, expect, inject, it } from 'vitest'
import { isTransientKafkaError } from './client.ts'
import { KafkaConnection, KafkaConnectionError } from './kafka-connection.ts'
import { createProducer } from './producer.ts'
import { produceRaw, readTopic, uniqueName } from './raw-topic.ts'

const brokers = inject('KAFKA_BROKERS')

/** How many messages the topic holds (sum of partition high watermarks). */
async function messagesIn(topic: string): Promise<number> {
  const admin = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING }).admin()
  await admin.connect()
  const offsets = await admin.fetchTopicOffsets(topic)
  await admin.disconnect()
  return offsets.reduce((n, p) => n + Number(p.high), 0)
}

describe('the idempotent producer against a real broker', () => {
  it('does not duplicate a batch whose acknowledgement was lost when the same write is retried', async () => {
    const topic = uniqueName('lost_ack')
    await produceRaw(brokers, topic, [], 1)
    const producer = createProducer({ brokers: brokers.split(','), clientId: 'tally-test' })
    await producer.connect()
    const records = Array.from({ length: 50 }, (_, i) => ({ key: Buffer.from(`k${i}`), value: JSON.stringify({ n: i }) }))
    const request = KafkaConnection.prototype.request
    let lose = true
    // The broker stores the batch, then the connection drops before the answer arrives.
    KafkaConnection.prototype.request = async function (this: KafkaConnection, apiKey, version, body) {
      const answer = await request.call(this, apiKey, version, body)
      if (apiKey !== 0 || !lose) return answer
      lose = false
      throw new KafkaConnectionError('connection lost before the produce answer (simulated)', 'ECONNRESET')
    }
    const progress = new Map<number, number>()
    try {
      const error = await producer.send(topic, records, progress).then(() => undefined, (e: unknown) => e)
      expect(isTransientKafkaError(error)).toBe(true)
      await producer.send(topic, records, progress)
    } finally {
      KafkaConnection.prototype.request = request
      producer.close()
    }
    expect(await messagesIn(topic)).toBe(50)
    expect((await readTopic(brokers, topic, 50)).map((r) => r.value)).toEqual(records.map((r) => r.value))
  })

  it('names the broker when none answers', async () => {
    const producer = createProducer({ brokers: ['127.0.0.1:1'], clientId: 'tally-test', connectTimeoutMs: 500 })
    const error = await producer.connect().then(() => undefined, (e: unknown) => e)
    producer.close()
    expect(isTransientKafkaError(error)).toBe(true)
    expect(String((error as Error).message)).toContain('127.0.0.1:1')
  })
})
