/** @module Reads JSON events from Kafka topics as a consumer-group member; offsets are committed only once the pipeline durably wrote the events. */
import { randomUUID } from 'node:crypto'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Type, type TSchema } from '@sinclair/typebox'
import { definePlugin, type Event } from '../../core/plugin.ts'
import { createKafka, ensureTopics, parseBrokers, toPluginError } from '../sink-kafka/client.ts'
import { checkConnection } from '../sink-kafka/connection-check.ts'
import { securityOptions, toKafkaSecurity } from '../sink-kafka/security-config.ts'
import { createKafkaReader, type KafkaReader } from './consumer.ts'
import { compileJsonPick } from '../../core/json-pick.ts'
import { createValidator, type Validator } from './decode.ts'
import { shapes } from './shapes.ts'

const config = Type.Object(
  {
    brokers: Type.String({ default: '127.0.0.1:9092', description: 'Bootstrap brokers, `host:port` comma-separated (e.g. `${KAFKA_BROKERS:-127.0.0.1:9092}`).' }),
    topics: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Topics to consume.' }),
    groupId: Type.Optional(Type.String({ minLength: 1, description: 'Consumer group; processes sharing it split the partitions. Default: `tally-<pipeline>-<node>`.' })),
    fromBeginning: Type.Boolean({ default: true, description: 'Where a group without committed offsets starts: the earliest message (true) or only new ones (false).' }),
    replayOnStart: Type.Boolean({
      default: false,
      description: 'Read the topics from the beginning on every start, in a consumer group of this run\'s own (`<groupId>-<random>`), and commit nothing: for consumers that keep their picture in memory, such as a dashboard.',
    }),
    validate: Type.Union([Type.Literal('none'), Type.Literal('voter'), Type.Literal('vote'), Type.Literal('candidateTotals'), Type.Literal('stateTurnout')], {
      default: 'none',
      description: 'Check each message against a built-in shape of docs/data-contracts.md (voters_topic, votes_topic, aggregated_votes_per_candidate, aggregated_turnout_by_location); failures go to the `dead` port.',
    }),
    schemaModule: Type.Optional(Type.String({ minLength: 1, description: 'Path of a module whose `default` (or `schema`) export is a TypeBox schema to validate against instead of `validate`.' })),
    metadata: Type.Boolean({ default: false, description: 'Add `_kafka: { topic, partition, offset, key, timestamp }` to every event (and with `segmentSize` `segment`, and `part`: `<topic>/<partition>/<segment>`).' }),
    segmentSize: Type.Integer({
      minimum: 1,
      default: 1,
      description:
        'Cut each partition into segments of this many offsets: commits are rounded down to a segment start, so whoever reads a partition next starts at one, and `_kafka.segment` names the first offset of a message\'s segment. Counting per segment makes totals exact however partitions move between processes (see configs/multi-process/README.md). 1: commit exact offsets.',
    }),
    maxBatchEvents: Type.Integer({ minimum: 1, default: 5000, description: 'Most messages per batch handed to the pipeline.' }),
    queueBatches: Type.Integer({ minimum: 1, default: 4, description: 'Batches buffered between the client and the pipeline; when full, fetching pauses (backpressure).' }),
    stopWhenIdleMs: Type.Optional(Type.Integer({ minimum: 0, description: 'End the stream after this long without a message (finite runs and tests). 0 or absent: never (so `${IDLE_STOP_MS:-0}` works in config).' })),
    maxMessages: Type.Optional(Type.Integer({ minimum: 1, description: 'End the stream after this many messages (valid and dead). Default: no limit.' })),
    createTopics: Type.Boolean({ default: true, description: 'Create missing topics (with `partitions` and `replicationFactor`) on start.' }),
    partitions: Type.Integer({ minimum: 1, default: 3, description: 'Partitions of topics this source creates.' }),
    replicationFactor: Type.Integer({ minimum: 1, default: 1, description: 'Replication factor of topics this source creates.' }),
    sessionTimeoutMs: Type.Integer({ minimum: 1000, default: 30_000, description: 'Consumer-group session timeout: how long the group waits for a silent member before moving its partitions.' }),
    maxWaitMs: Type.Integer({ minimum: 0, default: 200, description: 'Longest a fetch waits at the broker for `fetchMinBytes` of new messages: the added latency when traffic is light.' }),
    fetchMinBytes: Type.Integer({ minimum: 1, default: 65_536, description: 'Least bytes a fetch waits for (at most `maxWaitMs`): larger means fewer, fuller fetches (less CPU for consumer and broker) and more latency when traffic is light.' }),
    maxBytesPerPartition: Type.Integer({ minimum: 1024, default: 1_048_576, description: 'Most bytes fetched per partition per request.' }),
    clientId: Type.Optional(Type.String({ minLength: 1, description: 'Kafka client id (default: `tally-<pipeline>-<node>`).' })),
    ...securityOptions,
  },
  { additionalProperties: false, examples: [{ brokers: '${KAFKA_BROKERS:-127.0.0.1:9092}', topics: ['votes_topic'], groupId: 'aggregate', validate: 'vote' }] },
)

