/** @module Test support: reads and writes topics with a plain kafkajs client, as any non-tally Kafka client would. */
import { randomUUID } from 'node:crypto'
import * as kafkajs from 'kafkajs'
import { Kafka, logLevel } from 'kafkajs'
import { registerKafkajsCodecs } from './kafkajs-codecs.ts'

export interface RawRecord {
  partition: number
  offset: string
  key: string | null
  value: string | null
}

/** A topic (or group) name no other test uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`
}

function client(brokers: string): Kafka {
  registerKafkajsCodecs(kafkajs)
  return new Kafka({ clientId: 'tally-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING })
}

/** Every message of `topic`, by partition and offset, once the topic holds at least `count` (or throws after `timeoutMs`). */
export async function readTopic(brokers: string, topic: string, count: number, timeoutMs = 30_000): Promise<RawRecord[]> {
  const admin = client(brokers).admin()
  await admin.connect()
  const deadline = Date.now() + timeoutMs
  try {
    for (;;) {
      const ends = await admin.fetchTopicOffsets(topic)
      const total = ends.reduce((n, p) => n + Number(p.high) - Number(p.low), 0)
      if (total >= count) break
      if (Date.now() > deadline) throw new Error(`readTopic: ${topic} holds ${total} messages, expected ${count} within ${timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  } finally {
    await admin.disconnect()
  }
  const consumer = client(brokers).consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 100 })
  const records: RawRecord[] = []
  await consumer.connect()
  await consumer.subscribe({ topic, fromBeginning: true })
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`readTopic: read ${records.length} of ${count} messages of ${topic} within ${timeoutMs} ms`)), timeoutMs)
    consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({ partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null })
        if (records.length >= count) {
          clearTimeout(timer)
          resolve()
        }
      },
    }).catch(reject)
  })
  try {
    await done
  } finally {
    await consumer.disconnect()
  }
  return records.sort((a, b) => a.partition - b.partition || Number(a.offset) - Number(b.offset))
}

/** Writes raw values (anything, malformed JSON included) to `topic`, created with `partitions`. */
export async function produceRaw(brokers: string, topic: string, messages: { key?: string; value: string | null; partition?: number }[], partitions = 3): Promise<void> {
  const kafka = client(brokers)
  const admin = kafka.admin()
  await admin.connect()
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions }] })
  await admin.disconnect()
  const producer = kafka.producer()
  await producer.connect()
  await producer.send({ topic, acks: -1, messages: messages.map((m) => ({ key: m.key ?? null, value: m.value, partition: m.partition })) })
  await producer.disconnect()
}
