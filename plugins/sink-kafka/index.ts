/** @module Writes each input stream to a Kafka topic as JSON, acknowledged by the broker (acks=all, idempotent producer) before write() resolves. */
import { Type } from '@sinclair/typebox'
import type { Admin } from 'kafkajs'
import { definePlugin, type Event } from '../../core/plugin.ts'
import { createKafka, ensureTopics, parseBrokers, toPluginError } from './client.ts'
import { compressions, compressionUnavailable, loadCodec } from './compression.ts'
import { toMessage, type KafkaMessage } from './message.ts'
import { createProducer, type Producer, type ProducerRecord } from './producer.ts'
import { endOffsets, readBack, type TopicOffsets } from './read-back.ts'
import { ReplayFilter } from './replay-filter.ts'
import { securityOptions, toKafkaSecurity, type KafkaSecurity } from './security-config.ts'

const config = Type.Object(
  {
    brokers: Type.String({ default: '127.0.0.1:9092', description: 'Bootstrap brokers, `host:port` comma-separated (e.g. `${KAFKA_BROKERS:-127.0.0.1:9092}`).' }),
    topics: Type.Record(Type.String(), Type.String({ minLength: 1 }), {
      default: {},
      description: 'Topic per input: upstream node id (or `node.port`) → topic. Inputs not listed go to a topic named after the upstream node.',
    }),
    key: Type.Optional(Type.String({ minLength: 1, description: 'Dot path of the message-key field for every input (e.g. `voter_id`). Missing field: the event\'s `_key` (window group key) if any, else no key.' })),
    keys: Type.Record(Type.String(), Type.String({ minLength: 1 }), { default: {}, description: 'Key field per input (upstream node id → dot path), overriding `key`.' }),
    createTopics: Type.Boolean({ default: true, description: 'Create missing topics (with `partitions` and `replicationFactor`) before the first write to them.' }),
    partitions: Type.Integer({ minimum: 1, default: 3, description: 'Partitions of topics this sink creates.' }),
    replicationFactor: Type.Integer({ minimum: 1, default: 1, description: 'Replication factor of topics this sink creates.' }),
    dedupe: Type.Union([Type.Literal('none'), Type.Literal('key'), Type.Literal('message')], {
      default: 'none',
      description:
        'After a restart from a checkpoint the pipeline sends again what came after it. `key`: a message whose key this sink already wrote to the topic after the checkpoint is not written again (topics with one message per key, such as votes_topic; not changelogs); `message`: the same for equal key and value (deterministic pipelines). Each checkpoint records where the topics end; on resume the sink reads back what follows. Needs a pipeline with a checkpoint store (the postgres sink).',
    }),
    dedupes: Type.Record(Type.String(), Type.Union([Type.Literal('none'), Type.Literal('key'), Type.Literal('message')]), { default: {}, description: '`dedupe` per input (upstream node id → none, key or message), overriding `dedupe`.' }),
    maxBatchBytes: Type.Integer({ minimum: 1024, default: 900_000, description: 'Most bytes per record batch (one partition of one produce request); a larger write goes out as several. Brokers refuse batches over 1 MB by default.' }),
    compression: Type.Union(compressions.map((c) => Type.Literal(c)), {
      default: 'none',
      description:
        'Codec of the record batches written: none, gzip (node:zlib), snappy, lz4 (pure JavaScript, the framing and frame format the Java client reads), zstd (node:zlib: Node ≥ 22.15, Bun, Deno; on Node 20 the sink refuses it at start). Every codec is read back by kafka-source on every runtime.',
    }),
    clientId: Type.Optional(Type.String({ minLength: 1, description: 'Kafka client id (default: `tally-<pipeline>-<node>`).' })),
    ...securityOptions,
  },
  { additionalProperties: false, examples: [{ brokers: '${KAFKA_BROKERS:-127.0.0.1:9092}', topics: { votes: 'votes_topic' }, key: 'voter_id' }] },
)