export default definePlugin({
  name: 'kafka-source',
  kind: 'source',
  description: 'Consumes JSON messages from Kafka topics in a consumer group; malformed or invalid ones go to `dead`; offsets are committed after the sinks wrote.',
  config,
  ports: { dead: 'messages that are not JSON objects or fail validation: { reason, topic, partition, offset, value }' },
  metrics: {
    lag: { kind: 'gauge', labels: ['topic', 'partition'], description: 'Messages in a partition after what this member read (0 for partitions another member owns now, so members add up to the group).' },
    rebalances: { kind: 'count', description: 'Consumer-group generations this member joined (each restarts its partitions from their commits).' },
    rebalancesWhileIdle: { kind: 'count', description: 'Rebalances the client noticed while no batch was being handled.' },
    redeliveredSkipped: { kind: 'count', description: 'Messages read again after a rebalance and skipped, this member having read them already.' },
    coordinatorWaits: { kind: 'count', description: 'Consumer restarts while the group coordinator was still loading.' },
    commitsSkipped: { kind: 'count', description: 'Checkpoint commits skipped while the consumer was stopped (the next one commits them).' },
    commitsRejected: { kind: 'count', description: 'Commits refused by a rebalance (the new owner re-reads from the last commit).' },
  },
  parallel(options) {
    if (options.replayOnStart) return { reason: '`replayOnStart` reads every partition in a group of its own, so every worker would read everything' }
    if (options.maxMessages !== undefined) return { reason: '`maxMessages` would count per worker' }
    return {
      // Segments make a count of one part by any worker a prefix of it: the greatest is the most complete.
      config: { ...options, metadata: true, segmentSize: options.segmentSize > 1 ? options.segmentSize : 10_000 },
      partBy: [{ field: '_kafka.part', as: 'kafka_part' }],
      position: kafkaPosition,
      ...(options.metadata ? {} : { strip: '_kafka' }),
    }
  },
  create(ctx, options) {
    const name = `tally-${ctx.pipelineName}-${ctx.nodeId}`
    const where = `kafka-source \`${ctx.nodeId}\``
    let reader: KafkaReader | undefined
    let stopping: Promise<void> | undefined

    return {
      async start() {
        const validate = await loadValidator(options.schemaModule, options.validate)
        // Only the fields read downstream are decoded, unless whole messages are validated.
        const parse = validate === undefined && ctx.reads !== undefined ? compileJsonPick(ctx.reads) : undefined
        if (parse) ctx.log.debug?.(`decodes only ${ctx.reads!.length === 0 ? 'the JSON syntax (no field is read)' : ctx.reads!.join(', ')} of each message`)
        const security = toKafkaSecurity(options, where)
        const brokers = parseBrokers(options.brokers)
        const kafka = await createKafka({ brokers, clientId: options.clientId ?? name, log: ctx.log, security })
        const admin = kafka.admin()
        try {
          if (security.tls || security.sasl) await checkConnection(brokers, options.clientId ?? name, security)
          await admin.connect()
          if (options.createTopics) await ensureTopics(admin, options.topics, options.partitions, options.replicationFactor)
          await admin.disconnect()
          const groupId = options.replayOnStart ? `${options.groupId ?? name}-${randomUUID().slice(0, 8)}` : (options.groupId ?? name)
          reader = createKafkaReader(kafka, ctx, { ...options, groupId, fromBeginning: options.fromBeginning || options.replayOnStart, validate, parse, stopWhenIdleMs: options.stopWhenIdleMs || undefined })
          await reader.connect()
        } catch (error) {
          throw toPluginError(error, `${where} could not connect to ${options.brokers}`, options.sasl)
        }
      },
      read(from, signal) {
        if (!reader) throw new Error(`${where}: read() before start()`)
        // A replaying source starts over whatever a checkpoint says.
        return reader.read(options.replayOnStart ? undefined : from, signal)
      },
      async commit(position) {
        if (!options.replayOnStart) await reader?.commit(position)
      },
      stop() {
        stopping ??= (async () => void (await reader?.disconnect()))()
        return stopping
      },
    }
  },
})

/** Where an event was read: `_kafka` of a message, the topic, partition and offset of a dead letter. */
function kafkaPosition(event: Event, port: string): { part: string; offset: number } | undefined {
  const at = (port === 'dead' ? event : event._kafka) as { topic?: unknown; partition?: unknown; offset?: unknown } | undefined
  if (typeof at?.topic !== 'string' || typeof at.partition !== 'number' || typeof at.offset !== 'string') return undefined
  return { part: `${at.topic}/${at.partition}`, offset: Number(at.offset) }
}

/** The validator the options ask for: a schema module, a built-in shape, or none. */
async function loadValidator(schemaModule: string | undefined, shape: keyof typeof shapes | 'none'): Promise<Validator | undefined> {
  if (schemaModule !== undefined) {
    const url = pathToFileURL(resolve(schemaModule)).href
    const loaded = (await import(url).catch((error: unknown) => {
      throw new Error(`kafka-source: cannot load schemaModule ${schemaModule} (${url})`, { cause: error })
    })) as { default?: TSchema; schema?: TSchema }
    const schema = loaded.default ?? loaded.schema
    if (typeof schema !== 'object' || schema === null) throw new Error(`kafka-source: schemaModule ${schemaModule} exports neither \`default\` nor \`schema\` (export a TypeBox schema)`)
    return createValidator(schema, schemaModule)
  }
  return shape === 'none' ? undefined : createValidator(shapes[shape], shape)
}
