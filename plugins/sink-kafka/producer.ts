/**
 * @module An idempotent Kafka producer (acks=all) that encodes record batches itself: the hot path
 * of kafka-sink. 2.7–3.5 µs of CPU per message against 4.5–5.0 for @platformatic/kafka and ~10 for
 * kafkajs (BENCHMARKS.md, 2026-12-05): under the 2× that would keep it; it goes once tally runs on
 * Node ≥ 22.22 (README.md, The producer).
 */
import { KafkaConnection, type ConnectionOptions } from './kafka-connection.ts'
import { API, decodeInitProducerIdResponse, decodeMetadataResponse, decodeProduceResponse, encodeInitProducerIdRequest, encodeMetadataRequest, encodeProduceRequest, type BrokerAddress } from './kafka-wire.ts'
import { nextSequence, nextSlice, partitionRecords, type Partitioned } from './batching.ts'
import { encodeRecordBatch, type BatchRecord } from './record-batch.ts'
import type { Codec } from './compression.ts'

/** A broker's answer with a Kafka error code; `retryable` as the Java client classifies it (its "retriable"). */
export class KafkaProtocolError extends Error {
  override name = 'KafkaProtocolError'
  readonly code: number
  readonly retryable: boolean

  constructor(message: string, code: number) {
    super(message)
    this.code = code
    this.retryable = retryableCodes.has(code) || resetCodes.has(code)
  }
}

// UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE, NOT_LEADER_OR_FOLLOWER, REQUEST_TIMED_OUT, NETWORK_EXCEPTION,
// COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR, NOT_ENOUGH_REPLICAS(_AFTER_APPEND),
// KAFKA_STORAGE_ERROR, FENCED_LEADER_EPOCH, UNKNOWN_LEADER_EPOCH, CONCURRENT_TRANSACTIONS.
const retryableCodes = new Set([3, 5, 6, 7, 13, 14, 15, 16, 19, 20, 56, 74, 75, 51])
/** OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID, INVALID_PRODUCER_EPOCH: start a new producer session. */
const resetCodes = new Set([45, 59, 47])
const DUPLICATE_SEQUENCE_NUMBER = 46

export interface ProducerOptions {
  brokers: string[]
  clientId: string
  connectTimeoutMs?: number
  requestTimeoutMs?: number
  /** Most bytes of one record batch (one partition of one request); brokers refuse batches over 1 MB by default. */
  maxBatchBytes?: number
  /** Compresses the records of every batch (compression.ts's loadCodec); absent: uncompressed. */
  compression?: Codec
  /** TLS and SASL for every broker connection. */
  security?: Pick<ConnectionOptions, 'tls' | 'sasl'>
}

/** COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR: the broker is still starting up. */
const loadingCodes = new Set([14, 15, 16])

export type ProducerRecord = BatchRecord