export default definePlugin({
  name: 'kafka-sink',
  kind: 'sink',
  description: 'Writes each input to a Kafka topic as JSON (metadata keys dropped), keyed by a field; resolves once the broker acknowledged (acks=all, idempotent producer).',
  config,
  ports: { dead: 'events that cannot be encoded as JSON: { reason, event }' },
  metrics: { replaysSkipped: { kind: 'count', description: 'Messages not sent again after a restart, found already written after the checkpoint (`dedupe`).' } },
  create(ctx, options) {
    const topics = options.topics ?? {}
    const keys = options.keys ?? {}
    const dedupes = options.dedupes ?? {}
    const dedupeOf = (input: string) => dedupes[input] ?? options.dedupe ?? 'none'
    /** How a topic's re-sent messages are recognised: its input's `dedupe` (an unmapped topic is named after its input). */
    const dedupeOfTopic = (topic: string) => dedupeOf(Object.entries(topics).find(([, t]) => t === topic)?.[0] ?? topic)
    const clientIdOf = () => options.clientId ?? `tally-${ctx.pipelineName}-${ctx.nodeId}`
    /** Only a sink that dedupes keeps state in checkpoints (where its topics end). */
    const dedupesAnything = [options.dedupe, ...Object.values(dedupes)].some((d) => d !== undefined && d !== 'none')
    let producer: Producer | undefined
    let admin: Admin | undefined
    let security: KafkaSecurity = { secrets: [] }
    /** Set on resume with `dedupe`: what was written after the checkpoint, not to be written again. */
    let replays: ReplayFilter | undefined
    let stopping: Promise<void> | undefined
    const ensured = new Set<string>()
    // A retried write (same events array) resumes after the chunks and partitions the broker already
    // acknowledged, with the same messages (replays already skipped).
    let progress: { events: Event[]; records: ProducerRecord[]; dead: Event[]; acknowledged: Map<number, number> } | undefined

    const ensureTopic = async (topic: string) => {
      if (ensured.has(topic)) return
      if (options.createTopics && admin) await ensureTopics(admin, [topic], options.partitions, options.replicationFactor)
      ensured.add(topic)
    }

    /** The messages of a write: JSON-encodable events, less those a resumed pipeline already wrote. */
    const encode = (events: Event[], topic: string, keyPath: string | undefined) => {
      let messages: KafkaMessage[] = []
      const dead: Event[] = []
      for (const event of events) {
        try {
          messages.push(toMessage(event, keyPath))
        } catch (error) {
          dead.push({ reason: `not JSON-encodable: ${error instanceof Error ? error.message : String(error)}`, event: String(event) })
        }
      }
      if (replays && replays.remaining > 0) {
        const before = messages.length
        messages = replays.unwritten(topic, messages)
        if (messages.length < before) ctx.metrics.count('replaysSkipped', before - messages.length)
      }
      return { records: toRecords(messages), dead }
    }

    /** Where this sink's topics end once the writes before a checkpoint are done: the start of what a resume reads back. */
    const snapshot = async (): Promise<TopicOffsets> => {
      try {
        return await endOffsets(admin!, [...ensured].filter((topic) => dedupeOfTopic(topic) !== 'none'))
      } catch (error) {
        throw toPluginError(error, `kafka-sink \`${ctx.nodeId}\` could not read where its topics end for a checkpoint`)
      }
    }

    const restore = async (state: unknown) => {
      const from = (state ?? {}) as TopicOffsets
      try {
        // A client of its own with the usual retries: joining a new group can take a while on a busy broker.
        const reader = await createKafka({ brokers: parseBrokers(options.brokers), clientId: `${clientIdOf()}-read-back`, log: ctx.log, security })
        const written = await readBack(reader, admin!, from, ctx.log)
        replays = new ReplayFilter((topic) => (dedupeOfTopic(topic) === 'message' ? 'message' : 'key'), written)
        ctx.log.info(`resuming: ${written.length} messages written after the checkpoint are not written again`)
      } catch (error) {
        throw toPluginError(error, `kafka-sink \`${ctx.nodeId}\` could not read back what it wrote after the checkpoint`, options.sasl)
      }
    }

    return {
      ...(dedupesAnything ? { snapshot, restore } : {}),
      async start() {
        // Refused before anything connects, saying which runtimes can.
        const compression = options.compression ?? 'none'
        const unavailable = compressionUnavailable(compression)
        if (unavailable) throw new Error(`kafka-sink \`${ctx.nodeId}\` cannot write with compression ${compression}: ${unavailable}`)
        const codec = await loadCodec(compression)
        const brokers = parseBrokers(options.brokers)
        const clientId = clientIdOf()
        security = toKafkaSecurity(options, `kafka-sink \`${ctx.nodeId}\``)
        // Few client-side retries: an unreachable broker should reach the engine (which retries start) quickly.
        admin = (await createKafka({ brokers, clientId, log: ctx.log, retries: 1, security })).admin()
        producer = createProducer({ brokers, clientId, maxBatchBytes: options.maxBatchBytes, compression: codec, security: { tls: security.tls, sasl: security.sasl } })
        try {
          // The producer first: its errors name the broker (and the user, when authentication fails).
          await producer.connect()
          await admin.connect()
          for (const topic of new Set(Object.values(topics))) await ensureTopic(topic)
        } catch (error) {
          throw toPluginError(error, `kafka-sink \`${ctx.nodeId}\` could not connect to ${options.brokers}`, options.sasl)
        }
      },

      async write(events, input, emit) {
        if (events.length === 0) return
        if (!producer) throw new Error(`kafka-sink \`${ctx.nodeId}\`: write() before start()`)
        const topic = topics[input.from] ?? input.from
        if (progress?.events !== events) progress = { events, ...encode(events, topic, keys[input.from] ?? options.key), acknowledged: new Map() }
        const { records, dead } = progress
        if (dead.length > 0) emit(dead, 'dead')
        try {
          await ensureTopic(topic)
          await producer.send(topic, records, progress.acknowledged)
        } catch (error) {
          throw toPluginError(error, `kafka-sink \`${ctx.nodeId}\` could not write ${records.length} messages to topic \`${topic}\``, options.sasl)
        }
      },

      stop() {
        stopping ??= (async () => {
          producer?.close()
          await admin?.disconnect()
        })()
        return stopping
      },
    }
  },
})

function toRecords(messages: KafkaMessage[]): ProducerRecord[] {
  return messages.map((m) => ({ key: m.key === null ? null : Buffer.from(m.key), value: m.value }))
}
