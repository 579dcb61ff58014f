/** @module Reads what topics hold from given offsets up to their current ends: what a sink wrote after its last checkpoint. */
import { randomUUID } from 'node:crypto'
import type { Admin, Kafka } from 'kafkajs'
import { RetryableError, type Logger } from '../../core/plugin.ts'
import type { WrittenMessage } from './replay-filter.ts'

/** Topic → partition → offset. */
export type TopicOffsets = Record<string, Record<string, string>>

/** Where every partition of `topics` ends now (its high watermark). */
export async function endOffsets(admin: Admin, topics: Iterable<string>): Promise<TopicOffsets> {
  const ends: TopicOffsets = {}
  for (const topic of topics) ends[topic] = Object.fromEntries((await admin.fetchTopicOffsets(topic)).map((p) => [String(p.partition), p.high]))
  return ends
}

/**
 * Every message from `from` to the partitions' current ends, in a consumer group of its own that
 * commits nothing (and is deleted after). Nothing to read: no consumer at all.
 */
export async function readBack(kafka: Kafka, admin: Admin, from: TopicOffsets, log: Logger, timeoutMs = 60_000): Promise<WrittenMessage[]> {
  const ends = await endOffsets(admin, Object.keys(from))
  const left = new Map<string, { topic: string; partition: number; start: string; end: bigint }>()
  for (const [topic, partitions] of Object.entries(from)) {
    for (const [partition, start] of Object.entries(partitions)) {
      const end = ends[topic]?.[partition]
      if (end !== undefined && BigInt(end) > BigInt(start)) left.set(`${topic}/${partition}`, { topic, partition: Number(partition), start, end: BigInt(end) })
    }
  }
  if (left.size === 0) return []
  const groupId = `tally-read-back-${randomUUID()}`
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false, retry: { retries: 5, restartOnFailure: async () => false } })
  const read: WrittenMessage[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    await consumer.connect()
    await consumer.subscribe({ topics: [...new Set([...left.values()].map((r) => r.topic))], fromBeginning: false })
    const done = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new RetryableError(`reading back what was written after the checkpoint took over ${timeoutMs} ms (${left.size} partitions left)`)), timeoutMs)
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error))
      void consumer.run({
        eachBatch: async ({ batch }) => {
          const range = left.get(`${batch.topic}/${batch.partition}`)
          if (!range) return
          for (const m of batch.messages) {
            if (BigInt(m.offset) < BigInt(range.start) || BigInt(m.offset) >= range.end) continue
            read.push({ topic: batch.topic, key: m.key?.toString() ?? null, value: m.value?.toString() ?? null })
          }
          if (BigInt(batch.lastOffset()) + 1n >= range.end) left.delete(`${batch.topic}/${batch.partition}`)
          if (left.size === 0) resolve()
        },
      }).then(() => {
        // Throws when the client crashed meanwhile (the CRASH handler rejects with the reason).
        try {
          for (const r of left.values()) consumer.seek({ topic: r.topic, partition: r.partition, offset: r.start })
        } catch (error) {
          reject(error)
        }
      }, reject)
    })
    await done
    return read
  } finally {
    clearTimeout(timer)
    await consumer.disconnect()
    // Only tidiness: an unused group with no offsets expires on its own.
    await admin.deleteGroups([groupId]).catch((error: unknown) => log.warn(`could not delete the read-back group ${groupId}: ${String(error)}`))
  }
}