export function createProducer(options: ProducerOptions) {
  const maxBatchBytes = options.maxBatchBytes ?? 900_000
  const connections = new Map<string, KafkaConnection>()
  const brokers = new Map<number, BrokerAddress>()
  const leaders = new Map<string, Map<number, number>>()
  const sequences = new Map<string, number>()
  let session: Promise<{ producerId: bigint; producerEpoch: number }> | undefined

  const connectionTo = (host: string, port: number) => {
    const key = `${host}:${port}`
    let connection = connections.get(key)
    if (!connection) {
      connection = new KafkaConnection({ host, port, clientId: options.clientId, connectTimeoutMs: options.connectTimeoutMs ?? 3000, requestTimeoutMs: options.requestTimeoutMs ?? 30_000, ...options.security })
      connections.set(key, connection)
    }
    return connection
  }

  /** Any broker, bootstrap ones first (the first that answers wins). */
  const anyRequest = async (apiKey: number, version: number, body: Buffer): Promise<Buffer> => {
    const addresses = [...options.brokers.map((b) => b.split(':') as [string, string]).map(([host, port]) => ({ host, port: Number(port) })), ...brokers.values()]
    let lastError: unknown
    for (const { host, port } of addresses) {
      try {
        return await connectionTo(host, port).request(apiKey, version, body)
      } catch (error) {
        lastError = error
      }
    }
    throw lastError
  }

  const refreshMetadata = async (topic: string) => {
    const { brokers: found, topics } = decodeMetadataResponse(await anyRequest(API.metadata, 1, encodeMetadataRequest([topic])))
    for (const b of found) brokers.set(b.nodeId, b)
    const meta = topics.find((t) => t.name === topic)
    if (!meta || meta.errorCode !== 0) throw new KafkaProtocolError(`metadata of topic \`${topic}\`: error code ${meta?.errorCode ?? 'missing'}`, meta?.errorCode ?? 3)
    const byPartition = new Map<number, number>()
    for (const p of meta.partitions) byPartition.set(p.index, p.leader)
    leaders.set(topic, byPartition)
    return byPartition
  }

  const startSession = () =>
    (session ??= (async () => {
      for (let attempt = 1; ; attempt++) {
        const answer = decodeInitProducerIdResponse(await anyRequest(API.initProducerId, 0, encodeInitProducerIdRequest()))
        if (answer.errorCode === 0) {
          sequences.clear()
          return answer
        }
        if (!loadingCodes.has(answer.errorCode) || attempt >= 20) throw new KafkaProtocolError(`InitProducerId: error code ${answer.errorCode}`, answer.errorCode)
        // The broker's own start-up, in the broker's time: not the pipeline clock (a manual test clock would never let it pass).
        await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * attempt)))
      }
    })().catch((error: unknown) => {
      session = undefined
      throw error
    }))

  /** One request per leader carrying the next slice of each unfinished partition; `progress` counts records acknowledged per partition. */
  const sendRound = async (topic: string, byPartition: Map<number, Partitioned>, progress: Map<number, number>, partitionLeaders: Map<number, number>) => {
    const { producerId, producerEpoch } = await startSession()
    const perLeader = new Map<number, Map<number, { records: BatchRecord[]; lengths: number[] }>>()
    for (const [partition, all] of byPartition) {
      const slice = nextSlice(all, progress.get(partition) ?? 0, maxBatchBytes)
      if (slice.records.length === 0) continue
      const leader = partitionLeaders.get(partition) ?? -1
      if (!perLeader.has(leader)) perLeader.set(leader, new Map())
      perLeader.get(leader)!.set(partition, slice)
    }
    const errors: KafkaProtocolError[] = []
    await Promise.all([...perLeader].map(async ([leader, partitions]) => {
      const address = brokers.get(leader)
      if (!address) return errors.push(new KafkaProtocolError(`no leader for partitions ${[...partitions.keys()].join(',')} of \`${topic}\``, 5))
      const batches = new Map<number, Buffer>()
      const timestamp = Date.now()
      for (const [partition, { records, lengths }] of partitions) {
        const baseSequence = sequences.get(`${topic}:${partition}`) ?? 0
        batches.set(partition, encodeRecordBatch(records, { producerId, producerEpoch, baseSequence, timestamp, compression: options.compression }, lengths))
      }
      const body = await connectionTo(address.host, address.port).request(API.produce, 8, encodeProduceRequest(topic, batches, -1, options.requestTimeoutMs ?? 30_000))
      for (const { partition, errorCode, message } of decodeProduceResponse(body)) {
        if (errorCode === 0 || errorCode === DUPLICATE_SEQUENCE_NUMBER) {
          const key = `${topic}:${partition}`
          const sent = partitions.get(partition)!.records.length
          sequences.set(key, nextSequence(sequences.get(key) ?? 0, sent))
          progress.set(partition, (progress.get(partition) ?? 0) + sent)
        } else errors.push(new KafkaProtocolError(`produce to \`${topic}\` partition ${partition}: error code ${errorCode}${message ? ` (${message})` : ''}`, errorCode))
      }
    }))
    if (errors.length === 0) return perLeader.size > 0
    if (errors.some((e) => resetCodes.has(e.code))) session = undefined
    throw errors.find((e) => !e.retryable) ?? errors[0]!
  }

  return {
    /** Fetches cluster metadata and a producer id: fails fast when no broker answers. */
    async connect(): Promise<void> {
      await startSession()
    },

    /**
     * Writes `records` to `topic` (keyed records by murmur2 like the Java client, unkeyed ones
     * spread by position) and resolves once every record is acknowledged by all in-sync replicas.
     * Pass the same `progress` when retrying the same records: acknowledged ones are not re-sent,
     * and the rest go out in the same batches with the same sequence numbers (the broker drops
     * a batch it already has).
     */
    async send(topic: string, records: readonly ProducerRecord[], progress: Map<number, number> = new Map()): Promise<void> {
      const partitionLeaders = leaders.get(topic) ?? (await refreshMetadata(topic))
      const byPartition = partitionRecords(records, partitionLeaders.size)
      try {
        while (await sendRound(topic, byPartition, progress, partitionLeaders));
      } catch (error) {
        leaders.delete(topic)
        throw error
      }
    },

    close(): void {
      for (const connection of connections.values()) connection.close()
      connections.clear()
    },
  }
}

export type Producer = ReturnType<typeof createProducer>
